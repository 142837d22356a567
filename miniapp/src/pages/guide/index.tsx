import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { roleProps } from '../../components/a11y';
import { ActionButton } from '../../components/action-button';
import { PageShell } from '../../components/page-shell';
import { usePrefs } from '../../hooks/use-prefs';
import './index.css';

/** How to use the service, and its notes. */
export default function GuidePage() {
  const ui = usePrefs();
  const { t } = ui;
  return (
    <PageShell ui={ui} title={t.guide.title}>
      <View className="card">
        <View className="card__title" {...roleProps('heading', { level: '2' })}>
          <Text>{t.guide.howTitle}</Text>
        </View>
        {t.guide.howSteps.map((step, index) => (
          <Text className="steps__item" key={step}>
            {`${index + 1}. ${step}`}
          </Text>
        ))}
      </View>
      <View className="card" id="guide-notes">
        <View className="card__title" {...roleProps('heading', { level: '2' })}>
          <Text>{t.guide.notesTitle}</Text>
        </View>
        {t.guide.notes.map((note, index) => (
          <Text className="steps__item" key={note}>
            {`${index + 1}. ${note}`}
          </Text>
        ))}
      </View>
      <ActionButton
        id="start-query"
        kind="primary"
        onClick={() => Taro.navigateTo({ url: '/pages/query/index' })}
      >
        {t.guide.startQuery}
      </ActionButton>
    </PageShell>
  );
}
