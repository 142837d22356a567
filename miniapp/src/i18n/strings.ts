import type { Locale, QueryStatus } from '@occ/shared';

/** What the result page can say about a query. */
export type ResultState = 'inProgress' | 'completed' | 'rejected' | 'failed' | 'notFound' | 'loading';

/** The result state of each query status. */
export const RESULT_STATE: Record<QueryStatus, ResultState> = {
  ACCEPTED: 'inProgress',
  LOOKING_UP: 'inProgress',
  COMPLETED: 'completed',
  REJECTED: 'rejected',
  FAILED: 'failed',
};

/** Every word the pages show, in plain language, per locale. Error messages come from `@occ/shared`. */
export interface Strings {
  appTitle: string;
  /** Under the service's name in the header. */
  tagline: string;
  largeTypeOn: string;
  largeTypeOff: string;
  switchLanguage: string;
  backHome: string;
  /** The way to the reader's own queries, on the home and One Card Check pages. */
  myQueriesEntry: string;
  myQueriesHint: string;
  /** What the guide and the unbinding page hold, under their entries. */
  guideHint: string;
  unbindHint: string;
  home: {
    title: string;
    intro: string;
    occEntry: string;
    occEntryHint: string;
    guideEntry: string;
  };
  occ: {
    title: string;
    intro: string;
    internetAccounts: string;
    internetAccountsHint: string;
    phoneCards: string;
    phoneCardsHint: string;
    unbindEntry: string;
    guideEntry: string;
  };
  phoneCards: {
    title: string;
    body: string[];
    useInternet: string;
  };
  query: {
    title: string;
    intro: string;
    phoneLabel: string;
    phonePlaceholder: string;
    idSuffixLabel: string;
    idSuffixPlaceholder: string;
    codeLabel: string;
    codePlaceholder: string;
    getCode: string;
    resendIn: (seconds: number) => string;
    /** The code was sent; `until` is the local time it stops being valid. */
    codeSent: (phoneMasked: string, until: string) => string;
    privacyTitle: string;
    privacyText: string;
    consentPrivacy: string;
    consentSensitive: string;
    consentMissing: string;
    /** A code request refused by a limit: the wait is on the button; a code in hand still works. */
    codeTooOften: string;
    /** Said right above the submit button: what a submission spends. */
    submitNote: string;
    submit: string;
    submitting: string;
    retry: string;
    networkError: string;
    sending: string;
    /** What an empty field asks for. */
    required: Record<'phone' | 'idSuffix' | 'code', string>;
  };
  /** The result page: what happened to a query, and what to do next. */
  result: {
    title: Record<ResultState, string>;
    /** The three steps of every query, shown on the query and result pages. */
    steps: [string, string, string];
    stepDone: string;
    stepCurrent: string;
    stepFailed: string;
    inProgress: (port: string, phoneMasked: string, replyBy: string) => string;
    completed: (port: string, phoneMasked: string, sentAt: string) => string;
    rejected: (phoneMasked: string, queryAgainAt: string) => string;
    failed: (queryAgainAt: string) => string;
    notFound: string;
    loading: string;
    numberLabel: string;
    progressTitle: string;
    resultsTitle: string;
    companyStatus: Record<'PENDING' | 'DONE' | 'UNAVAILABLE', string>;
    countLabel: (count: number) => string;
    /** Beside a company with accounts, in words (colour is never the only sign). */
    hasAccounts: string;
    noAccounts: string;
    howToUnbind: string;
    total: (count: number) => string;
    unbindLink: string;
    newQuery: string;
    queryAgain: string;
    loadError: string;
    retry: string;
  };
  /** My queries: the reader's queries of the last 30 days. */
  queries: {
    title: string;
    intro: string;
    loading: string;
    empty: string;
    startQuery: string;
    submittedAt: (time: string) => string;
    withAccounts: (companies: string) => string;
    companyCount: (company: string, count: number) => string;
    open: string;
    loadError: string;
  };
  unbind: {
    title: string;
    intro: string;
    indexTitle: string;
    appsLabel: string;
    /** How the names of a list are joined. */
    listSeparator: string;
    guideLabel: string;
    hotlineLabel: string;
    call: (hotline: string) => string;
    copy: string;
    copied: string;
  };
  guide: {
    title: string;
    howTitle: string;
    howSteps: string[];
    notesTitle: string;
    notes: string[];
    startQuery: string;
  };
}

