import { Text } from '@tarojs/components';
import { EntryLink } from '../../components/entry-link';
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
      <EntryLink id="entry-occ" title={t.home.occEntry} hint={t.home.occEntryHint} url="/pages/occ/index" />
      <EntryLink
        id="entry-my-queries"
        title={t.myQueriesEntry}
        hint={t.myQueriesHint}
        url="/pages/queries/index"
      />
      <EntryLink id="entry-guide" title={t.home.guideEntry} hint={t.guideHint} url="/pages/guide/index" />
    </PageShell>
  );
}
