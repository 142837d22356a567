import { MENU_BUTTON_TYPES, MENU_KEYED_TYPES, type Menu } from './menu.ts';

/**
 * WeChat's limits on a custom menu, each with the errcode and errmsg `menu/create` answers when it
 * is broken. Source: WeChat official-account docs, 自定义菜单 / 创建接口 (at most 3 top-level
 * buttons of at most 4 Chinese characters, 16 bytes; at most 5 sub-buttons of at most 8 Chinese
 * characters, 60 bytes; `key` ≤ 128 bytes; `url` ≤ 1,024 bytes; a `miniprogram` button needs a
 * lowercase `appid`, a `pagepath` and a fallback `url`) and its global return codes (全局返回码).
 */
export const MENU_RULES = {
  buttonCount: { errcode: 40016, errmsg: 'invalid button size', text: '1 to 3 top-level buttons' },
  buttonType: { errcode: 40017, errmsg: 'invalid button type', text: 'a top-level button has a known type' },
  buttonName: {
    errcode: 40018,
    errmsg: 'invalid button name size',
    text: 'a top-level name is at most 4 Chinese characters (16 bytes)',
  },
  buttonKey: { errcode: 40019, errmsg: 'invalid button key size', text: 'a key of 1 to 128 bytes' },
  buttonUrl: { errcode: 40020, errmsg: 'invalid button url size', text: 'a url of 1 to 1,024 bytes' },
  buttonUrlDomain: {
    errcode: 40055,
    errmsg: 'invalid button url domain',
    text: 'a url is an absolute http(s) URL',
  },
  subButtonLevel: {
    errcode: 40022,
    errmsg: 'invalid sub button level',
    text: 'a sub-button has no sub-buttons of its own',
  },
  subButtonCount: {
    errcode: 40023,
    errmsg: 'invalid sub button size',
    text: '1 to 5 sub-buttons per button',
  },
  subButtonType: { errcode: 40024, errmsg: 'invalid sub button type', text: 'a sub-button has a known type' },
  subButtonName: {
    errcode: 40025,
    errmsg: 'invalid sub button name size',
    text: 'a sub-button name is at most 8 Chinese characters (60 bytes)',
  },
  subButtonKey: { errcode: 40026, errmsg: 'invalid sub button key size', text: 'a key of 1 to 128 bytes' },
  subButtonUrl: { errcode: 40027, errmsg: 'invalid sub button url size', text: 'a url of 1 to 1,024 bytes' },
  subButtonUrlDomain: {
    errcode: 40054,
    errmsg: 'invalid sub button url domain',
    text: 'a url is an absolute http(s) URL',
  },
  miniProgramPage: {
    errcode: 40165,
    errmsg: 'invalid weapp pagepath',
    text: 'a miniprogram button opens a page the mini-program has',
  },
  miniProgramAppId: {
    errcode: 40166,
    errmsg: 'invalid weapp appid',
    text: "a miniprogram button names the mini-program's appid in lowercase (wx + 16 hex digits)",
  },
} as const;

export type MenuRule = keyof typeof MENU_RULES;

export interface MenuViolation {
  rule: MenuRule;
  errcode: number;
  errmsg: string;
  /** Where, e.g. `button[0].sub_button[5]`. */
  path: string;
  /** What is wrong and the rule it breaks, in one line. */
  message: string;
}

/** A menu that breaks WeChat's rules; the message lists every violation. */
export class MenuRuleError extends Error {
  constructor(readonly violations: MenuViolation[]) {
    super(`the menu breaks WeChat's rules:\n${violations.map((v) => `- ${v.message}`).join('\n')}`);
    this.name = 'MenuRuleError';
  }
}

export interface MenuCheckOptions {
  /** The mini-program's pages (`app.json`); when given, every `pagepath` must be one of them. */
  pages?: readonly string[];
}

