import { AUM_TIER_MIN_FEN, aumTierOfFen, type AumTier, type CustomerList, type CustomerListItem, type CustomerListQuery } from '@pfs/shared';
import type { SqlRunner } from '../../db/database';
import { maskName } from '../../lib/pii';
import type { CustomerScope } from '../auth/data-scope';
import { chinaBusinessDay } from '../recommendations';
import { MATURING_SOON_DAYS } from './profile.service';
import { jsonTimestamp } from './scope-sql';

interface ListRow {
  id: string;
  displayName: string;
  crmName: string | null;
  verifiedAt: string | null;
  aumFen: string | null;
  riskLevel: number | null;
  tags: { id: string; name: string }[];
  maturingSoon: boolean;
  addedAt: string;
  staffName: string;
}

const TIER_BOUNDS: Record<AumTier, [bigint, bigint | null]> = {
  MASS: [AUM_TIER_MIN_FEN.MASS, AUM_TIER_MIN_FEN.AFFLUENT],
  AFFLUENT: [AUM_TIER_MIN_FEN.AFFLUENT, AUM_TIER_MIN_FEN.HIGH_NET_WORTH],
  HIGH_NET_WORTH: [AUM_TIER_MIN_FEN.HIGH_NET_WORTH, AUM_TIER_MIN_FEN.PRIVATE],
  PRIVATE: [AUM_TIER_MIN_FEN.PRIVATE, null],
};

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/**
 * The customer list: one row per active relationship in scope (an advisor's own follows through
 * advisor_customer(staff_id, status); a manager's by the staff of the unit subtree), newest first. Search is on the
 * display name, the advisor's remark and the last four digits of the masked phone — never on raw personal data.
 */
export async function listCustomers(sql: SqlRunner, scope: CustomerScope, q: CustomerListQuery, now: Date): Promise<CustomerList> {
  const values: unknown[] = [];
  const p = (v: unknown): string => {
    values.push(v);
    return `$${values.length}`;
  };
  const today = chinaBusinessDay(now);
  const where: string[] = [`ac.status = 'ACTIVE'`];
  if (scope.kind === 'own') where.push(`ac.staff_id = ${p(scope.staffId)}`);
  if (scope.kind === 'subtree') where.push(`ac.staff_id IN (SELECT s2.id FROM staff s2 JOIN org_unit u2 ON u2.id = s2.unit_id WHERE starts_with(u2.path, ${p(scope.unitPath)}))`);
  if (q.q) {
    const like = p(likePattern(q.q));
    const last4 = /^\d{4}$/.test(q.q) ? ` OR (c.verified_at IS NOT NULL AND right(c.phone_masked, 4) = ${p(q.q)})` : '';
    where.push(`(c.display_name ILIKE ${like} OR ac.remark ILIKE ${like}${last4})`);
  }
  if (q.verified !== undefined) where.push(q.verified ? 'c.verified_at IS NOT NULL' : 'c.verified_at IS NULL');
  if (q.tagId) where.push(`EXISTS (SELECT 1 FROM customer_tag ct WHERE ct.customer_id = ac.customer_id AND ct.tag_id = ${p(q.tagId)})`);
  if (q.aumTier) {
    const [lo, hi] = TIER_BOUNDS[q.aumTier];
    where.push(`cc.aum_fen >= ${p(lo.toString())}::bigint${hi === null ? '' : ` AND cc.aum_fen < ${p(hi.toString())}::bigint`}`);
  }
  if (q.maturingWithinDays !== undefined) {
    where.push(
      `EXISTS (SELECT 1 FROM crm_holding h WHERE h.crm_no = cc.crm_no AND h.maturity_date >= ${p(today)}::date AND h.maturity_date <= ${p(today)}::date + ${p(q.maturingWithinDays)}::int)`,
    );
  }
  // Only the joins the filters need: an advisor's unfiltered list and its count read advisor_customer alone.
  const needsCrm = q.aumTier !== undefined || q.maturingWithinDays !== undefined;
  const needsCustomer = needsCrm || q.verified !== undefined || Boolean(q.q);
  const joins = [
    'FROM advisor_customer ac',
    needsCustomer ? 'JOIN customer c ON c.id = ac.customer_id' : '',
    needsCrm ? 'JOIN crm_customer cc ON cc.crm_no = c.crm_no AND c.verified_at IS NOT NULL' : '',
  ].filter(Boolean).join('\n');
  const whereSql = `WHERE ${where.join(' AND ')}`;
  const filterValues = [...values];
  const todayP = p(today);
  const soonP = p(MATURING_SOON_DAYS);
  const limitP = p(q.pageSize);
  const offsetP = p((q.page - 1) * q.pageSize);
  // The page's relationships first (sorted, limited), then the details of those rows only.
  const pageSql = `SELECT json_build_object(
  'id', c.id, 'displayName', c.display_name, 'crmName', cc.name, 'verifiedAt', c.verified_at, 'aumFen', cc.aum_fen::text,
  'riskLevel', cc.risk_level, 'addedAt', pg.added_at, 'staffName', s.name,
  'tags', (SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.group_id, t."order" DESC, t.id), '[]'::json)
    FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.customer_id = c.id AND NOT t.deleted),
  'maturingSoon', (SELECT true FROM crm_holding h WHERE h.crm_no = cc.crm_no
    AND h.maturity_date >= ${todayP}::date AND h.maturity_date <= ${todayP}::date + ${soonP}::int LIMIT 1) IS NOT NULL
) AS r
FROM (
  SELECT ac.id, ac.customer_id, ac.staff_id, ac.added_at
  ${joins}
  ${whereSql}
  ORDER BY ac.added_at DESC, ac.id
  LIMIT ${limitP} OFFSET ${offsetP}
) pg
JOIN customer c ON c.id = pg.customer_id
LEFT JOIN crm_customer cc ON cc.crm_no = c.crm_no AND c.verified_at IS NOT NULL
JOIN staff s ON s.id = pg.staff_id
ORDER BY pg.added_at DESC, pg.id`;
  const [page, count] = await Promise.all([
    sql.query<{ r: ListRow | string }>(pageSql, values, true),
    sql.query<{ n: string | number }>(`SELECT count(*) AS n ${joins}\n${whereSql}`, filterValues, true),
  ]);
  const items = page.rows.map(({ r }) => toItem(typeof r === 'string' ? (JSON.parse(r) as ListRow) : r));
  return { items, total: Number(count.rows[0]?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

function toItem(r: ListRow): CustomerListItem {
  const verified = r.verifiedAt !== null;
  return {
    id: r.id,
    displayName: r.displayName,
    nameMasked: verified && r.crmName ? maskName(r.crmName) : null,
    verified,
    aumTier: verified && r.aumFen !== null ? aumTierOfFen(BigInt(r.aumFen)) : null,
    riskLevel: verified ? r.riskLevel : null,
    corpTags: r.tags,
    maturingSoon: r.maturingSoon,
    addedAt: jsonTimestamp(r.addedAt),
    staffName: r.staffName,
  };
}
