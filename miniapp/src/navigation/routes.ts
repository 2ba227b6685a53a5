/** Page paths as registered in app.config.ts (subpackage root + page). */
export const ROUTES = {
  launch: '/pages/index/index',
  me: '/pages/me/index',
  workbench: '/workbench/pages/index',
  customers: '/customers/pages/index',
  customerDetail: '/customers/pages/detail',
  verify: '/verify/pages/index',
  brochure: '/brochure/pages/index',
  reports: '/reports/pages/index',
  audit: '/audit/pages/index',
  sidebar: '/sidebar/pages/index',
  webview: '/webview/pages/index',
} as const;
