/**
 * The official account's custom menu (自定义菜单), defined once, as the body of WeChat's
 * `POST /cgi-bin/menu/create`. The stage supplies the mini-program's appid and the public HTTPS
 * origin; the pages are the mini-program's own. Checked against WeChat's limits by `menu-rules.ts`.
 */

/** Button types that push an event carrying the button's `key` to the message handler. */
export const MENU_KEYED_TYPES = [
  'click',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
] as const;

/** Button types WeChat's `menu/create` accepts (WeChat docs, 自定义菜单 / 创建接口). */
export const MENU_BUTTON_TYPES = [
  ...MENU_KEYED_TYPES,
  'view',
  'miniprogram',
  'media_id',
  'article_id',
  'article_view_limited',
] as const;

export type MenuButtonType = (typeof MENU_BUTTON_TYPES)[number];

/** One button, with WeChat's field names. A button with `sub_button` opens a sub-menu and has no `type`. */
export interface MenuButton {
  name: string;
  type?: MenuButtonType;
  /** `click` and the other event types: the key pushed to the message handler (≤ 128 bytes). */
  key?: string;
  /** `view`: the page opened; `miniprogram`: the fallback page for clients without mini-programs (≤ 1,024 bytes). */
  url?: string;
  /** `miniprogram`: the mini-program's appid, lowercase. */
  appid?: string;
  /** `miniprogram`: the page opened, as the mini-program's `app.json` lists it (a query string may follow). */
  pagepath?: string;
  media_id?: string;
  article_id?: string;
  sub_button?: MenuButton[];
}

/** The `menu/create` body; `menu/get` answers it back as `{"menu": Menu}`. */
export interface Menu {
  button: MenuButton[];
}

/** Where the menu sends people: the stage's mini-program and the origin that serves its H5 build. */
export interface MenuTarget {
  /** The mini-program's appid (`wx` and 16 lowercase hex digits). */
  miniProgramAppId: string;
  /** The public origin of the H5 app, e.g. `https://occ.example.gov.cn`, without a trailing slash. */
  publicBaseUrl: string;
}

/** The One Card Check page: where "Internet accounts" is chosen (`miniapp/src/app.config.ts`). */
export const ONE_CARD_CHECK_PAGE = 'pages/occ/index';
/** How to use the service. */
export const GUIDE_PAGE = 'pages/guide/index';

/** The H5 app's URL of a mini-program page: the H5 build routes by hash (`miniapp/config/index.ts`). */
export function h5PageUrl(publicBaseUrl: string, page: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/#/${page}`;
}

function pageButton(name: string, page: string, target: MenuTarget): MenuButton {
  return {
    type: 'miniprogram',
    name,
    appid: target.miniProgramAppId,
    pagepath: page,
    url: h5PageUrl(target.publicBaseUrl, page),
  };
}

/** 政务服务 → 一证通查 (the One Card Check page) and 使用说明 (the guide), each in the mini-program with its H5 page as fallback. */
export function officialAccountMenu(target: MenuTarget): Menu {
  return {
    button: [
      {
        name: '政务服务',
        sub_button: [
          pageButton('一证通查', ONE_CARD_CHECK_PAGE, target),
          pageButton('使用说明', GUIDE_PAGE, target),
        ],
      },
    ],
  };
}
