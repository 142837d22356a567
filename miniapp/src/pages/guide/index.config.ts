export default definePageConfig({ navigationBarTitleText: '使用说明' });
