import { type CompanyProgress, findCompany, QUERY_COOLDOWN_SECONDS, SMS_PORT } from '@occ/shared';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { roleProps } from '../../components/a11y';
import { ActionButton } from '../../components/action-button';
import { PageShell } from '../../components/page-shell';
import { formatLocalTime } from '../../components/problem-text';
import { StepIndicator, type StepState } from '../../components/step-indicator';
import { usePrefs } from '../../hooks/use-prefs';
import { useQueryProgress } from '../../hooks/use-query-progress';
import { RESULT_STATE, type ResultState } from '../../i18n/strings';
import { recallAccepted } from '../../services/last-query';
import './index.css';

const STEPS: Record<ResultState, [StepState, StepState, StepState] | undefined> = {
  loading: ['done', 'current', 'todo'],
  inProgress: ['done', 'current', 'todo'],
  completed: ['done', 'done', 'done'],
  rejected: ['done', 'failed', 'todo'],
  failed: ['done', 'done', 'failed'],
  notFound: undefined,
};

const NOTICE_CLASS: Record<ResultState, string> = {
  loading: 'notice notice--info',
  inProgress: 'notice notice--info',
  completed: 'notice notice--ok',
  rejected: 'notice',
  failed: 'notice notice--error',
  notFound: 'notice',
};

/**
 * The result of a query: the title, the notice and the main action follow its state (in progress,
 * completed, rejected, failed, not found); companies with accounts stand out, each opening its own
 * card on the unbinding page.
 */
export default function ResultPage() {
  const ui = usePrefs();
  const { t, prefs } = ui;
  const queryId = useRouter().params.id;
  const { view, problem, retry } = useQueryProgress(queryId);
  const summary = view ?? (queryId ? recallAccepted(queryId) : undefined);
  const state: ResultState =
    problem === 'notFound' ? 'notFound' : summary ? RESULT_STATE[summary.status] : 'loading';
  const english = prefs.locale === 'en';
  const at = (iso: string | undefined) => formatLocalTime(iso ? Date.parse(iso) : Date.now(), prefs.locale);
  const queryAgainAtMs = summary ? Date.parse(summary.acceptedAt) + QUERY_COOLDOWN_SECONDS * 1000 : 0;
  const mayQueryAgain = (state === 'rejected' || state === 'failed') && Date.now() >= queryAgainAtMs;

  const notice = summary
    ? {
        loading: t.result.loading,
        inProgress: t.result.inProgress(SMS_PORT, summary.phoneMasked, at(summary.replyBy)),
        completed: t.result.completed(
          SMS_PORT,
          summary.phoneMasked,
          at(view?.smsSentAt ?? view?.completedAt),
        ),
        rejected: t.result.rejected(summary.phoneMasked, formatLocalTime(queryAgainAtMs, prefs.locale)),
        failed: t.result.failed(formatLocalTime(queryAgainAtMs, prefs.locale)),
        notFound: t.result.notFound,
      }[state]
    : state === 'notFound'
      ? t.result.notFound
      : t.result.loading;

  const companyRow = (company: CompanyProgress) => {
    const registered = findCompany(company.id);
    const name = registered ? (english ? registered.name.en : registered.name.zh) : company.id;
    const id = `progress-${company.id}`;
    if (company.count !== undefined && company.count > 0) {
      return (
        <View
          className="result-row result-row--found"
          id={id}
          key={company.id}
          onClick={() => Taro.navigateTo({ url: `/pages/unbind/index?company=${company.id}` })}
          {...roleProps('link')}
        >
          <Text className="result-row__name">{name}</Text>
          <Text className="result-row__count">{t.result.countLabel(company.count)}</Text>
          <Text className="badge">{t.result.hasAccounts}</Text>
          <Text className="result-row__link">{`${t.result.howToUnbind} >`}</Text>
        </View>
      );
    }
    const words = company.count === 0 ? t.result.noAccounts : t.result.companyStatus[company.status];
    return (
      <View
        className={`result-row result-row--${company.count === 0 ? 'none' : company.status}`}
        id={id}
        key={company.id}
      >
        <Text className="result-row__name">{name}</Text>
        <Text className="result-row__status">{words}</Text>
      </View>
    );
  };

  const companies = view?.companies ?? [];
  const total = companies.reduce((sum, company) => sum + (company.count ?? 0), 0);
  const steps = STEPS[state];

  return (
    <PageShell ui={ui} title={t.result.title[state]}>
      {steps ? <StepIndicator t={t} states={steps} /> : null}
      <View
        className={NOTICE_CLASS[state]}
        id="result-notice"
        {...roleProps(state === 'notFound' ? 'alert' : 'status')}
      >
        <Text>{notice}</Text>
      </View>
      {summary ? (
        <Text className="muted" id="phone-masked">
          {t.result.numberLabel + summary.phoneMasked}
        </Text>
      ) : null}
      {companies.length > 0 ? (
        <View className="card" id="progress" {...roleProps('region', { label: t.result.progressTitle })}>
          <View className="card__title" {...roleProps('heading', { level: '2' })}>
            <Text>{state === 'completed' ? t.result.resultsTitle : t.result.progressTitle}</Text>
          </View>
          {companies.map(companyRow)}
          {state === 'completed' ? (
            <Text className="card__title" id="total-count">
              {t.result.total(total)}
            </Text>
          ) : null}
        </View>
      ) : null}
      {problem === 'unreachable' ? (
        <View className="notice notice--error" id="progress-error" {...roleProps('alert')}>
          <Text className="paragraph">{t.result.loadError}</Text>
          <ActionButton id="progress-retry" onClick={retry}>
            {t.result.retry}
          </ActionButton>
        </View>
      ) : null}
      {mayQueryAgain ? (
        <ActionButton
          id="query-again"
          kind="primary"
          onClick={() => Taro.redirectTo({ url: '/pages/query/index' })}
        >
          {t.result.queryAgain}
        </ActionButton>
      ) : null}
      {state === 'inProgress' || state === 'completed' ? (
        <ActionButton
          id="go-unbind"
          kind={state === 'completed' ? 'primary' : 'plain'}
          onClick={() => Taro.navigateTo({ url: '/pages/unbind/index' })}
        >
          {t.result.unbindLink}
        </ActionButton>
      ) : null}
      {state === 'notFound' ? (
        <>
          <ActionButton
            id="my-queries"
            kind="primary"
            onClick={() => Taro.navigateTo({ url: '/pages/queries/index' })}
          >
            {t.myQueriesEntry}
          </ActionButton>
          <ActionButton id="new-query" onClick={() => Taro.redirectTo({ url: '/pages/query/index' })}>
            {t.result.newQuery}
          </ActionButton>
        </>
      ) : null}
    </PageShell>
  );
}
