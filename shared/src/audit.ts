import * as z from 'zod/mini';
import { text } from './text';
import { pageQuerySchema, type Role } from './org';

/** Who may read the audit log (`GET /api/audit-log`, itself audited): compliance and administrators. */
export const AUDIT_LOG_ROLES = ['COMPLIANCE', 'ADMIN'] as const satisfies readonly Role[];

/** Most rows one CSV export holds; a larger selection must be narrowed with the filters first. */
export const AUDIT_LOG_EXPORT_MAX_ROWS = 5000;

const auditCode = text().check(z.trim(), z.regex(/^[a-z][a-z0-9_.]{0,63}$/, '小写字母、数字、“_”或“.”'));

/**
 * `GET /api/audit-log` (and `/api/audit-log/export`): filters and paging. `actor` is the staff member's WeCom
 * userid; `from`/`to` are China calendar days, both inclusive. Leave a filter out rather than sending it empty.
 */
export const auditLogQuerySchema = z.extend(pageQuerySchema, {
  action: z.optional(auditCode),
  actor: z.optional(text().check(z.trim(), z.regex(/^[A-Za-z0-9_.@-]{1,64}$/, '企业微信账号'))),
  entity: z.optional(auditCode),
  entityId: z.optional(text().check(z.trim(), z.regex(/^[A-Za-z0-9_-]{1,64}$/, '记录编号'))),
  from: z.optional(z.iso.date()),
  to: z.optional(z.iso.date()),
});
export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

/**
 * One audit row as compliance reads it. No personal data: actors are staff (name and unit) or a kind (customer,
 * system); the IP keeps its network part only; `detail` holds only known, non-personal fields (a free-text reason
 * has its digit runs masked, in case someone typed an ID or phone number into it).
 */
export const auditLogEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorType: z.string(),
  actor: z.nullable(z.object({ wecomUserId: z.string(), name: z.string(), unitName: z.string() })),
  action: z.string(),
  entity: z.string(),
  entityId: z.nullable(z.string()),
  ipMasked: z.nullable(z.string()),
  requestId: z.nullable(z.string()),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
});
export type AuditLogEntry = z.infer<typeof auditLogEntrySchema>;

export const auditLogPageSchema = z.object({
  items: z.array(auditLogEntrySchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type AuditLogPage = z.infer<typeof auditLogPageSchema>;

/**
 * `GET /api/audit-log/export`: every row of the selection as CSV (UTF-8 with BOM, for Excel), inside JSON so that
 * both runtimes' request APIs and the schema check carry it; the page saves it under `filename`.
 */
export const auditLogExportSchema = z.object({ filename: z.string(), rows: z.number(), csv: z.string() });
export type AuditLogExport = z.infer<typeof auditLogExportSchema>;

/** Chinese names of the actions the BFF records (the filter's choices and the page's labels). */
export const AUDIT_ACTION_LABELS_ZH: Record<string, string> = {
  'customer.view': '查看客户',
  'customer.tags': '修改客户标签',
  reveal_id_number: '查看完整证件号',
  'invitation.issue': '发送实名邀请',
  'customer.verify': '客户完成实名认证',
  'consent.withdraw': '客户撤回授权',
  'audit_log.read': '查阅审计日志',
  'audit_log.export': '导出审计日志',
};

export const AUDIT_ACTOR_TYPE_LABELS_ZH: Record<string, string> = { STAFF: '员工', CUSTOMER: '客户', SYSTEM: '系统', ANONYMOUS: '匿名' };

export const AUDIT_ENTITY_LABELS_ZH: Record<string, string> = { customer: '客户', invitation: '实名邀请', audit_log: '审计日志' };
