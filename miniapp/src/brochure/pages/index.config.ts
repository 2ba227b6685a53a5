export default definePageConfig({ navigationBarTitleText: '图册' });
