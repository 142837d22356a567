export default definePageConfig({ navigationBarTitleText: '查询结果' });
