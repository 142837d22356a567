import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { type ReactNode, useEffect } from 'react';
import type { PrefsControl } from '../hooks/use-prefs';
import { bestEffort } from '../services/best-effort';
import { roleProps } from './a11y';
import { ActionButton } from './action-button';

interface PageShellProps {
  ui: PrefsControl;
  title: string;
  children: ReactNode;
  /** Every page but the home page offers the way back home, so no page is a dead end. */
  showHome?: boolean;
}

/**
 * The frame of every page: the service's header (in a browser; WeChat and Alipay draw their own
 * navigation bar with the title), the reader's display controls, the title, the content, the way
 * home.
 */
export function PageShell({ ui, title, children, showHome = true }: PageShellProps) {
  const { prefs, t } = ui;
  useEffect(() => {
    bestEffort(() => Taro.setNavigationBarTitle({ title }));
    if (process.env.TARO_ENV === 'h5') {
      document.documentElement.lang = prefs.locale;
      document.title = `${title} - ${t.appTitle}`;
    }
  }, [title, prefs.locale, t.appTitle]);
  return (
    <View className={prefs.largeType ? 'page page--large' : 'page'} id="page-root">
      {process.env.TARO_ENV === 'h5' ? (
        <View className="masthead" {...roleProps('banner')}>
          <Text className="masthead__name">{t.appTitle}</Text>
          <Text className="masthead__tagline">{t.tagline}</Text>
        </View>
      ) : null}
      <View className="toolbar">
        <Button
          className="toolbar__btn"
          id="toggle-large-type"
          onClick={ui.toggleLargeType}
          {...roleProps('button', { pressed: prefs.largeType })}
        >
          {prefs.largeType ? t.largeTypeOn : t.largeTypeOff}
        </Button>
        <Button
          className="toolbar__btn"
          id="toggle-locale"
          onClick={ui.toggleLocale}
          {...roleProps('button')}
        >
          {t.switchLanguage}
        </Button>
      </View>
      <View className="page__title" id="page-title" {...roleProps('heading', { level: '1' })}>
        <Text>{title}</Text>
      </View>
      <View className="page__body">{children}</View>
      {showHome ? (
        <View className="page__footer">
          <ActionButton id="go-home" onClick={() => Taro.reLaunch({ url: '/pages/home/index' })}>
            {t.backHome}
          </ActionButton>
        </View>
      ) : null}
    </View>
  );
}
