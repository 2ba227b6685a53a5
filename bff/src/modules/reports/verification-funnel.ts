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

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** Days counted when the caller gives no range: the last 30, today included. */
export const DEFAULT_RANGE_DAYS = 30;

/** A calendar day in China (UTC+8) as the instant it starts. */
function chinaDayStart(isoDate: string, plusDays = 0): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00+08:00`) + plusDays * DAY_MS);
}

/** The China calendar day of an instant, `days` later (ISO date). */
function chinaDate(at: Date, days = 0): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS + days * DAY_MS).toISOString().slice(0, 10);
}

/** The range counted: as asked; without an end, today (China time, from the clock); without a start, 30 days. */
export function funnelRange(q: Pick<VerificationFunnelQuery, 'from' | 'to'>, now: Date): { from: string; to: string } {
  const to = q.to ?? chinaDate(now);
  const from = q.from ?? chinaDate(chinaDayStart(to), -(DEFAULT_RANGE_DAYS - 1));
  return { from, to };
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
 * inviting advisor's unit or by the advisor, for invitations issued in [from, to] (China calendar days). Every unit
 * (or advisor) in scope that can invite is a row, with zeros when it has not: an active advisor makes it one, and so
 * do invitations of someone who has since left. The totals come from the same query (grouping sets), so a customer
 * invited by two advisors counts once in them.
 */
export async function verificationFunnel(sql: SqlRunner, scope: FunnelScope, q: VerificationFunnelQuery, now: Date): Promise<VerificationFunnel> {
  const range = funnelRange(q, now);
  const values: unknown[] = [];
  const p = (v: unknown): string => {
    values.push(v);
    return `$${values.length}`;
  };
  const inScope = scope.kind === 'subtree' ? `starts_with(u.path, ${p(scope.unitPath)})` : 'true';
  const fromAt = p(chinaDayStart(range.from).toISOString());
  const toAt = p(chinaDayStart(range.to, 1).toISOString());
  const byAdvisor = q.groupBy === 'advisor';
  const [key, label, sort2, sort3] = byAdvisor ? ['s.id', `s.name || '（' || u.name || '）'`, 's.name', 's.id'] : ['u.id', 'u.name', "''", "''"];
  const text = `
WITH inv AS (
  SELECT i.customer_id, i.first_opened_at, i.consented_at, i.verified_at, ${key} AS key
  FROM invitation i JOIN staff s ON s.id = i.staff_id JOIN org_unit u ON u.id = s.unit_id
  WHERE ${inScope}
    AND i.issued_at >= ${fromAt}::timestamptz AT TIME ZONE 'UTC' AND i.issued_at < ${toAt}::timestamptz AT TIME ZONE 'UTC'
), counts AS (
  SELECT key,
    count(DISTINCT customer_id) AS invited,
    count(DISTINCT customer_id) FILTER (WHERE first_opened_at IS NOT NULL) AS opened,
    count(DISTINCT customer_id) FILTER (WHERE consented_at IS NOT NULL) AS consented,
    count(DISTINCT customer_id) FILTER (WHERE verified_at IS NOT NULL) AS verified
  FROM inv GROUP BY GROUPING SETS ((key), ())
), dim AS (
  SELECT DISTINCT ${key} AS key, ${label} AS label, u.path AS sort1, ${sort2} AS sort2, ${sort3} AS sort3
  FROM staff s JOIN org_unit u ON u.id = s.unit_id
  WHERE ${inScope} AND ((s.active AND s.roles @> ARRAY['ADVISOR']::"Role"[]) OR ${key} IN (SELECT key FROM inv))
)
SELECT d.key, d.label, coalesce(c.invited, 0) AS invited, coalesce(c.opened, 0) AS opened, coalesce(c.consented, 0) AS consented,
  coalesce(c.verified, 0) AS verified, false AS is_total, d.sort1, d.sort2, d.sort3
FROM dim d LEFT JOIN counts c ON c.key = d.key
UNION ALL
SELECT NULL, NULL, c.invited, c.opened, c.consented, c.verified, true, NULL, NULL, NULL FROM counts c WHERE c.key IS NULL
ORDER BY is_total, sort1, sort2, sort3, label`;
  const res = await sql.query<FunnelRow>(text, values);
  const counts = (r: FunnelRow): FunnelCounts => ({ invited: Number(r.invited), opened: Number(r.opened), consented: Number(r.consented), verified: Number(r.verified) });
  const rows = res.rows.filter((r) => r.key !== null).map((r) => ({ key: r.key ?? '', label: r.label ?? '', ...counts(r) }));
  const total = res.rows.find((r) => r.key === null);
  return { rows, totals: total ? counts(total) : { invited: 0, opened: 0, consented: 0, verified: 0 }, ...range };
}
