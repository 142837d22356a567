import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { roleProps } from '../../components/a11y';
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
      <Button
        className="btn btn--primary"
        id="use-internet"
        onClick={() => Taro.redirectTo({ url: '/pages/query/index' })}
        {...roleProps('button')}
      >
        {t.phoneCards.useInternet}
      </Button>
    </PageShell>
  );
}
