import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { roleProps } from '../../components/a11y';
import { PageShell } from '../../components/page-shell';
import { usePrefs } from '../../hooks/use-prefs';
import './index.css';

/** Government Services: where the official-account menu lands. */
export default function HomePage() {
  const ui = usePrefs();
  const { t } = ui;
  return (
    <PageShell ui={ui} title={t.home.title} showHome={false}>
      <Text className="muted">{t.home.intro}</Text>
      <View
        className="entry"
        id="entry-occ"
        onClick={() => Taro.navigateTo({ url: '/pages/occ/index' })}
        {...roleProps('link')}
      >
        <Text className="entry__name">{t.home.occEntry}</Text>
        <Text className="muted">{t.home.occEntryHint}</Text>
      </View>
      <View
        className="entry"
        id="entry-guide"
        onClick={() => Taro.navigateTo({ url: '/pages/guide/index' })}
        {...roleProps('link')}
      >
        <Text className="entry__name">{t.home.guideEntry}</Text>
      </View>
    </PageShell>
  );
}
