export default defineAppConfig({
  pages: [
    'pages/home/index',
    'pages/occ/index',
    'pages/phone-cards/index',
    'pages/query/index',
    'pages/submitted/index',
    'pages/queries/index',
    'pages/unbind/index',
    'pages/guide/index',
  ],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#b5121b',
    navigationBarTitleText: '一证通查',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f5f7',
  },
  // WeChat injects each page's components when the page first needs them (用时注入), as its code-quality check asks.
  ...(process.env.TARO_ENV === 'weapp' ? { lazyCodeLoading: 'requiredComponents' } : {}),
});
