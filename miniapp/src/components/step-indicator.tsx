import { Text, View } from '@tarojs/components';
import type { Strings } from '../i18n/strings';
import { roleProps } from './a11y';

export type StepState = 'done' | 'current' | 'failed' | 'todo';

/**
 * The three steps of every query (填写 → 核验 → 短信回复) with where this one stands. Each step says
 * its state in words and with a mark (✓, ✗, the step number), not by colour alone (MIIT rules).
 */
export function StepIndicator({ t, states }: { t: Strings; states: [StepState, StepState, StepState] }) {
  const said: Record<StepState, string> = {
    done: t.result.stepDone,
    current: t.result.stepCurrent,
    failed: t.result.stepFailed,
    todo: '',
  };
  return (
    <View className="steps" id="steps" {...roleProps('list')}>
      {t.result.steps.map((label, index) => {
        const state = states[index] ?? 'todo';
        const mark = state === 'done' ? '✓' : state === 'failed' ? '✗' : String(index + 1);
        return (
          <View className={`steps__step steps__step--${state}`} key={label} {...roleProps('listitem')}>
            <Text className="steps__mark">{mark}</Text>
            <Text className="steps__label">{label}</Text>
            {said[state] ? <Text className="steps__state">{said[state]}</Text> : null}
          </View>
        );
      })}
    </View>
  );
}
