export default definePageConfig({ navigationBarTitleText: '互联网账号查询' });
