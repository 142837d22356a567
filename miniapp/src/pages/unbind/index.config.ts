export default definePageConfig({ navigationBarTitleText: '解绑及详情查询' });
