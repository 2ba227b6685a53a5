import { AUDIT_ACTION_LABELS_ZH, AUDIT_ACTOR_TYPE_LABELS_ZH, AUDIT_ENTITY_LABELS_ZH, AUDIT_LOG_EXPORT_MAX_ROWS, type AuditLogEntry } from '@pfs/shared';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { auditWhere, toEntries, type AuditFilters, type AuditScope } from './read-audit-log';

const HEADER = ['时间（北京时间）', '操作', '操作代码', '操作人类型', '操作人', '企业微信账号', '所属机构', '对象', '对象编号', 'IP（脱敏）', '请求编号', '详情'];

/** UTC+8 wall-clock time, e.g. 2026-11-24 16:00:00 (the way a compliance officer reads it). */
function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** RFC 4180 quoting, and a leading apostrophe before = + - @ so that a spreadsheet never runs a cell as a formula. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

function line(e: AuditLogEntry): string {
  const detail = Object.entries(e.detail)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
    .join('; ');
  return [
    chinaTime(e.at),
    AUDIT_ACTION_LABELS_ZH[e.action] ?? e.action,
    e.action,
    AUDIT_ACTOR_TYPE_LABELS_ZH[e.actorType] ?? e.actorType,
    e.actor?.name ?? '',
    e.actor?.wecomUserId ?? '',
    e.actor?.unitName ?? '',
    AUDIT_ENTITY_LABELS_ZH[e.entity] ?? e.entity,
    e.entityId ?? '',
    e.ipMasked ?? '',
    e.requestId ?? '',
    detail,
  ]
    .map(cell)
    .join(',');
}

/**
 * Every row matching the filters as CSV (UTF-8 with a BOM, so that Excel shows the Chinese), newest first, with the
 * same masking as the page. More than AUDIT_LOG_EXPORT_MAX_ROWS rows are refused: narrow the filters first.
 */
export async function exportAuditLog(prisma: PrismaClient, scope: AuditScope, filters: AuditFilters): Promise<{ csv: string; rows: number }> {
  const where = await auditWhere(prisma, scope, filters);
  const total = where ? await prisma.auditLog.count({ where }) : 0;
  if (total > AUDIT_LOG_EXPORT_MAX_ROWS) {
    throw new AppError('BAD_REQUEST', `符合条件的记录有${total}条，超过单次导出上限${AUDIT_LOG_EXPORT_MAX_ROWS}条，请缩小筛选范围`, { total, max: AUDIT_LOG_EXPORT_MAX_ROWS });
  }
  const rows = where ? await prisma.auditLog.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }] }) : [];
  const entries = await toEntries(prisma, rows);
  return { csv: `\uFEFF${[HEADER.map(cell).join(','), ...entries.map(line)].join('\r\n')}\r\n`, rows: entries.length };
}
