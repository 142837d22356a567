import { enabledCompanies } from '@occ/shared';
import { Text, View } from '@tarojs/components';
import { useReady, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { roleProps } from '../../components/a11y';
import { ActionButton } from '../../components/action-button';
import { hotlineForReading } from '../../components/hotline';
import { PageShell } from '../../components/page-shell';
import { revealElement } from '../../components/reveal';
import { useHotline } from '../../hooks/use-hotline';
import { usePrefs } from '../../hooks/use-prefs';
import './index.css';

const COMPANIES = enabledCompanies();

/**
 * Unbinding and details: an index of the companies, then each company's apps, how to see and
 * unbind accounts, and its hotline to dial or copy. `?company=<id>` (from a result) opens at that
 * company's card.
 */
export default function UnbindPage() {
  const ui = usePrefs();
  const { t, prefs } = ui;
  const { call, copy, copiedHotline } = useHotline();
  // The company chosen from a result, then from the index: its card is marked where the reader lands.
  const [chosen, choose] = useState(useRouter().params.company);
  const english = prefs.locale === 'en';
  useReady(() => {
    if (chosen && COMPANIES.some((company) => company.id === chosen))
      revealElement(`company-${chosen}`, 'start');
  });

  return (
    <PageShell ui={ui} title={t.unbind.title}>
      <Text className="muted">{t.unbind.intro}</Text>
      <View className="card" id="company-index" {...roleProps('navigation', { label: t.unbind.indexTitle })}>
        <View className="card__title" {...roleProps('heading', { level: '2' })}>
          <Text>{t.unbind.indexTitle}</Text>
        </View>
        <View className="chips">
          {COMPANIES.map((company) => (
            <View
              className="chip"
              id={`index-${company.id}`}
              key={company.id}
              onClick={() => {
                choose(company.id);
                revealElement(`company-${company.id}`, 'start');
              }}
              {...roleProps('link')}
            >
              <Text>{english ? company.name.en : company.name.zh}</Text>
            </View>
          ))}
        </View>
      </View>
      {COMPANIES.map((company) => {
        const readable = hotlineForReading(company.hotline);
        return (
          <View
            className={company.id === chosen ? 'card card--chosen' : 'card'}
            id={`company-${company.id}`}
            key={company.id}
          >
            <View className="card__title" {...roleProps('heading', { level: '2' })}>
              <Text>{english ? company.name.en : company.name.zh}</Text>
            </View>
            <Text className="paragraph muted">
              {t.unbind.appsLabel + (english ? company.appsEn : company.apps).join(t.unbind.listSeparator)}
            </Text>
            <Text className="paragraph">
              {t.unbind.guideLabel + (english ? company.unbindGuide.en : company.unbindGuide.zh)}
            </Text>
            <Text className="paragraph">{t.unbind.hotlineLabel + readable}</Text>
            <View className="actions">
              {process.env.TARO_ENV === 'h5' ? (
                <a className="btn btn--primary" id={`dial-${company.id}`} href={`tel:${company.hotline}`}>
                  {t.unbind.call(readable)}
                </a>
              ) : (
                <ActionButton id={`dial-${company.id}`} kind="primary" onClick={() => call(company.hotline)}>
                  {t.unbind.call(readable)}
                </ActionButton>
              )}
              <ActionButton id={`copy-${company.id}`} onClick={() => copy(company.hotline)}>
                {t.unbind.copy}
              </ActionButton>
            </View>
            {copiedHotline === company.hotline ? (
              <Text className="notice notice--ok" id="hotline-copied" {...roleProps('status')}>
                {t.unbind.copied}
              </Text>
            ) : null}
          </View>
        );
      })}
    </PageShell>
  );
}
