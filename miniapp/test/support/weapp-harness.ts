import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Drives the compiled weapp build inside miniprogram-simulate. The Taro pages render through a
 * recursive template that the simulator cannot query into, so the harness reads the page's data
 * tree (what Taro sends with `setData`) and dispatches events through Taro's own event handler.
 */

const require = createRequire(import.meta.url);
const DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
export const WEAPP_DIR = path.join(DIST_DIR, 'weapp');
/** The build the harness runs: weapp by default; `installWeapp('alipay')` runs the Alipay build under `my`. */
let buildDir = WEAPP_DIR;

export interface WxRequest {
  url: string;
  method: string;
  header: Record<string, string>;
  data: unknown;
}
export interface WxResponse {
  statusCode: number;
  data: unknown;
  header?: Record<string, string>;
}
/** What the test makes the network do: answer, or fail as a lost connection does. */
export type RequestHandler = (
  request: WxRequest,
) => WxResponse | 'network-error' | Promise<WxResponse | 'network-error'>;

export interface WxCall {
  api: string;
  options: Record<string, unknown>;
}

interface TaroNode {
  nn?: string;
  sid?: string;
  uid?: string;
  v?: string;
  cn?: TaroNode[];
  [attribute: string]: unknown;
}

interface PageCaller {
  data: { root?: TaroNode };
  eh: (event: unknown) => void;
  [name: string]: unknown;
}

/** WeChat's text size as `getAppBaseInfo` reports it: 17 px and 1 as standard, 23.8 px in care mode. */
export interface TextSize {
  fontSizeSetting: number;
  fontSizeScaleFactor: number;
}
export const STANDARD_TEXT: TextSize = { fontSizeSetting: 17, fontSizeScaleFactor: 1 };

export interface Harness {
  calls: WxCall[];
  requests: WxRequest[];
  storage: Map<string, unknown>;
  setRequestHandler(handler: RequestHandler): void;
  /** The text size the reader set in WeChat (我 › 设置 › 通用 › 字体大小). */
  setTextSize(size: TextSize): void;
}

const RECORDED_APIS = [
  'navigateTo',
  'redirectTo',
  'reLaunch',
  'navigateBack',
  'switchTab',
  'setNavigationBarTitle',
  'makePhoneCall',
  'setClipboardData',
  'showToast',
  'hideToast',
  'showLoading',
  'hideLoading',
  'showModal',
  'pageScrollTo',
  'getSystemInfo',
];

let harness: Harness | undefined;
let textSize: TextSize = STANDARD_TEXT;
let requestHandler: RequestHandler = () => 'network-error';
const pageConfigs = new Map<string, Record<string, unknown>>();
let capturedPageConfig: Record<string, unknown> | undefined;

