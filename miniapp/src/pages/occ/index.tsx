import { Text } from '@tarojs/components';
import { EntryLink } from '../../components/entry-link';
import { PageShell } from '../../components/page-shell';
import { usePrefs } from '../../hooks/use-prefs';
import './index.css';

/** One Card Check: Internet accounts (this service) or phone cards (a separate one). */
export default function OccPage() {
  const ui = usePrefs();
  const { t } = ui;
  return (
    <PageShell ui={ui} title={t.occ.title}>
      <Text className="muted">{t.occ.intro}</Text>
      <EntryLink
        id="entry-internet"
        title={t.occ.internetAccounts}
        hint={t.occ.internetAccountsHint}
        url="/pages/query/index"
      />
      <EntryLink
        id="entry-phone-cards"
        title={t.occ.phoneCards}
        hint={t.occ.phoneCardsHint}
        url="/pages/phone-cards/index"
      />
      <EntryLink id="entry-unbind" title={t.occ.unbindEntry} hint={t.unbindHint} url="/pages/unbind/index" />
      <EntryLink
        id="entry-my-queries"
        title={t.myQueriesEntry}
        hint={t.myQueriesHint}
        url="/pages/queries/index"
      />
      <EntryLink id="entry-guide" title={t.occ.guideEntry} hint={t.guideHint} url="/pages/guide/index" />
    </PageShell>
  );
}
