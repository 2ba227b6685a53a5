import type { FunnelCounts, VerificationFunnel, VerificationFunnelQuery } from '@pfs/shared';
import type { SqlRunner } from '../../db/database';
import { AppError } from '../../http/app-error';
import type { Principal } from '../auth/principal';

export type FunnelScope = { kind: 'all' } | { kind: 'subtree'; unitPath: string };

/** Administrators and operations see every unit; a unit manager their subtree. */
export function funnelScopeOf(p: Principal): FunnelScope {
  if (p.roles.includes('ADMIN') || p.roles.includes('OPERATIONS')) return { kind: 'all' };
  if (p.roles.includes('UNIT_MANAGER')) return { kind: 'subtree', unitPath: p.unit.path };
  throw new AppError('FORBIDDEN');
}

/** A calendar day in China (UTC+8) as the instant it starts. */
function chinaDayStart(isoDate: string, plusDays = 0): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00+08:00`) + plusDays * 86_400_000);
}

interface FunnelRow {
  key: string | null;
  label: string | null;
  invited: string | number;
  opened: string | number;
  consented: string | number;
  verified: string | number;
}

/**
 * Invited → opened → consented → verified, counted in customers (a re-issued invitation does not count twice), by the
 * inviting advisor's unit or by the advisor, for invitations issued in [from, to] (China calendar days). The totals
 * come from the same query (grouping sets), so a customer invited by two advisors counts once in them.
 */
export async function verificationFunnel(sql: SqlRunner, scope: FunnelScope, q: VerificationFunnelQuery): Promise<VerificationFunnel> {
  const values: unknown[] = [];
  const p = (v: unknown): string => {
    values.push(v);
    return `$${values.length}`;
  };
  const where: string[] = ['true'];
  if (scope.kind === 'subtree') where.push(`starts_with(u.path, ${p(scope.unitPath)})`);
  if (q.from) where.push(`i.issued_at >= ${p(chinaDayStart(q.from).toISOString())}::timestamptz AT TIME ZONE 'UTC'`);
  if (q.to) where.push(`i.issued_at < ${p(chinaDayStart(q.to, 1).toISOString())}::timestamptz AT TIME ZONE 'UTC'`);
  const [key, label, order] = q.groupBy === 'advisor' ? ['s.id', `s.name || '（' || u.name || '）'`, 'u.path, s.name, s.id'] : ['u.id', 'u.name', 'u.path'];
  const text = `
SELECT ${key} AS key, min(${label}) AS label,
  count(DISTINCT i.customer_id) AS invited,
  count(DISTINCT i.customer_id) FILTER (WHERE i.first_opened_at IS NOT NULL) AS opened,
  count(DISTINCT i.customer_id) FILTER (WHERE i.consented_at IS NOT NULL) AS consented,
  count(DISTINCT i.customer_id) FILTER (WHERE i.verified_at IS NOT NULL) AS verified,
  min(${order.split(',')[0]}) AS sort_key
FROM invitation i JOIN staff s ON s.id = i.staff_id JOIN org_unit u ON u.id = s.unit_id
WHERE ${where.join(' AND ')}
GROUP BY GROUPING SETS ((${key}), ())
ORDER BY (${key}) IS NULL, sort_key, label`;
  const res = await sql.query<FunnelRow>(text, values);
  const counts = (r: FunnelRow): FunnelCounts => ({ invited: Number(r.invited), opened: Number(r.opened), consented: Number(r.consented), verified: Number(r.verified) });
  const rows = res.rows.filter((r) => r.key !== null).map((r) => ({ key: r.key ?? '', label: r.label ?? '', ...counts(r) }));
  const total = res.rows.find((r) => r.key === null);
  return { rows, totals: total ? counts(total) : { invited: 0, opened: 0, consented: 0, verified: 0 } };
}