/** Installs `wx`, `App`, `Page` and `getApp`, then runs the compiled `app.js`. Once per process. */
export function installWeapp(target: 'weapp' | 'alipay' = 'weapp'): Harness {
  if (harness) return harness;
  buildDir = path.join(DIST_DIR, target);
  const calls: WxCall[] = [];
  const requests: WxRequest[] = [];
  const storage = new Map<string, unknown>();
  const answer = (options: Record<string, unknown>, result: Record<string, unknown>) => {
    setTimeout(() => {
      (options.success as ((r: unknown) => void) | undefined)?.({ errMsg: 'ok', ...result });
      (options.complete as ((r: unknown) => void) | undefined)?.({ errMsg: 'ok', ...result });
    }, 0);
  };
  const apis: Record<string, unknown> = {
    webpackJsonp: [],
    getSystemInfoSync: () => systemInfo(),
    getWindowInfo: () => systemInfo(),
    getDeviceInfo: () => systemInfo(),
    getAppBaseInfo: () => systemInfo(),
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => {
      storage.set(key, JSON.parse(JSON.stringify(value)));
    },
    removeStorageSync: (key: string) => {
      storage.delete(key);
    },
    login: (options: Record<string, unknown>) => {
      calls.push({ api: 'login', options });
      answer(options, { code: 'simulated-login-code' });
    },
    request: (options: Record<string, unknown>) => {
      const request: WxRequest = {
        url: String(options.url),
        method: String(options.method ?? 'GET'),
        header: (options.header as Record<string, string>) ?? {},
        data: typeof options.data === 'string' ? JSON.parse(options.data) : options.data,
      };
      requests.push(request);
      Promise.resolve(requestHandler(request)).then((response) => {
        if (response === 'network-error') {
          const fail = { errMsg: 'request:fail net::ERR_CONNECTION_REFUSED' };
          (options.fail as ((r: unknown) => void) | undefined)?.(fail);
          (options.complete as ((r: unknown) => void) | undefined)?.(fail);
          return;
        }
        answer(options, {
          statusCode: response.statusCode,
          data: response.data,
          header: response.header ?? {},
        });
      });
      return { abort() {} };
    },
  };
  // Any other API the pages use succeeds and is recorded, so a test can see navigation, calls and toasts.
  for (const api of RECORDED_APIS) {
    apis[api] = (options: Record<string, unknown> = {}) => {
      calls.push({ api, options });
      answer(options, {});
    };
  }
  const wx = apis;
  const g = globalThis as Record<string, unknown>;
  g.wx = wx;
  if (target === 'alipay') {
    // Taro's Alipay runtime calls my.setNavigationBar where WeChat has setNavigationBarTitle.
    apis.setNavigationBar = (options: Record<string, unknown> = {}) => {
      calls.push({ api: 'setNavigationBar', options });
      answer(options, {});
    };
    g.my = wx;
  }
  let appInstance: Record<string, unknown> | undefined;
  g.App = (config: Record<string, unknown>) => {
    appInstance = config;
  };
  g.getApp = () => appInstance;
  g.getCurrentPages = () => [];
  g.Page = (config: Record<string, unknown>) => {
    capturedPageConfig = config;
  };
  require(path.join(buildDir, 'app.js'));
  if (!appInstance) throw new Error('app.js did not call App()');
  const launch = appInstance.onLaunch as ((options: unknown) => void) | undefined;
  launch?.call(appInstance, { path: 'pages/home/index', query: {}, scene: 1001 });
  (appInstance.onShow as ((options: unknown) => void) | undefined)?.call(appInstance, {
    path: 'pages/home/index',
    query: {},
    scene: 1001,
  });
  harness = {
    calls,
    requests,
    storage,
    setRequestHandler(handler) {
      requestHandler = handler;
    },
    setTextSize(size) {
      textSize = size;
    },
  };
  return harness;
}

function systemInfo() {
  return {
    platform: 'devtools',
    system: 'iOS 17',
    brand: 'devtools',
    model: 'iPhone',
    pixelRatio: 2,
    screenWidth: 375,
    screenHeight: 812,
    windowWidth: 375,
    windowHeight: 812,
    statusBarHeight: 44,
    language: 'zh_CN',
    version: '8.0.50',
    SDKVersion: '3.5.0',
    ...textSize,
  };
}

/** The page's Taro config, registered once per process (the compiled page file runs `Page()` once). */
function pageConfig(page: string): Record<string, unknown> {
  const known = pageConfigs.get(page);
  if (known) return known;
  capturedPageConfig = undefined;
  require(path.join(buildDir, `${page}.js`));
  if (!capturedPageConfig) throw new Error(`${page} did not call Page()`);
  pageConfigs.set(page, capturedPageConfig);
  return capturedPageConfig;
}

const simulate = require('miniprogram-simulate') as {
  load(definition: Record<string, unknown>): string;
  render(
    id: string,
    properties?: Record<string, unknown>,
  ): {
    attach(parent: unknown): void;
    detach(): void;
    instance: PageCaller;
  };
};
const componentIds = new Map<string, string>();
let nextQuery: Record<string, string> = {};

/** One simulated page: its data tree, and the taps and typing a person would do. */
export class PageDriver {
  private readonly typed = new Map<string, string>();

  constructor(
    readonly page: string,
    private readonly component: { detach(): void; instance: PageCaller },
  ) {}

  get root(): TaroNode | undefined {
    return this.component.instance.data.root;
  }

  /** The node whose `id` attribute is `uid`, if it is rendered. */
  find(uid: string): TaroNode | undefined {
    return walk(this.root, (node) => node.uid === uid || node.id === uid);
  }

  has(uid: string): boolean {
    return this.find(uid) !== undefined;
  }

