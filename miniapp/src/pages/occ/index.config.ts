export default definePageConfig({ navigationBarTitleText: '一证通查' });
