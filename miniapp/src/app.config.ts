// Main package: the launch page and "我的". Every tab and the chat-toolbar sidebar live in subpackages so the
// features that land in them later do not grow the main package (WeChat caps it at 2 MB).
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/me/index'],
  subPackages: [
    { root: 'workbench', pages: ['pages/index'] },
    { root: 'customers', pages: ['pages/index', 'pages/detail'] },
    { root: 'brochure', pages: ['pages/index'] },
    { root: 'reports', pages: ['pages/index'] },
    // Compliance and administrators: the audit log.
    { root: 'audit', pages: ['pages/index'] },
    { root: 'sidebar', pages: ['pages/index'] },
    { root: 'webview', pages: ['pages/index'] },
    // The customer's H5 real-name verification (opened from the invitation link; no advisor login).
    { root: 'verify', pages: ['pages/index'] },
  ],
  // Fetch the everyday tabs right after launch so the first tab switch does not wait for a download.
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['workbench', 'customers', 'brochure'] },
  },
  window: {
    backgroundTextStyle: 'dark',
    // Same navy as the page's title band, so the native bar and the page read as one header.
    navigationBarBackgroundColor: '#122a4f',
    navigationBarTitleText: '主动金融服务',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f5f7',
  },
});
