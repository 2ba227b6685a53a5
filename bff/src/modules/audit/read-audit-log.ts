import type { AuditLogEntry, AuditLogPage, AuditLogQuery } from '@pfs/shared';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import type { Principal } from '../auth/principal';
import { maskIp, viewDetail } from './audit-log-view';

/**
 * Whose actions a reader sees: an administrator every row; compliance the staff of its unit's subtree (the branch)
 * and the rows no staff member wrote (customers' and the system's). Everybody else is refused by the route.
 */
export type AuditScope = { kind: 'all' } | { kind: 'subtree'; unitPath: string };

export function auditScopeOf(p: Principal): AuditScope {
  if (p.roles.includes('ADMIN')) return { kind: 'all' };
  if (p.roles.includes('COMPLIANCE')) return { kind: 'subtree', unitPath: p.unit.path };
  throw new AppError('FORBIDDEN');
}

/** A China calendar day (UTC+8) as the instant it starts. */
function chinaDayStart(isoDate: string, plusDays = 0): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00+08:00`) + plusDays * 86_400_000);
}

export type AuditFilters = Omit<AuditLogQuery, 'page' | 'pageSize'>;

/** The rows matching the filters inside the scope, or null when the named actor does not exist (nothing matches). */
export async function auditWhere(prisma: PrismaClient, scope: AuditScope, f: AuditFilters): Promise<Prisma.AuditLogWhereInput | null> {
  const and: Prisma.AuditLogWhereInput[] = [];
  if (f.action) and.push({ action: f.action });
  if (f.entity) and.push({ entity: f.entity });
  if (f.entityId) and.push({ entityId: f.entityId });
  if (f.from) and.push({ at: { gte: chinaDayStart(f.from) } });
  if (f.to) and.push({ at: { lt: chinaDayStart(f.to, 1) } });
  if (f.actor) {
    const staff = await prisma.staff.findUnique({ where: { wecomUserId: f.actor }, select: { id: true } });
    if (!staff) return null;
    and.push({ actorType: 'STAFF', actorId: staff.id });
  }
  if (scope.kind === 'subtree') {
    const inScope = await prisma.staff.findMany({ where: { unit: { path: { startsWith: scope.unitPath } } }, select: { id: true } });
    and.push({ OR: [{ actorType: { not: 'STAFF' } }, { actorId: { in: inScope.map((s) => s.id) } }] });
  }
  return { AND: and };
}

type AuditRow = Prisma.AuditLogGetPayload<object>;

/** Rows as compliance reads them: staff actors by name and unit, masked IP, reviewed detail fields only. */
export async function toEntries(prisma: PrismaClient, rows: AuditRow[]): Promise<AuditLogEntry[]> {
  const actorIds = [...new Set(rows.filter((r) => r.actorType === 'STAFF' && r.actorId).map((r) => r.actorId as string))];
  const staff = actorIds.length
    ? await prisma.staff.findMany({ where: { id: { in: actorIds } }, select: { id: true, wecomUserId: true, name: true, unit: { select: { name: true } } } })
    : [];
  const byId = new Map(staff.map((s) => [s.id, { wecomUserId: s.wecomUserId, name: s.name, unitName: s.unit.name }]));
  return rows.map((r) => ({
    id: r.id.toString(),
    at: r.at.toISOString(),
    actorType: r.actorType,
    actor: r.actorType === 'STAFF' && r.actorId ? (byId.get(r.actorId) ?? null) : null,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    ipMasked: maskIp(r.ip),
    requestId: r.requestId || null,
    detail: viewDetail(r.detail),
  }));
}

/** One page of the audit log, newest first. The route audits the read itself. */
export async function readAuditLog(prisma: PrismaClient, scope: AuditScope, q: AuditLogQuery): Promise<AuditLogPage> {
  const { page, pageSize, ...filters } = q;
  const where = await auditWhere(prisma, scope, filters);
  if (!where) return { items: [], total: 0, page, pageSize };
  const [total, rows] = await Promise.all([
    prisma.auditLog.count({ where }),
    prisma.auditLog.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], skip: (page - 1) * pageSize, take: pageSize }),
  ]);
  return { items: await toEntries(prisma, rows), total, page, pageSize };
}
