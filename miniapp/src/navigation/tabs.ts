import type { Role } from '@pfs/shared';
import { ROUTES } from './routes';

export type TabKey = 'workbench' | 'customers' | 'brochure' | 'reports' | 'me';

export interface TabDef {
  key: TabKey;
  label: string;
  route: string;
  /** Roles that see the tab; undefined = everyone. */
  roles?: readonly Role[];
  /** Shown to someone who deep-links to a tab their role does not see. */
  deniedNote?: string;
}

/** Managers' reports are hidden from advisors (the BFF enforces the same rule on the data). */
export const REPORT_ROLES: readonly Role[] = ['UNIT_MANAGER', 'ADMIN'];

export const TABS: readonly TabDef[] = [
  { key: 'workbench', label: '工作台', route: ROUTES.workbench },
  { key: 'customers', label: '客户', route: ROUTES.customers },
  { key: 'brochure', label: '图册', route: ROUTES.brochure },
  { key: 'reports', label: '报表', route: ROUTES.reports, roles: REPORT_ROLES, deniedNote: '管理报表仅向机构负责人和管理员开放。' },
  { key: 'me', label: '我的', route: ROUTES.me },
];

export function canSeeTab(tab: TabDef, roles: readonly Role[]): boolean {
  return !tab.roles || tab.roles.some((role) => roles.includes(role));
}

export function visibleTabs(roles: readonly Role[]): TabDef[] {
  return TABS.filter((tab) => canSeeTab(tab, roles));
}

export function tabByKey(key: TabKey): TabDef {
  const tab = TABS.find((candidate) => candidate.key === key);
  if (!tab) throw new Error(`unknown tab ${key}`);
  return tab;
}