const zh: Strings = {
  appTitle: '一证通查',
  tagline: '手机号码关联的互联网账号查询',
  largeTypeOn: '大字模式：开',
  largeTypeOff: '大字模式：关',
  switchLanguage: 'English',
  backHome: '返回政务服务首页',
  myQueriesEntry: '我的查询',
  myQueriesHint: '查看近30天查询的结果，不用重新查询',
  guideHint: '怎样查询、结果怎么看、常见问题',
  unbindHint: '各企业查看账号详情和解绑的方法、客服电话',
  home: {
    title: '政务服务',
    intro: '在这里办理常用的政务服务。',
    occEntry: '一证通查',
    occEntryHint: '查一查手机号码绑定了哪些互联网账号',
    guideEntry: '使用说明',
  },
  occ: {
    title: '一证通查',
    intro: '请选择要办理的服务。',
    internetAccounts: '互联网账号',
    internetAccountsHint: '查询手机号码在各互联网企业绑定的账号数量',
    phoneCards: '手机卡',
    phoneCardsHint: '查询身份证名下办理的手机卡（另一项服务）',
    unbindEntry: '解绑及详情查询',
    guideEntry: '使用说明',
  },
  phoneCards: {
    title: '手机卡查询',
    body: [
      '“手机卡”查询是另一项服务，查询的是您的身份证名下办理了哪些手机卡。',
      '本小程序目前只提供“互联网账号”查询。查询手机卡，请到手机号码所属运营商的营业厅办理，或拨打运营商客服电话咨询。',
    ],
    useInternet: '改为查询互联网账号',
  },
  query: {
    title: '互联网账号查询',
    intro: '填写以下信息后提交。查询结果将通过短信发送到这个手机号码。',
    phoneLabel: '手机号码',
    phonePlaceholder: '请输入11位手机号码',
    idSuffixLabel: '身份证号码后六位',
    idSuffixPlaceholder: '最后一位可以是X',
    codeLabel: '短信验证码',
    codePlaceholder: '请输入6位验证码',
    getCode: '获取验证码',
    resendIn: (s) => (s > 90 ? `${Math.ceil(s / 60)}分钟后可重新获取` : `${s}秒后可重新获取`),
    codeSent: (m, until) => `验证码已发送到${m}，请在${until}前填写。`,
    privacyTitle: '个人信息保护提示',
    privacyText:
      '为完成查询，我们会使用您填写的手机号码和身份证号码后六位，向运营商核验机主身份，并向各互联网企业查询绑定账号的数量。身份证号码后六位只用于这一次核验，不会保存；手机号码在结果短信发出后即删除。',
    consentPrivacy: '我已阅读并同意以上个人信息处理规则',
    consentSensitive: '我单独同意处理我的敏感个人信息（手机号码和身份证号码后六位）',
    consentMissing: '请先勾选两项同意，再提交查询。',
    codeTooOften: '获取验证码太频繁了。如果已经收到验证码，请直接填写；也可以等按钮上的倒计时结束后再获取。',
    submitNote: '提交前请核对：每个号码24小时内只能查询一次，身份证号码后六位填错也会用掉这一次。',
    submit: '提交查询',
    submitting: '正在提交…',
    retry: '重试',
    networkError: '网络连接不畅，请检查网络后点击“重试”。',
    sending: '正在发送…',
    required: {
      phone: '请输入手机号码。',
      idSuffix: '请输入身份证号码后六位。',
      code: '请输入短信验证码。',
    },
  },
  result: {
    title: {
      inProgress: '查询已提交',
      completed: '查询完成',
      rejected: '未通过核验',
      failed: '结果短信未能发送',
      notFound: '没有找到这次查询',
      loading: '查询结果',
    },
    steps: ['填写', '核验', '短信回复'],
    stepDone: '已完成',
    stepCurrent: '进行中',
    stepFailed: '未完成',
    inProgress: (port, m, by) =>
      `查询结果将由${port}以短信发送到${m}，最晚${by}。您可以离开本页，结果不会丢失。`,
    completed: (port, m, at) => `查询结果已于${at}由${port}以短信发送到${m}，请查收。`,
    rejected: (m, again) =>
      `手机号码的机主信息与填写的身份证号码后六位不一致，详情已以短信发送到${m}。请核对身份证号码后六位，${again}以后可以重新查询。`,
    failed: (again) => `各企业已查询完毕，但结果短信没有发送成功。${again}以后可以重新查询。`,
    notFound: '您的查询记录中没有这次查询（查询记录保留30天）。结果短信如已收到，以短信为准。',
    loading: '正在读取查询结果…',
    numberLabel: '查询号码：',
    progressTitle: '查询进度',
    resultsTitle: '各企业绑定账号数量',
    companyStatus: { PENDING: '查询中', DONE: '已完成', UNAVAILABLE: '暂时无法查询' },
    countLabel: (n) => `${n}个账号`,
    hasAccounts: '有绑定账号',
    noAccounts: '无绑定账号',
    howToUnbind: '查看解绑方法',
    total: (n) => `合计：${n}个账号`,
    unbindLink: '去解绑及查询详情',
    newQuery: '新的查询',
    queryAgain: '重新查询',
    loadError: '暂时无法获取查询结果，请检查网络后点击“重试”。结果仍会以短信发送。',
    retry: '重试',
  },
  queries: {
    title: '我的查询',
    intro: '这里是您近30天的查询，点击一条可以查看结果。',
    loading: '正在读取您的查询…',
    empty: '近30天没有查询记录。',
    startQuery: '开始查询',
    submittedAt: (time) => `提交时间：${time}`,
    withAccounts: (companies) => `有绑定账号的企业：${companies}`,
    companyCount: (company, count) => `${company}${count}个`,
    open: '查看结果',
    loadError: '暂时无法读取您的查询，请检查网络后点击“重试”。',
  },
  unbind: {
    title: '解绑及详情查询',
    intro: '下面是各企业查看账号详情和解除绑定的方法。如有困难，请拨打企业客服电话。',
    indexTitle: '选择企业',
    appsLabel: '包含应用：',
    listSeparator: '、',
    guideLabel: '详情查询及解绑方法：',
    hotlineLabel: '客服电话：',
    call: (h) => `拨打 ${h}`,
    copy: '复制号码',
    copied: '电话号码已复制，可以粘贴到拨号界面。',
  },
  guide: {
    title: '使用说明',
    howTitle: '怎么查询',
    howSteps: [
      '在“一证通查”中选择“互联网账号”。',
      '填写手机号码和身份证号码后六位，点击“获取验证码”。',
      '填写短信里的6位验证码，阅读并勾选两项同意，点击“提交查询”。',
      '48小时内，10699000会把各企业绑定账号的数量以短信发给您。',
    ],
    notesTitle: '注意事项',
    notes: [
      '同一个手机号码24小时内只能查询一次；查询没有成功的，请在24小时后重新查询。',
      '已销号的手机号码不能查询。',
      '对查询结果有异议的，请拨打相关企业的客服电话核实，或在“解绑及详情查询”中查看详情并解绑。',
      '结果短信只告诉您账号数量，不包含账号名称。',
    ],
    startQuery: '开始查询',
  },
};

