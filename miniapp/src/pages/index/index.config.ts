export default definePageConfig({ navigationBarTitleText: '主动金融服务' });
