import type { Database } from '../../db/database';

/**
 * Ownership conflicts: the CRM names an owner (客户归属) for a customer, the customer is verified and followed on
 * WeCom, but not by that owner. Issue #5 wants them flagged to the advisor's manager; until the schema has a place
 * for flags, they are computed here (the import reports the count, the CLI lists examples).
 */
export interface OwnershipConflict {
  crmNo: string;
  ownerWecomUserId: string;
  followerWecomUserIds: string[];
}

const CONFLICTS = `
  SELECT cc.crm_no, o.wecom_user_id AS owner, array_agg(DISTINCT s.wecom_user_id) AS followers
  FROM crm_customer cc
  JOIN staff o ON o.id = cc.owner_staff_id
  JOIN customer c ON c.crm_no = cc.crm_no
  JOIN advisor_customer ac ON ac.customer_id = c.id AND ac.status = 'ACTIVE'
  JOIN staff s ON s.id = ac.staff_id
  GROUP BY cc.crm_no, o.wecom_user_id
  HAVING bool_and(ac.staff_id <> cc.owner_staff_id)`;

export async function countOwnershipConflicts(db: Database): Promise<number> {
  const res = await db.sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM (${CONFLICTS}) x`, []);
  return Number(res.rows[0]?.n ?? 0);
}

export async function findOwnershipConflicts(db: Database, limit = 100): Promise<OwnershipConflict[]> {
  const res = await db.sql.query<{ crm_no: string; owner: string; followers: string[] }>(`${CONFLICTS} ORDER BY cc.crm_no LIMIT $1`, [limit]);
  return res.rows.map((r) => ({ crmNo: r.crm_no, ownerWecomUserId: r.owner, followerWecomUserIds: [...r.followers].sort() }));
}
