import Router from '@koa/router';
import { AUDIT_LOG_ROLES, auditLogQuerySchema, type AuditLogQuery } from '@pfs/shared';
import type { AppDeps } from '../../app-deps';
import { valid, validate } from '../../http/validate';
import { authenticate, principalOf, requireRole } from '../auth/authenticate';
import { exportAuditLog } from './export-audit-log';
import { auditScopeOf, readAuditLog, type AuditFilters } from './read-audit-log';

/** The filters as they go into the audit row of the read (codes and dates only; the query holds no personal data). */
function filtersOf(q: AuditFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The audit log for compliance and administrators: a filtered page, and the whole selection as CSV. Both are audited. */
export function auditLogRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/audit-log' });
  router.use(authenticate(deps.sessions), requireRole(...AUDIT_LOG_ROLES));

  router.get('/', validate({ query: auditLogQuerySchema }), async (ctx) => {
    const q = valid<unknown, AuditLogQuery>(ctx).query;
    const { page, pageSize: _pageSize, ...filters } = q;
    const body = await readAuditLog(deps.db.prisma, auditScopeOf(principalOf(ctx)), q);
    await deps.audit.record(ctx, { action: 'audit_log.read', entity: 'audit_log', detail: { ...filtersOf(filters), page, rows: body.items.length } });
    ctx.set('cache-control', 'no-store');
    ctx.body = body;
  });

  router.get('/export', validate({ query: auditLogQuerySchema }), async (ctx) => {
    const { page: _page, pageSize: _pageSize, ...filters } = valid<unknown, AuditLogQuery>(ctx).query;
    const { csv, rows } = await exportAuditLog(deps.db.prisma, auditScopeOf(principalOf(ctx)), filters);
    await deps.audit.record(ctx, { action: 'audit_log.export', entity: 'audit_log', detail: { ...filtersOf(filters), rows } });
    const day = new Date(deps.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
    ctx.set('cache-control', 'no-store');
    ctx.body = { filename: `audit-log-${day}.csv`, rows, csv };
  });

  return router;
}
