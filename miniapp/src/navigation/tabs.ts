import { AUDIT_LOG_ROLES, type Role } from '@pfs/shared';
import { ROUTES } from './routes';

export type TabKey = 'workbench' | 'customers' | 'brochure' | 'reports' | 'audit' | 'me';

export interface TabDef {
  key: TabKey;
  label: string;
  route: string;
  /** Roles that see the tab; undefined = everyone. */
  roles?: readonly Role[];
  /** Shown to someone who deep-links to a tab their role does not see. */
  deniedNote?: string;
}

/** Reports are hidden from advisors and compliance (the BFF enforces the same rule on the data: funnelScopeOf). */
export const REPORT_ROLES: readonly Role[] = ['UNIT_MANAGER', 'ADMIN', 'OPERATIONS'];
/** Who has customers to look at (the BFF's customerScopeOf); operations and compliance work on content. */
export const CUSTOMER_ROLES: readonly Role[] = ['ADVISOR', 'UNIT_MANAGER', 'ADMIN'];
/** The daily follow-up tasks belong to the people who serve customers. */
export const WORKBENCH_ROLES: readonly Role[] = ['ADVISOR', 'UNIT_MANAGER'];

/** Each role sees only the tabs it can use (a tab it cannot use would only answer 没有权限). */
export const TABS: readonly TabDef[] = [
  { key: 'workbench', label: '工作台', route: ROUTES.workbench, roles: WORKBENCH_ROLES, deniedNote: '工作台仅向客户经理和机构负责人开放。' },
  { key: 'customers', label: '客户', route: ROUTES.customers, roles: CUSTOMER_ROLES, deniedNote: '客户信息仅向客户经理、机构负责人和管理员开放；运营与合规岗位请使用图册与审计功能。' },
  { key: 'brochure', label: '图册', route: ROUTES.brochure },
  { key: 'reports', label: '报表', route: ROUTES.reports, roles: REPORT_ROLES, deniedNote: '管理报表仅向机构负责人、运营和管理员开放。' },
  { key: 'audit', label: '审计', route: ROUTES.audit, roles: AUDIT_LOG_ROLES, deniedNote: '审计日志仅向合规岗位和管理员开放。' },
  { key: 'me', label: '我的', route: ROUTES.me },
];

export function canSeeTab(tab: TabDef, roles: readonly Role[]): boolean {
  return !tab.roles || tab.roles.some((role) => roles.includes(role));
}

export function visibleTabs(roles: readonly Role[]): TabDef[] {
  return TABS.filter((tab) => canSeeTab(tab, roles));
}

/** Where the tabbed app opens for these roles: their first tab (工作台 for advisors and managers). */
export function homeRoute(roles: readonly Role[]): string {
  return (visibleTabs(roles)[0] ?? tabByKey('me')).route;
}

export function tabByKey(key: TabKey): TabDef {
  const tab = TABS.find((candidate) => candidate.key === key);
  if (!tab) throw new Error(`unknown tab ${key}`);
  return tab;
}
