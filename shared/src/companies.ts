/** Display data of a connected company. Partner endpoints and secrets are server configuration, never here. */
export interface Company {
  /** Stable id used in the API, the partner registry and the tables. */
  id: string;
  name: { zh: string; en: string };
  /** The apps whose accounts the company counts, by their Chinese names (as `GET /v1/companies` lists them). */
  apps: string[];
  /** The same apps by the names they carry in English, in the same order. */
  appsEn: string[];
  /** Customer-service hotline, digits and hyphens only, so that it can be dialled as written. */
  hotline: string;
  /** How to see the accounts in detail and unbind one. */
  unbindGuide: { zh: string; en: string };
  /** Position in every list, lowest first. */
  order: number;
  enabled: boolean;
}

/** A company as `GET /v1/companies` returns it (the apps by their Chinese names, as the contract says). */
export type CompanyView = Pick<Company, 'id' | 'name' | 'apps' | 'hotline' | 'unbindGuide'>;

/**
 * The connected companies. Adding a company is adding one entry here and one in the server's
 * partner registry.
 */
export const COMPANIES: readonly Company[] = [
  {
    id: 'tencent',
    name: { zh: '腾讯', en: 'Tencent' },
    apps: ['微信', 'QQ'],
    appsEn: ['WeChat', 'QQ'],
    hotline: '95017',
    unbindGuide: {
      zh: '打开微信，进入“我—设置—账号与安全”，或搜索“腾讯客服”小程序，可查看该手机号关联的微信、QQ账号详情，并按提示解除绑定。',
      en: 'Open WeChat and go to Me > Settings > Account and Security, or search for the "Tencent Customer Service" mini-program, to see the WeChat and QQ accounts linked to the number and unbind them as prompted.',
    },
    order: 1,
    enabled: true,
  },
  {
    id: 'alibaba',
    name: { zh: '阿里巴巴', en: 'Alibaba' },
    apps: ['淘宝', '闲鱼', '1688', '饿了么', '高德地图'],
    appsEn: ['Taobao', 'Xianyu', '1688', 'Ele.me', 'Amap'],
    hotline: '9510211',
    unbindGuide: {
      zh: '打开淘宝，进入“我的淘宝—设置—账号与安全”，或联系阿里巴巴客服，核验身份后可查看该手机号关联的账号详情并申请解绑。',
      en: 'Open Taobao and go to My Taobao > Settings > Account and Security, or call Alibaba customer service; after identity checks you can see the accounts bound to the number and ask to unbind them.',
    },
    order: 2,
    enabled: true,
  },
  {
    id: 'alipay',
    name: { zh: '支付宝', en: 'Alipay' },
    apps: ['支付宝'],
    appsEn: ['Alipay'],
    hotline: '95188',
    unbindGuide: {
      zh: '打开支付宝，进入“我的—设置—账号与安全—手机号”，可查看和更换绑定的手机号；也可拨打95188联系客服解绑。',
      en: 'Open Alipay and go to Me > Settings > Account and Security > Mobile number to see or change the bound number, or call 95188 to unbind it.',
    },
    order: 3,
    enabled: true,
  },
  {
    id: 'baidu',
    name: { zh: '百度', en: 'Baidu' },
    apps: ['百度', '百度网盘', '百度地图', '百度贴吧'],
    appsEn: ['Baidu', 'Baidu Netdisk', 'Baidu Maps', 'Baidu Tieba'],
    hotline: '4009203800',
    unbindGuide: {
      zh: '打开百度App，进入“我的—设置—账号与安全”，或访问百度账号安全中心，可查看该手机号关联的账号并解除绑定。',
      en: 'Open the Baidu app and go to Me > Settings > Account and Security, or the Baidu account security centre, to see the accounts bound to the number and unbind them.',
    },
    order: 4,
    enabled: true,
  },
  {
    id: 'kuaishou',
    name: { zh: '快手', en: 'Kuaishou' },
    apps: ['快手', '快手极速版'],
    appsEn: ['Kuaishou', 'Kuaishou Lite'],
    hotline: '4001260088',
    unbindGuide: {
      zh: '打开快手，进入“设置—账号与安全—手机号”，可查看和解除绑定；如无法登录，可联系快手客服核验身份后处理。',
      en: 'Open Kuaishou and go to Settings > Account and Security > Mobile number to see and unbind it; if you cannot sign in, contact Kuaishou customer service.',
    },
    order: 5,
    enabled: true,
  },
  {
    id: 'douyin',
    name: { zh: '抖音', en: 'Douyin' },
    apps: ['抖音', '今日头条', '西瓜视频'],
    appsEn: ['Douyin', 'Toutiao', 'Xigua Video'],
    hotline: '95152',
    unbindGuide: {
      zh: '打开抖音，进入“我—设置—账号与安全—手机绑定”，可查看和更换绑定的手机号；如无法登录，可拨打客服电话处理。',
      en: 'Open Douyin and go to Me > Settings > Account and Security > Phone binding to see or change the number; if you cannot sign in, call customer service.',
    },
    order: 6,
    enabled: true,
  },
  {
    id: 'jd',
    name: { zh: '京东', en: 'JD.com' },
    apps: ['京东', '京东金融'],
    appsEn: ['JD', 'JD Finance'],
    hotline: '950618',
    unbindGuide: {
      zh: '打开京东App，进入“我的—设置—账户与安全—手机号”，可查看和解绑；也可联系京东客服核验身份后处理。',
      en: 'Open the JD app and go to Me > Settings > Account and Security > Mobile number to see and unbind it, or contact JD customer service.',
    },
    order: 7,
    enabled: true,
  },
  {
    id: 'meituan',
    name: { zh: '美团', en: 'Meituan' },
    apps: ['美团', '大众点评', '美团外卖'],
    appsEn: ['Meituan', 'Dianping', 'Meituan Waimai'],
    hotline: '10107888',
    unbindGuide: {
      zh: '打开美团App，进入“我的—设置—账号与安全—手机号”，可查看和更换绑定的手机号；如无法登录，可拨打客服电话处理。',
      en: 'Open the Meituan app and go to Me > Settings > Account and Security > Mobile number to see or change the number; if you cannot sign in, call customer service.',
    },
    order: 8,
    enabled: true,
  },
];

/** The enabled companies in display order. */
export function enabledCompanies(list: readonly Company[] = COMPANIES): Company[] {
  return list.filter((company) => company.enabled).sort((a, b) => a.order - b.order);
}

/** The company with this id, enabled or not. */
export function findCompany(id: string, list: readonly Company[] = COMPANIES): Company | undefined {
  return list.find((company) => company.id === id);
}

/** The public view of a company, as `GET /v1/companies` lists it. */
export function toCompanyView(company: Company): CompanyView {
  const { id, name, apps, hotline, unbindGuide } = company;
  return { id, name, apps, hotline, unbindGuide };
}
