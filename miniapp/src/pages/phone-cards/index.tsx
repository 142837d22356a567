import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ActionButton } from '../../components/action-button';
import { PageShell } from '../../components/page-shell';
import { usePrefs } from '../../hooks/use-prefs';
import './index.css';

/** Phone cards is a separate service: this page says where to get it and offers the way back. */
export default function PhoneCardsPage() {
  const ui = usePrefs();
  const { t } = ui;
  return (
    <PageShell ui={ui} title={t.phoneCards.title}>
      <View className="card">
        {t.phoneCards.body.map((line) => (
          <Text className="paragraph" key={line}>
            {line}
          </Text>
        ))}
      </View>
      <ActionButton
        id="use-internet"
        kind="primary"
        onClick={() => Taro.redirectTo({ url: '/pages/query/index' })}
      >
        {t.phoneCards.useInternet}
      </ActionButton>
    </PageShell>
  );
}
