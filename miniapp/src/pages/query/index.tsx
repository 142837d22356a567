import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { type ReactNode, useEffect } from 'react';
import { inputLabel, roleProps } from '../../components/a11y';
import { ActionButton } from '../../components/action-button';
import { PageShell } from '../../components/page-shell';
import { formatLocalTime, problemText } from '../../components/problem-text';
import { revealElement } from '../../components/reveal';
import { StepIndicator } from '../../components/step-indicator';
import { usePrefs } from '../../hooks/use-prefs';
import { type Problem, type QueryField, useQueryForm } from '../../hooks/use-query-form';
import { rememberAccepted } from '../../services/last-query';
import './index.css';

type InputType = 'number' | 'idcard' | 'text';

/**
 * A browser's `type="number"` drops what people paste (`+86`, spaces, full-width digits) before
 * the shared normalizer sees it: there the number and the code are text inputs that ask for the
 * phone keypad. The mini programs keep their own number keyboard.
 */
const BROWSER_KEYBOARD: Record<QueryField, Record<string, string>> = {
  phone: { inputMode: 'tel', autoComplete: 'tel-national' },
  idSuffix: { autoComplete: 'off' },
  code: { inputMode: 'numeric', autoComplete: 'one-time-code' },
};

/** The query form: number, ID suffix, SMS code, the two consents, submit. */
export default function QueryPage() {
  const ui = usePrefs();
  const { t, prefs } = ui;
  const form = useQueryForm((accepted) => {
    rememberAccepted(accepted);
    Taro.redirectTo({ url: `/pages/submitted/index?id=${encodeURIComponent(accepted.queryId)}` });
  });
  const { state } = form;

  const field = (
    name: QueryField,
    label: string,
    placeholder: string,
    type: InputType,
    maxlength: number,
    beside?: ReactNode,
  ) => {
    const problem = state.fieldProblems[name];
    return (
      <View className="field">
        <Text className="field__label">{label}</Text>
        <View className="field__row">
          <Input
            className={problem ? 'field__input field__input--invalid' : 'field__input'}
            id={`input-${name}`}
            type={process.env.TARO_ENV === 'h5' ? 'text' : type}
            maxlength={maxlength}
            placeholder={placeholder}
            value={state.values[name]}
            onInput={(event) => form.setValue(name, event.detail.value)}
            onBlur={(event) => form.blur(name, event.detail.value ?? state.values[name])}
            {...inputLabel(label, BROWSER_KEYBOARD[name])}
          />
          {beside}
        </View>
        {problem ? (
          <Text className="field__error" id={`error-${name}`} {...roleProps('alert')}>
            {problemText(problem, prefs.locale, t)}
          </Text>
        ) : null}
      </View>
    );
  };

  const consentRow = (which: 'privacy' | 'sensitive', text: string) => {
    const checked = state.consent[which];
    return (
      <View
        className="consent"
        id={`consent-${which}`}
        onClick={() => form.toggleConsent(which)}
        {...roleProps('checkbox', { checked })}
      >
        <View className={checked ? 'consent__box consent__box--checked' : 'consent__box'}>
          <Text>{checked ? '✓' : ''}</Text>
        </View>
        <Text>{text}</Text>
      </View>
    );
  };

  // Every answer to a tap is brought into view where it appears.
  useEffect(() => {
    if (state.answered) revealElement(state.answered.id);
  }, [state.answered]);

  /**
   * A problem in words, with the action that may help: the same request again, or (for a number
   * queried in the last 24 hours) the way to that query's result instead of a new query.
   */
  const problemBox = (id: string, problem: Problem) => (
    <View className="notice notice--error" id={id} {...roleProps('alert')}>
      <Text className="paragraph" id={`${id}-text`}>
        {problemText(problem, prefs.locale, t)}
      </Text>
      {problem.retry ? (
        <ActionButton id={`${id}-retry`} onClick={problem.retry}>
          {t.query.retry}
        </ActionButton>
      ) : null}
      {problem.code === 'QUERY_COOLDOWN' ? (
        <ActionButton
          id={`${id}-my-queries`}
          onClick={() => Taro.navigateTo({ url: '/pages/queries/index' })}
        >
          {t.myQueriesEntry}
        </ActionButton>
      ) : null}
    </View>
  );

  const resendWait = state.resendSecondsLeft > 0;
  const codeDisabled = resendWait || state.busy === 'code';
  const { codeStatus } = state;
  return (
    <PageShell ui={ui} title={t.query.title}>
      <StepIndicator t={t} states={['current', 'todo', 'todo']} />
      <Text className="muted">{t.query.intro}</Text>
      {field('phone', t.query.phoneLabel, t.query.phonePlaceholder, 'number', 20)}
      {field('idSuffix', t.query.idSuffixLabel, t.query.idSuffixPlaceholder, 'idcard', 8)}
      {field(
        'code',
        t.query.codeLabel,
        t.query.codePlaceholder,
        'number',
        8,
        <Button
          className={resendWait ? 'field__code-btn field__code-btn--wait' : 'field__code-btn'}
          id="get-code"
          disabled={codeDisabled}
          onClick={() => void form.getCode()}
          {...roleProps('button', { disabled: codeDisabled })}
        >
          {state.busy === 'code'
            ? t.query.sending
            : resendWait
              ? t.query.resendIn(state.resendSecondsLeft)
              : t.query.getCode}
        </Button>,
      )}
      {codeStatus?.kind === 'sent' ? (
        <Text className="notice notice--ok" id="code-status" {...roleProps('status')}>
          {t.query.codeSent(codeStatus.phoneMasked, formatLocalTime(codeStatus.validUntilMs, prefs.locale))}
        </Text>
      ) : null}
      {codeStatus?.kind === 'problem' ? problemBox('code-status', codeStatus.problem) : null}
      <View className="card" id="privacy">
        <View className="card__title" {...roleProps('heading', { level: '2' })}>
          <Text>{t.query.privacyTitle}</Text>
        </View>
        <Text className="paragraph">{t.query.privacyText}</Text>
        {consentRow('privacy', t.query.consentPrivacy)}
        {consentRow('sensitive', t.query.consentSensitive)}
        {state.consentMissing ? (
          <Text className="field__error" id="error-consent" {...roleProps('alert')}>
            {t.query.consentMissing}
          </Text>
        ) : null}
      </View>
      {state.banner ? problemBox('banner', state.banner) : null}
      <Text className="muted" id="submit-note">
        {t.query.submitNote}
      </Text>
      <Button
        className={state.busy === 'submit' ? 'btn btn--primary btn--busy' : 'btn btn--primary'}
        id="submit"
        disabled={state.busy === 'submit'}
        onClick={() => void form.submit()}
        {...roleProps('button')}
      >
        {state.busy === 'submit' ? t.query.submitting : t.query.submit}
      </Button>
    </PageShell>
  );
}