  /** All the text under the node (or the whole page), joined. */
  text(uid?: string): string {
    const node = uid === undefined ? this.root : this.find(uid);
    if (!node) throw new Error(`${this.page}: no node #${uid}`);
    return collectText(node);
  }

  attribute(uid: string, name: string): unknown {
    return this.require(uid)[name];
  }

  /** The value an input shows (Taro stores it under a compressed attribute name). */
  inputValue(uid: string): unknown {
    return this.require(uid)[inputValueKey()];
  }

  tap(uid: string): Promise<void> {
    return this.dispatch(uid, 'tap', {});
  }

  /** Types a whole value into an input, as the keyboard's input event reports it. */
  type(uid: string, value: string): Promise<void> {
    this.typed.set(uid, value);
    return this.dispatch(uid, 'input', { value, cursor: value.length, keyCode: 0 });
  }

  /** Leaves an input; like WeChat, the blur event carries the input's value. */
  blur(uid: string): Promise<void> {
    return this.dispatch(uid, 'blur', { value: this.typed.get(uid) ?? '' });
  }

  close(): void {
    this.component.detach();
  }

  private require(uid: string): TaroNode {
    const node = this.find(uid);
    if (!node) throw new Error(`${this.page}: no node #${uid} in ${JSON.stringify(this.root).slice(0, 400)}`);
    return node;
  }

  /**
   * Runs Taro's handler for the event, then lets the event loop turn once: WeChat delivers every
   * touch and keystroke as a task of its own, so what the event scheduled (a render, a `setData`)
   * has run before the next one arrives. Nothing the event started over the network has answered.
   */
  private async dispatch(uid: string, type: string, detail: Record<string, unknown>): Promise<void> {
    const node = this.require(uid);
    const target = { id: node.sid, dataset: { sid: node.sid } };
    this.component.instance.eh({
      type,
      timeStamp: Date.now(),
      target,
      currentTarget: target,
      detail,
      touches: [],
      changedTouches: [],
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** Opens a compiled page the way the mini program would: onLoad with the query, then onShow and onReady. */
export function openPage(page: string, query: Record<string, string> = {}): PageDriver {
  installWeapp();
  let id = componentIds.get(page);
  if (!id) {
    const config = pageConfig(page);
    const methods: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) if (typeof value === 'function') methods[key] = value;
    id = simulate.load({
      template: '<view class="taro-page"></view>',
      data: JSON.parse(JSON.stringify(config.data ?? {})),
      methods,
      lifetimes: {
        attached(this: PageCaller) {
          (this.onLoad as (q: unknown) => void).call(this, { ...nextQuery });
          (this.onShow as () => void).call(this);
        },
        ready(this: PageCaller) {
          (this.onReady as (() => void) | undefined)?.call(this);
        },
        detached(this: PageCaller) {
          (this.onHide as (() => void) | undefined)?.call(this);
          (this.onUnload as (() => void) | undefined)?.call(this);
        },
      },
    });
    componentIds.set(page, id);
  }
  nextQuery = query;
  const component = simulate.render(id);
  component.attach(document.createElement('parent-wrapper'));
  return new PageDriver(page, component);
}

/** Polls until the check passes (it returns a truthy value or stops throwing); fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = check();
      if (value) return value;
      lastError = new Error('condition not met');
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started > timeoutMs) throw lastError;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let valueKey: string | undefined;

/** Taro's base.wxml binds `<input value="{{i.pN}}">`: the data key of an input's value. */
function inputValueKey(): string {
  if (valueKey) return valueKey;
  const wxml = readFileSync(path.join(WEAPP_DIR, 'base.wxml'), 'utf8');
  const found = /<input value="\{\{i\.(\w+)\}\}"/.exec(wxml)?.[1];
  if (!found) throw new Error('base.wxml binds no input value');
  valueKey = found;
  return found;
}

function walk(node: TaroNode | undefined, match: (node: TaroNode) => boolean): TaroNode | undefined {
  if (!node) return undefined;
  if (match(node)) return node;
  for (const child of node.cn ?? []) {
    const found = walk(child, match);
    if (found) return found;
  }
  return undefined;
}

function collectText(node: TaroNode): string {
  if (typeof node.v === 'string') return node.v;
  return (node.cn ?? []).map(collectText).join('');
}
