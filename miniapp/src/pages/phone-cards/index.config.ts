export default definePageConfig({ navigationBarTitleText: '手机卡查询' });
