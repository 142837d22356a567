import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { roleProps } from '../../components/a11y';
import { PageShell } from '../../components/page-shell';
import { usePrefs } from '../../hooks/use-prefs';
import './index.css';

/** One Card Check: Internet accounts (this service) or phone cards (a separate one). */
export default function OccPage() {
  const ui = usePrefs();
  const { t } = ui;
  const go = (url: string) => () => Taro.navigateTo({ url });
  return (
    <PageShell ui={ui} title={t.occ.title}>
      <Text className="muted">{t.occ.intro}</Text>
      <View className="entry" id="entry-internet" onClick={go('/pages/query/index')} {...roleProps('link')}>
        <Text className="entry__name">{t.occ.internetAccounts}</Text>
        <Text className="muted">{t.occ.internetAccountsHint}</Text>
      </View>
      <View
        className="entry"
        id="entry-phone-cards"
        onClick={go('/pages/phone-cards/index')}
        {...roleProps('link')}
      >
        <Text className="entry__name">{t.occ.phoneCards}</Text>
        <Text className="muted">{t.occ.phoneCardsHint}</Text>
      </View>
      <View className="entry" id="entry-unbind" onClick={go('/pages/unbind/index')} {...roleProps('link')}>
        <Text className="entry__name">{t.occ.unbindEntry}</Text>
      </View>
      <View className="entry" id="entry-guide" onClick={go('/pages/guide/index')} {...roleProps('link')}>
        <Text className="entry__name">{t.occ.guideEntry}</Text>
      </View>
    </PageShell>
  );
}
