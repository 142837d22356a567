import { findCompany, type QuerySummary } from '@occ/shared';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { roleProps } from '../../components/a11y';
import { ActionButton } from '../../components/action-button';
import { PageShell } from '../../components/page-shell';
import { formatLocalTime } from '../../components/problem-text';
import { useMyQueries } from '../../hooks/use-my-queries';
import { usePrefs } from '../../hooks/use-prefs';
import { RESULT_STATE } from '../../i18n/strings';
import './index.css';

/** My queries: the user's queries of the last 30 days, each opening its result. */
export default function MyQueriesPage() {
  const ui = usePrefs();
  const { t, prefs } = ui;
  const { queries, details, unreachable, reload } = useMyQueries();
  const english = prefs.locale === 'en';

  const entry = (query: QuerySummary) => {
    const view = details[query.queryId];
    const found = (view?.companies ?? []).filter((company) => (company.count ?? 0) > 0);
    const total = found.reduce((sum, company) => sum + (company.count ?? 0), 0);
    const names = found.map((company) => {
      const registered = findCompany(company.id);
      const name = registered ? (english ? registered.name.en : registered.name.zh) : company.id;
      return t.queries.companyCount(name, company.count ?? 0);
    });
    return (
      <View
        className="card entry"
        id={`query-${query.queryId}`}
        key={query.queryId}
        onClick={() => Taro.navigateTo({ url: `/pages/submitted/index?id=${query.queryId}` })}
        {...roleProps('link')}
      >
        <Text className="entry__name">{`${query.phoneMasked}  ${t.result.title[RESULT_STATE[query.status]]}`}</Text>
        <Text className="muted">
          {t.queries.submittedAt(formatLocalTime(Date.parse(query.acceptedAt), prefs.locale))}
        </Text>
        {view ? <Text className="card__title">{t.result.total(total)}</Text> : null}
        {names.length > 0 ? <Text>{t.queries.withAccounts(names.join(t.unbind.listSeparator))}</Text> : null}
        <Text className="result-row__link">{`${t.queries.open} >`}</Text>
      </View>
    );
  };

  return (
    <PageShell ui={ui} title={t.queries.title}>
      <Text className="muted">{t.queries.intro}</Text>
      {queries === undefined && !unreachable ? (
        <Text className="notice notice--info" id="queries-loading" {...roleProps('status')}>
          {t.queries.loading}
        </Text>
      ) : null}
      {unreachable ? (
        <View className="notice notice--error" id="queries-error" {...roleProps('alert')}>
          <Text className="paragraph">{t.queries.loadError}</Text>
          <ActionButton id="queries-retry" onClick={reload}>
            {t.result.retry}
          </ActionButton>
        </View>
      ) : null}
      {queries?.length === 0 ? (
        <View className="card" id="queries-empty">
          <Text className="paragraph">{t.queries.empty}</Text>
          <ActionButton
            id="start-query"
            kind="primary"
            onClick={() => Taro.navigateTo({ url: '/pages/query/index' })}
          >
            {t.queries.startQuery}
          </ActionButton>
        </View>
      ) : null}
      {queries?.map(entry)}
    </PageShell>
  );
}
