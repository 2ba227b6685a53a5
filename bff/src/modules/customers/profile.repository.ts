import type { SqlRunner } from '../../db/database';
import type { CustomerScope } from '../auth/data-scope';
import { scopeCondition } from './scope-sql';

/** What one profile query returns (JSON from PostgreSQL: timestamps without zone, amounts in fen as text). */
export interface ProfileRow {
  id: string;
  externalUserId: string | null;
  displayName: string;
  avatarUrl: string | null;
  verifiedAt: string | null;
  phoneMasked: string | null;
  idNumberMasked: string | null;
  rel: { id: string; staffId: string; staffName: string; channel: string | null; addedAt: string; status: string };
  crm: null | {
    crmNo: string;
    name: string;
    aumFen: string;
    riskLevel: number;
    tags: string[];
    ownerStaffId: string | null;
    ownerName: string | null;
    /** This follower's recorded conflict decides (open or resolved); without one: the CRM names another owner. */
    conflict: boolean;
    holdings: { productId: string; productName: string; category: string; amountFen: string; startDate: string; maturityDate: string | null }[];
  };
  tags: { id: string; name: string; groupName: string }[];
  events: { type: string; at: string }[];
  invitations: {
    id: string;
    staffId: string;
    issuedAt: string;
    expiresAt: string;
    revokedAt: string | null;
    firstOpenedAt: string | null;
    consentedAt: string | null;
    verifiedAt: string | null;
  }[];
}

/**
 * The whole sidebar profile in one round trip: the customer, the relationship in the caller's scope (the newest
 * active one), the CRM record of a verified customer with its owner and holdings, corp tags, the relationship's
 * events and the customer's invitations. Every part is an indexed lookup by primary or foreign key. A prepared
 * statement: planning this text cost more than running it.
 */
export async function findProfileRow(sql: SqlRunner, by: 'id' | 'externalUserId', key: string, scope: CustomerScope): Promise<ProfileRow | null> {
  const cond = scopeCondition(scope, 2);
  const text = `
WITH prof AS (SELECT c.id, json_build_object(
  'id', c.id, 'externalUserId', c.external_user_id, 'displayName', c.display_name, 'avatarUrl', c.avatar_url,
  'verifiedAt', c.verified_at, 'phoneMasked', c.phone_masked, 'idNumberMasked', c.id_number_masked,
  'rel', json_build_object('id', r.id, 'staffId', r.staff_id, 'staffName', r.staff_name, 'channel', r.channel, 'addedAt', r.added_at, 'status', r.status),
  'crm', CASE WHEN cc.crm_no IS NULL THEN NULL ELSE json_build_object(
    'crmNo', cc.crm_no, 'name', cc.name, 'aumFen', cc.aum_fen::text, 'riskLevel', cc.risk_level, 'tags', cc.tags,
    'ownerStaffId', cc.owner_staff_id, 'ownerName', os.name,
    'conflict', coalesce((SELECT oc.resolved_at IS NULL FROM ownership_conflict oc WHERE oc.crm_no = cc.crm_no AND oc.follower_staff_id = r.staff_id),
      cc.owner_staff_id IS NOT NULL AND cc.owner_staff_id <> r.staff_id),
    'holdings', (SELECT coalesce(json_agg(json_build_object('productId', h.product_id, 'productName', p.name, 'category', p.category,
        'amountFen', h.amount_fen::text, 'startDate', h.start_date, 'maturityDate', h.maturity_date) ORDER BY h.maturity_date ASC NULLS LAST, h.id), '[]'::json)
      FROM crm_holding h JOIN product p ON p.id = h.product_id WHERE h.crm_no = cc.crm_no)) END,
  'tags', (SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name, 'groupName', t.group_name) ORDER BY t.group_id, t."order" DESC, t.id), '[]'::json)
    FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.customer_id = c.id AND NOT t.deleted),
  'events', (SELECT coalesce(json_agg(json_build_object('type', e.type, 'at', e.occurred_at)), '[]'::json)
    FROM (SELECT type, occurred_at FROM relationship_event WHERE relationship_id = r.id ORDER BY occurred_at DESC LIMIT 50) e),
  'invitations', (SELECT coalesce(json_agg(json_build_object('id', i.id, 'staffId', i.staff_id, 'issuedAt', i.issued_at, 'expiresAt', i.expires_at,
        'revokedAt', i.revoked_at, 'firstOpenedAt', i.first_opened_at, 'consentedAt', i.consented_at, 'verifiedAt', i.verified_at)), '[]'::json)
    FROM (SELECT * FROM invitation WHERE customer_id = c.id ORDER BY issued_at DESC LIMIT 20) i)
) AS p
FROM customer c
JOIN LATERAL (
  SELECT ac.id, ac.staff_id, s.name AS staff_name, ac.channel, ac.added_at, ac.status::text AS status
  FROM advisor_customer ac JOIN staff s ON s.id = ac.staff_id${scope.kind === 'subtree' ? ' JOIN org_unit u ON u.id = s.unit_id' : ''}
  WHERE ac.customer_id = c.id AND ac.status = 'ACTIVE' AND ${cond.sql}
  ORDER BY ac.added_at DESC, ac.id LIMIT 1
) r ON true
LEFT JOIN crm_customer cc ON cc.crm_no = c.crm_no AND c.verified_at IS NOT NULL
LEFT JOIN staff os ON os.id = cc.owner_staff_id
WHERE ${by === 'id' ? 'c.id' : 'c.external_user_id'} = $1)
SELECT p FROM prof`;
  const res = await sql.query<{ p: ProfileRow | string }>(text, [key, ...cond.values], true);
  const p = res.rows[0]?.p;
  if (p === undefined) return null;
  return typeof p === 'string' ? (JSON.parse(p) as ProfileRow) : p;
}
