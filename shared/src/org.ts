import * as z from 'zod/mini';
import { text } from './text';

export const ROLES = ['ADVISOR', 'UNIT_MANAGER', 'OPERATIONS', 'COMPLIANCE', 'ADMIN'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const ROLE_LABELS_ZH: Record<Role, string> = {
  ADVISOR: '理财经理',
  UNIT_MANAGER: '机构负责人',
  OPERATIONS: '运营',
  COMPLIANCE: '合规',
  ADMIN: '管理员',
};

export const UNIT_LEVELS = ['BRANCH', 'SUB_BRANCH', 'OUTLET'] as const;
export const unitLevelSchema = z.enum(UNIT_LEVELS);
export type UnitLevel = z.infer<typeof unitLevelSchema>;
export const UNIT_LEVEL_LABELS_ZH: Record<UnitLevel, string> = { BRANCH: '分行', SUB_BRANCH: '支行', OUTLET: '网点' };

export const orgUnitSchema = z.object({
  id: z.string(),
  name: z.string(),
  level: unitLevelSchema,
  parentId: z.nullable(z.string()),
});
export type OrgUnit = z.infer<typeof orgUnitSchema>;

export const staffSchema = z.object({
  id: z.string(),
  wecomUserId: z.string(),
  name: z.string(),
  unit: orgUnitSchema,
  roles: z.array(roleSchema),
});
export type Staff = z.infer<typeof staffSchema>;

export const idParamSchema = z.object({ id: text().check(z.minLength(1), z.maxLength(64)) });
export const pageQuerySchema = z.object({
  page: z._default(z.coerce.number().check(z.int(), z.minimum(1)), 1),
  pageSize: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
});
