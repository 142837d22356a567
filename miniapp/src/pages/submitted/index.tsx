import { findCompany, REPLY_WITHIN_HOURS, SMS_PORT } from '@occ/shared';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { roleProps } from '../../components/a11y';
import { PageShell } from '../../components/page-shell';
import { usePrefs } from '../../hooks/use-prefs';
import { useQueryProgress } from '../../hooks/use-query-progress';
import { recallAccepted } from '../../services/last-query';
import './index.css';

/** After submitting: where the result will come from, and the live progress company by company. */
export default function SubmittedPage() {
  const ui = usePrefs();
  const { t, prefs } = ui;
  const queryId = useRouter().params.id;
  const { view, problem, retry } = useQueryProgress(queryId);
  const accepted = queryId ? recallAccepted(queryId) : undefined;
  const phoneMasked = view?.phoneMasked ?? accepted?.phoneMasked;
  const status = view?.status ?? accepted?.status;
  const english = prefs.locale === 'en';
  const total = view?.companies.reduce((sum, company) => sum + (company.count ?? 0), 0);

  return (
    <PageShell ui={ui} title={t.submitted.title}>
      {problem === 'notFound' ? (
        <View className="notice notice--error" id="query-missing" {...roleProps('alert')}>
          <Text className="paragraph">{t.submitted.missingQuery}</Text>
          <Button
            className="btn btn--plain"
            id="new-query"
            onClick={() => Taro.redirectTo({ url: '/pages/query/index' })}
            {...roleProps('button')}
          >
            {t.submitted.newQuery}
          </Button>
        </View>
      ) : (
        <View className="notice notice--ok" id="sms-notice">
          <Text>{t.submitted.smsNotice(accepted?.smsPort ?? SMS_PORT, REPLY_WITHIN_HOURS)}</Text>
        </View>
      )}
      {phoneMasked ? (
        <View className="card">
          <Text className="muted">{`${t.submitted.numberLabel}：`}</Text>
          <Text className="card__title" id="phone-masked">
            {phoneMasked}
          </Text>
        </View>
      ) : null}
      {status ? (
        <View className="card" id="progress" {...roleProps('region', { label: t.submitted.progressTitle })}>
          <View className="card__title" {...roleProps('heading', { level: '2' })}>
            <Text>{t.submitted.progressTitle}</Text>
          </View>
          <Text className="paragraph" id="query-status" {...roleProps('status')}>
            {`${t.submitted.statusLabel}：${t.submitted.status[status]}`}
          </Text>
          {status === 'REJECTED' ? <Text className="paragraph">{t.submitted.rejected}</Text> : null}
          {status === 'FAILED' ? <Text className="paragraph">{t.submitted.failed}</Text> : null}
          {view?.companies.map((company) => {
            const registered = findCompany(company.id);
            const name = registered ? (english ? registered.name.en : registered.name.zh) : company.id;
            const detail =
              company.count !== undefined
                ? t.submitted.countLabel(company.count)
                : t.submitted.companyStatus[company.status];
            return (
              <View className="list-row" id={`progress-${company.id}`} key={company.id}>
                <Text>{name}</Text>
                <Text className={`status--${company.status}`}>{detail}</Text>
              </View>
            );
          })}
          {view?.status === 'COMPLETED' && total !== undefined ? (
            <Text className="card__title" id="total-count">
              {`${english ? 'Total' : '合计'}：${t.submitted.countLabel(total)}`}
            </Text>
          ) : null}
        </View>
      ) : null}
      {problem === 'unreachable' ? (
        <View className="notice notice--error" id="progress-error" {...roleProps('alert')}>
          <Text className="paragraph">{t.submitted.loadError}</Text>
          <Button className="btn btn--plain" id="progress-retry" onClick={retry} {...roleProps('button')}>
            {t.submitted.retry}
          </Button>
        </View>
      ) : null}
      <Button
        className="btn btn--primary"
        id="go-unbind"
        onClick={() => Taro.navigateTo({ url: '/pages/unbind/index' })}
        {...roleProps('button')}
      >
        {t.submitted.unbindLink}
      </Button>
    </PageShell>
  );
}
