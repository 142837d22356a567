/// <reference types="@tarojs/taro" />

declare module '*.css';

/** The origin of the public API, from the build configuration (`OCC_API_BASE_URL`); empty means same origin. */
declare const OCC_API_BASE_URL: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'alipay' | 'h5' | undefined;
  }
}

/** Alipay's global API object, used only by the alipay login file. */
declare const my: {
  getAuthCode(options: {
    scopes: string | string[];
    success: (result: { authCode: string }) => void;
    fail: (error: unknown) => void;
  }): void;
};

/** Taro's own Alipay request adapter (its types live under dist/types); the API client tests run it. */
declare module '@tarojs/plugin-platform-alipay/dist/runtime-utils.js' {
  export function request(options: Record<string, unknown>): Promise<unknown>;
}
