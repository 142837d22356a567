import { enabledCompanies } from '@occ/shared';
import { Button, Text, View } from '@tarojs/components';
import { roleProps } from '../../components/a11y';
import { PageShell } from '../../components/page-shell';
import { useHotline } from '../../hooks/use-hotline';
import { usePrefs } from '../../hooks/use-prefs';
import './index.css';

const COMPANIES = enabledCompanies();

/** Unbinding and details: each company's apps, how to see and unbind accounts, and its hotline. */
export default function UnbindPage() {
  const ui = usePrefs();
  const { t, prefs } = ui;
  const { canCall, reach, copiedHotline } = useHotline();
  const english = prefs.locale === 'en';
  return (
    <PageShell ui={ui} title={t.unbind.title}>
      <Text className="muted">{t.unbind.intro}</Text>
      {COMPANIES.map((company) => (
        <View className="card" id={`company-${company.id}`} key={company.id}>
          <View className="card__title" {...roleProps('heading', { level: '2' })}>
            <Text>{english ? company.name.en : company.name.zh}</Text>
          </View>
          <Text className="paragraph muted">{`${t.unbind.appsLabel}：${company.apps.join('、')}`}</Text>
          <Text className="paragraph">
            {`${t.unbind.guideLabel}：${english ? company.unbindGuide.en : company.unbindGuide.zh}`}
          </Text>
          <Text className="paragraph">{`${t.unbind.hotlineLabel}：${company.hotline}`}</Text>
          <Button
            className="btn btn--plain"
            id={`hotline-${company.id}`}
            onClick={() => reach(company.hotline)}
            {...roleProps('button')}
          >
            {canCall ? t.unbind.call(company.hotline) : t.unbind.copy(company.hotline)}
          </Button>
          {copiedHotline === company.hotline ? (
            <Text className="notice notice--ok" id="hotline-copied" {...roleProps('status')}>
              {t.unbind.copied}
            </Text>
          ) : null}
        </View>
      ))}
    </PageShell>
  );
}
