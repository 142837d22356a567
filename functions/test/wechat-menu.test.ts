import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GUIDE_PAGE,
  h5PageUrl,
  type Menu,
  type MenuButton,
  ONE_CARD_CHECK_PAGE,
  officialAccountMenu,
} from '../src/wechat/menu.ts';
import { assertMenuFollowsRules, MenuRuleError, menuViolations } from '../src/wechat/menu-rules.ts';

const TARGET = { miniProgramAppId: 'wx0123456789abcdef', publicBaseUrl: 'https://occ.example.gov.cn' };
const PAGES = ['pages/home/index', ONE_CARD_CHECK_PAGE, GUIDE_PAGE];

function menu(): Menu {
  return officialAccountMenu(TARGET);
}

function sub(m: Menu, index = 0): MenuButton {
  const button = m.button[0]?.sub_button?.[index];
  if (!button) throw new Error('no such sub-button');
  return button;
}

/** The one message `assertMenuFollowsRules` throws for `m`. */
function failure(m: unknown): string {
  try {
    assertMenuFollowsRules(m, { pages: PAGES });
  } catch (error) {
    expect(error).toBeInstanceOf(MenuRuleError);
    return (error as Error).message;
  }
  throw new Error('the menu passed');
}

describe('officialAccountMenu', () => {
  it('opens the One Card Check page under 政务服务 → 一证通查, with the H5 page of the same path as fallback', () => {
    const m = menu();

    expect(m.button.map((button) => button.name)).toEqual(['政务服务']);
    expect(sub(m)).toEqual({
      type: 'miniprogram',
      name: '一证通查',
      appid: 'wx0123456789abcdef',
      pagepath: 'pages/occ/index',
      url: 'https://occ.example.gov.cn/#/pages/occ/index',
    });
    expect(sub(m, 1)).toMatchObject({ name: '使用说明', pagepath: GUIDE_PAGE });
  });

  it('follows every WeChat rule', () => {
    expect(menuViolations(menu(), { pages: PAGES })).toEqual([]);
  });

  it('builds H5 URLs without a doubled slash', () => {
    expect(h5PageUrl('https://occ.example.gov.cn/', 'pages/occ/index')).toBe(
      'https://occ.example.gov.cn/#/pages/occ/index',
    );
  });
});

describe('menu rules', () => {
  it('refuses a 5-character top-level name, naming the 4-character rule and errcode 40018', () => {
    const m = menu();
    if (m.button[0]) m.button[0].name = '政务服务厅';

    const message = failure(m);

    expect(message).toContain('button[0]: name "政务服务厅" is 5 Chinese characters wide');
    expect(message).toContain('a top-level name is at most 4 Chinese characters (16 bytes)');
    expect(message).toContain('errcode 40018');
  });

  it('refuses a 6th sub-button, naming the 5-sub-button rule and errcode 40023', () => {
    const m = menu();
    const subs = m.button[0]?.sub_button ?? [];
    while (subs.length < 6) subs.push({ ...sub(m), name: `入口${subs.length}` });

    const message = failure(m);

    expect(message).toContain('button[0].sub_button: 6 sub-buttons');
    expect(message).toContain('1 to 5 sub-buttons per button');
    expect(message).toContain('errcode 40023');
  });

  it('refuses a page the mini-program does not have, naming the page rule and errcode 40165', () => {
    const m = menu();
    sub(m).pagepath = 'pages/accounts/index';

    const message = failure(m);

    expect(message).toContain('pagepath "pages/accounts/index" is not a page of the mini-program');
    expect(message).toContain('a miniprogram button opens a page the mini-program has');
    expect(message).toContain('errcode 40165');
  });

  it('refuses a miniprogram button without its fallback URL, naming the url rule and errcode 40027', () => {
    const m = menu();
    delete sub(m).url;

    const message = failure(m);

    expect(message).toContain('no fallback url for clients that cannot open mini-programs');
    expect(message).toContain('errcode 40027');
  });

  it.each([
    [
      '4 top-level buttons',
      (m: Menu) => m.button.push(...Array(3).fill({ type: 'click', name: 'a', key: 'k' })),
      40016,
    ],
    ['an uppercase appid', (m: Menu) => (sub(m).appid = 'WX0123456789ABCDEF'), 40166],
    ['a sub-button name of 9 Chinese characters', (m: Menu) => (sub(m).name = '一证通查互联网账号'), 40025],
    ['an unknown type', (m: Menu) => (sub(m).type = 'link' as MenuButton['type']), 40024],
    ['a url over 1,024 bytes', (m: Menu) => (sub(m).url = `https://a.cn/${'x'.repeat(1100)}`), 40027],
    ['a url that is not http(s)', (m: Menu) => (sub(m).url = 'javascript:alert(1)'), 40054],
    ['a click without key', (m: Menu) => m.button.push({ type: 'click', name: '问答' }), 40019],
    [
      'a sub-button with sub-buttons',
      (m: Menu) => (sub(m).sub_button = [{ type: 'click', name: 'a', key: 'k' }]),
      40022,
    ],
  ])('refuses %s with errcode %s', (_, breakIt, errcode) => {
    const m = menu();
    breakIt(m);
    expect(menuViolations(m, { pages: PAGES }).map((v) => v.errcode)).toEqual([errcode]);
  });

  it('counts a half-width character as half a Chinese character', () => {
    const m = menu();
    if (!m.button[0]) throw new Error('no button');
    m.button[0].name = 'Services';
    expect(menuViolations(m)).toEqual([]);
    m.button[0].name = 'Services!';
    expect(menuViolations(m).map((v) => v.rule)).toEqual(['buttonName']);
  });

  it('accepts a pagepath with a query string when the page exists', () => {
    const m = menu();
    sub(m).pagepath = `${ONE_CARD_CHECK_PAGE}?from=menu`;
    expect(menuViolations(m, { pages: PAGES })).toEqual([]);
  });

  it('answers any JSON value with a list of violations, never a throw', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        expect(Array.isArray(menuViolations(value, { pages: PAGES }))).toBe(true);
      }),
    );
  });
});
