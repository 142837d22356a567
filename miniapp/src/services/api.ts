import Taro from '@tarojs/taro';
import { createApiClient } from './api-client';
import { platformLogin } from './login';
import { readLocale } from './prefs';

/** The one API client of the app, over the platform's `Taro.request`. */
export const api = createApiClient({
  transport: (request) => Taro.request(request),
  baseUrl: OCC_API_BASE_URL,
  login: platformLogin,
  locale: readLocale,
});