const APP_ID = /^wx[0-9a-f]{16}$/;
const MAX_BUTTONS = 3;
const MAX_SUB_BUTTONS = 5;
const MAX_KEY_BYTES = 128;
const MAX_URL_BYTES = 1024;
/** Name limits: Chinese characters as WeChat counts them (two half-width units each) and UTF-8 bytes. */
const NAME_LIMITS = { top: { chinese: 4, bytes: 16 }, sub: { chinese: 8, bytes: 60 } };

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/** Width in Chinese characters: a half-width (ASCII) character counts as half of one. */
function chineseWidth(text: string): number {
  let halves = 0;
  for (const char of text) halves += (char.codePointAt(0) ?? 0) <= 0x7f ? 1 : 2;
  return halves / 2;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Every way `menu` breaks WeChat's rules, in menu order (empty when it follows them). Takes any
 * value, so the simulated WeChat API can check a body it received as WeChat would.
 */
export function menuViolations(menu: unknown, options: MenuCheckOptions = {}): MenuViolation[] {
  const found: MenuViolation[] = [];
  const report = (rule: MenuRule, path: string, what: string) => {
    const { errcode, errmsg, text } = MENU_RULES[rule];
    found.push({
      rule,
      errcode,
      errmsg,
      path,
      message: `${path}: ${what}; WeChat's rule: ${text} (menu/create answers errcode ${errcode}, ${errmsg})`,
    });
  };
  const buttons = isRecord(menu) ? menu.button : undefined;
  if (!Array.isArray(buttons) || buttons.length === 0 || buttons.length > MAX_BUTTONS) {
    const count = Array.isArray(buttons) ? `${buttons.length} top-level buttons` : 'no button list';
    report('buttonCount', 'button', count);
    if (!Array.isArray(buttons)) return found;
  }
  buttons.forEach((button, index) => {
    checkButton(button, `button[${index}]`, 'top', options, report);
  });
  return found;
}

type Report = (rule: MenuRule, path: string, what: string) => void;

function checkButton(
  button: unknown,
  path: string,
  level: 'top' | 'sub',
  options: MenuCheckOptions,
  report: Report,
): void {
  const top = level === 'top';
  if (!isRecord(button)) {
    report(top ? 'buttonType' : 'subButtonType', path, 'not a button object');
    return;
  }
  const name = typeof button.name === 'string' ? button.name : '';
  const limit = NAME_LIMITS[level];
  const width = chineseWidth(name);
  const bytes = utf8Bytes(name);
  if (name === '' || width > limit.chinese || bytes > limit.bytes) {
    report(
      top ? 'buttonName' : 'subButtonName',
      path,
      name === '' ? 'no name' : `name "${name}" is ${width} Chinese characters wide, ${bytes} bytes`,
    );
  }

  if (button.sub_button !== undefined) {
    if (!top) {
      report('subButtonLevel', path, 'a sub-button holds sub-buttons');
      return;
    }
    const subs = button.sub_button;
    if (!Array.isArray(subs) || subs.length === 0 || subs.length > MAX_SUB_BUTTONS) {
      report(
        'subButtonCount',
        `${path}.sub_button`,
        Array.isArray(subs) ? `${subs.length} sub-buttons` : 'sub_button is not a list',
      );
      if (!Array.isArray(subs)) return;
    }
    subs.forEach((sub, index) => {
      checkButton(sub, `${path}.sub_button[${index}]`, 'sub', options, report);
    });
    return;
  }

  const type = button.type;
  if (typeof type !== 'string' || !(MENU_BUTTON_TYPES as readonly string[]).includes(type)) {
    report(top ? 'buttonType' : 'subButtonType', path, `type ${JSON.stringify(type ?? null)}`);
    return;
  }
  if ((MENU_KEYED_TYPES as readonly string[]).includes(type)) {
    const key = typeof button.key === 'string' ? button.key : '';
    if (key === '' || utf8Bytes(key) > MAX_KEY_BYTES) {
      report(
        top ? 'buttonKey' : 'subButtonKey',
        path,
        key === '' ? 'no key' : `key of ${utf8Bytes(key)} bytes`,
      );
    }
  }
  if (type === 'view' || type === 'miniprogram') {
    const url = typeof button.url === 'string' ? button.url : '';
    if (url === '' || utf8Bytes(url) > MAX_URL_BYTES) {
      report(
        top ? 'buttonUrl' : 'subButtonUrl',
        path,
        url === ''
          ? type === 'miniprogram'
            ? 'no fallback url for clients that cannot open mini-programs'
            : 'no url'
          : `url of ${utf8Bytes(url)} bytes`,
      );
    } else if (!isHttpUrl(url)) {
      report(top ? 'buttonUrlDomain' : 'subButtonUrlDomain', path, `url "${url}" is not an http(s) URL`);
    }
  }
  if (type === 'miniprogram') {
    const appid = typeof button.appid === 'string' ? button.appid : '';
    if (!APP_ID.test(appid)) report('miniProgramAppId', path, `appid "${appid}"`);
    const pagepath = typeof button.pagepath === 'string' ? button.pagepath : '';
    const page = pagepath.split('?')[0] ?? '';
    if (page === '') report('miniProgramPage', path, 'no pagepath');
    else if (options.pages && !options.pages.includes(page)) {
      report('miniProgramPage', path, `pagepath "${page}" is not a page of the mini-program`);
    }
  }
}

/** Throws {@link MenuRuleError} naming every broken rule; otherwise `menu` is a {@link Menu}. */
export function assertMenuFollowsRules(menu: unknown, options: MenuCheckOptions = {}): asserts menu is Menu {
  const violations = menuViolations(menu, options);
  if (violations.length > 0) throw new MenuRuleError(violations);
}
