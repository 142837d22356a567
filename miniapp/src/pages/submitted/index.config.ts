export default definePageConfig({ navigationBarTitleText: '查询已提交' });