const en: Strings = {
  appTitle: 'One Card Check',
  tagline: 'Internet accounts linked to your mobile number',
  largeTypeOn: 'Large type: on',
  largeTypeOff: 'Large type: off',
  switchLanguage: '中文',
  backHome: 'Back to Government Services',
  myQueriesEntry: 'My queries',
  myQueriesHint: 'The results of your queries of the last 30 days, without querying again',
  guideHint: 'How to query, how to read the result, common questions',
  unbindHint: 'How each company shows the accounts and unbinds them, and its hotline',
  home: {
    title: 'Government Services',
    intro: 'Everyday government services in one place.',
    occEntry: 'One Card Check',
    occEntryHint: 'See which Internet accounts are bound to your mobile number',
    guideEntry: 'How to use it',
  },
  occ: {
    title: 'One Card Check',
    intro: 'Please choose a service.',
    internetAccounts: 'Internet accounts',
    internetAccountsHint: 'How many accounts each Internet company has bound to your number',
    phoneCards: 'Phone cards',
    phoneCardsHint: 'Phone cards registered under your ID (a separate service)',
    unbindEntry: 'Unbinding and details',
    guideEntry: 'How to use it',
  },
  phoneCards: {
    title: 'Phone cards',
    body: [
      '"Phone cards" is a separate service: it tells you which mobile numbers are registered under your ID card.',
      'This app offers the Internet accounts check only for now. To check your phone cards, visit a shop of your carrier or call its customer service.',
    ],
    useInternet: 'Check Internet accounts instead',
  },
  query: {
    title: 'Internet accounts check',
    intro: 'Fill in the form and submit it. The result will be sent by text message to this number.',
    phoneLabel: 'Mobile number',
    phonePlaceholder: '11-digit mobile number',
    idSuffixLabel: 'Last six characters of your ID number',
    idSuffixPlaceholder: 'The last one may be X',
    codeLabel: 'Code from the text message',
    codePlaceholder: '6-digit code',
    getCode: 'Get code',
    resendIn: (s) => (s > 90 ? `New code in ${Math.ceil(s / 60)} min` : `New code in ${s} s`),
    codeSent: (m, until) => `A code was sent to ${m}. Please enter it before ${until}.`,
    privacyTitle: 'Your personal information',
    privacyText:
      'To answer your query we use the mobile number and the last six characters of your ID number to check the registered owner with the carrier, and we ask each Internet company how many accounts are bound to the number. The ID characters are used for this one check and never stored; the number is deleted once the result has been sent.',
    consentPrivacy: 'I have read and agree to these rules for my personal information',
    consentSensitive:
      'I separately agree to the processing of my sensitive personal information (mobile number and last six ID characters)',
    consentMissing: 'Please tick both agreements before you submit.',
    codeTooOften:
      'Codes were requested too often. If a code has arrived, enter it; or ask for a new one when the countdown on the button ends.',
    submitNote:
      'Please check before you submit: a number can be queried once in 24 hours, and a wrong ID suffix uses that once too.',
    submit: 'Submit query',
    submitting: 'Submitting...',
    retry: 'Try again',
    networkError: 'The network is not responding. Please check your connection and tap "Try again".',
    sending: 'Sending...',
    required: {
      phone: 'Please enter your mobile number.',
      idSuffix: 'Please enter the last six characters of your ID number.',
      code: 'Please enter the code from the text message.',
    },
  },
  result: {
    title: {
      inProgress: 'Query submitted',
      completed: 'Query complete',
      rejected: 'Not verified',
      failed: 'Result message not sent',
      notFound: 'Query not found',
      loading: 'Query result',
    },
    steps: ['Fill in', 'Check', 'Text reply'],
    stepDone: 'done',
    stepCurrent: 'in progress',
    stepFailed: 'not completed',
    inProgress: (port, m, by) =>
      `The result will be sent by text message from ${port} to ${m} by ${by} at the latest. You can leave this page: the result will not be lost.`,
    completed: (port, m, at) => `The result was sent by text message from ${port} to ${m} at ${at}.`,
    rejected: (m, again) =>
      `The registered owner of the number does not match the last six ID characters you entered; a text message to ${m} says more. Please check the last six characters of your ID number. You can query again from ${again}.`,
    failed: (again) =>
      `Every company has answered, but the result message could not be sent. You can query again from ${again}.`,
    notFound:
      'This query is not among your queries (they are kept for 30 days). If the result message has arrived, it is what counts.',
    loading: 'Loading the query result...',
    numberLabel: 'Number: ',
    progressTitle: 'Progress',
    resultsTitle: 'Accounts at each company',
    companyStatus: { PENDING: 'Checking', DONE: 'Done', UNAVAILABLE: 'Not available right now' },
    countLabel: (n) => `${n} ${n === 1 ? 'account' : 'accounts'}`,
    hasAccounts: 'Has accounts',
    noAccounts: 'No accounts',
    howToUnbind: 'How to unbind',
    total: (n) => `Total: ${n} ${n === 1 ? 'account' : 'accounts'}`,
    unbindLink: 'Unbind accounts or see details',
    newQuery: 'New query',
    queryAgain: 'Query again',
    loadError:
      'The result cannot be shown right now. Please check your connection and tap "Try again". The result will still come by text message.',
    retry: 'Try again',
  },
  queries: {
    title: 'My queries',
    intro: 'Your queries of the last 30 days. Tap one to see its result.',
    loading: 'Loading your queries...',
    empty: 'No queries in the last 30 days.',
    startQuery: 'Start a query',
    submittedAt: (time) => `Submitted at ${time}`,
    withAccounts: (companies) => `Companies with accounts: ${companies}`,
    companyCount: (company, count) => `${company} ${count}`,
    open: 'See the result',
    loadError: 'Your queries cannot be shown right now. Please check your connection and tap "Try again".',
  },
  unbind: {
    title: 'Unbinding and details',
    intro:
      'How each company lets you see the details of your accounts and unbind them. If you need help, call the company hotline.',
    indexTitle: 'Choose a company',
    appsLabel: 'Apps: ',
    listSeparator: ', ',
    guideLabel: 'Details and unbinding: ',
    hotlineLabel: 'Hotline: ',
    call: (h) => `Call ${h}`,
    copy: 'Copy number',
    copied: 'Number copied: you can paste it into the phone app.',
  },
  guide: {
    title: 'How to use it',
    howTitle: 'Steps',
    howSteps: [
      'In One Card Check choose "Internet accounts".',
      'Enter your mobile number and the last six characters of your ID number, then tap "Get code".',
      'Enter the 6-digit code from the text message, read and tick both agreements, then tap "Submit query".',
      'Within 48 hours, 10699000 sends you a text message with the number of accounts at each company.',
    ],
    notesTitle: 'Good to know',
    notes: [
      'A number can be queried once every 24 hours. If a query was not successful, please query again after 24 hours.',
      'A cancelled number cannot be queried.',
      'If you disagree with the result, call the hotline of the company concerned, or open "Unbinding and details" to see the details and unbind.',
      'The result tells you how many accounts there are, never their names.',
    ],
    startQuery: 'Start a query',
  },
};

export const STRINGS: Record<Locale, Strings> = { 'zh-CN': zh, en };
