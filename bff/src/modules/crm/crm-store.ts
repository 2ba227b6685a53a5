import type { Database } from '../../db/database';
import { sealIdNumber, sealPhone, type PiiKeys } from '../../lib/pii';
import type { CrmKind, CrmRecordOf, CustomerRecord, HoldingRecord, OwnershipRecord, TagsRecord } from './crm-records';

/**
 * Multi-row writes of validated CRM records: one parameterised statement per batch (arrays through `unnest`),
 * idempotent by CRM key. A row whose values did not change is not written again (and counts as unchanged).
 * Records that refer to something missing (customer, product, staff) are rejected before the write. If a batch
 * fails anyway (a concurrent writer, a constraint the checks did not foresee), its rows are retried one by one so
 * that only the bad row is rejected.
 */
export type RowOutcome = { status: 'inserted' | 'updated' | 'unchanged' } | { status: 'rejected'; reason: string };

const INSERTED: RowOutcome = { status: 'inserted' };
const UPDATED: RowOutcome = { status: 'updated' };
const UNCHANGED: RowOutcome = { status: 'unchanged' };
const rejected = (reason: string): RowOutcome => ({ status: 'rejected', reason });

/** Tags travel to SQL as one text per customer, joined by the ASCII unit separator (refused inside tags). */
const TAG_JOIN = '\u001f';

interface Pending<T> {
  index: number;
  record: T;
}

export class CrmStore {
  constructor(
    private readonly db: Database,
    private readonly keys: PiiKeys,
  ) {}

  /** Writes a batch of one kind. Keys (crm_no, holding id) must be distinct within the batch. */
  write<K extends CrmKind>(kind: K, records: readonly CrmRecordOf[K][]): Promise<RowOutcome[]> {
    switch (kind) {
      case 'customers':
        return this.upsertCustomers(records as readonly CustomerRecord[]);
      case 'ownership':
        return this.setOwners(records as readonly OwnershipRecord[]);
      case 'tags':
        return this.replaceTags(records as readonly TagsRecord[]);
      case 'holdings':
        return this.upsertHoldings(records as readonly HoldingRecord[]);
      default:
        throw new Error(`unknown CRM record kind ${String(kind)}`);
    }
  }

  /** Upsert by crm_no. ID number and phone: AES-GCM ciphertext, blind index, mask (kept when unchanged). */
  async upsertCustomers(records: readonly CustomerRecord[]): Promise<RowOutcome[]> {
    const out: RowOutcome[] = new Array<RowOutcome>(records.length);
    const sealed = records.map((r) => ({ id: sealIdNumber(this.keys, r.idNumber), phone: r.phone ? sealPhone(this.keys, r.phone) : null }));
    // The blind index is unique: an ID number already held by another crm_no is a data error in the file.
    const holders = await this.lookup('SELECT id_number_hash AS k, crm_no AS v FROM crm_customer WHERE id_number_hash = ANY($1::text[])', sealed.map((s) => s.id.hash));
    const claimed = new Map<string, string>();
    const pending: Pending<CustomerRecord>[] = [];
    records.forEach((r, index) => {
      const hash = sealed[index]!.id.hash;
      const holder = holders.get(hash) ?? claimed.get(hash);
      if (holder !== undefined && holder !== r.crmNo) out[index] = rejected(`id_number: 该身份证号码已属于客户号 ${holder}`);
      else {
        claimed.set(hash, r.crmNo);
        pending.push({ index, record: r });
      }
    });
    await this.run(pending, out, async (rows) => {
      const s = rows.map((p) => sealed[p.index]!);
      const res = await this.db.sql.query<{ k: string; inserted: boolean }>(
        `INSERT INTO crm_customer AS c (crm_no, name, id_number_enc, id_number_hash, id_number_masked, phone_enc, phone_hash, phone_masked, pii_key_id, aum_fen, risk_level, tags, updated_at)
         SELECT t.crm_no, t.name, t.id_enc, t.id_hash, t.id_masked, t.phone_enc, t.phone_hash, t.phone_masked, $9::text, t.aum_fen, t.risk_level, '{}'::text[], now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $10::bigint[], $11::int[])
           AS t(crm_no, name, id_enc, id_hash, id_masked, phone_enc, phone_hash, phone_masked, aum_fen, risk_level)
         ON CONFLICT (crm_no) DO UPDATE SET
           name = EXCLUDED.name,
           id_number_enc = CASE WHEN c.id_number_hash = EXCLUDED.id_number_hash AND c.pii_key_id = EXCLUDED.pii_key_id THEN c.id_number_enc ELSE EXCLUDED.id_number_enc END,
           id_number_hash = EXCLUDED.id_number_hash,
           id_number_masked = EXCLUDED.id_number_masked,
           phone_enc = CASE WHEN c.phone_hash IS NOT DISTINCT FROM EXCLUDED.phone_hash AND c.pii_key_id = EXCLUDED.pii_key_id THEN c.phone_enc ELSE EXCLUDED.phone_enc END,
           phone_hash = EXCLUDED.phone_hash,
           phone_masked = EXCLUDED.phone_masked,
           pii_key_id = EXCLUDED.pii_key_id,
           aum_fen = EXCLUDED.aum_fen,
           risk_level = EXCLUDED.risk_level,
           updated_at = now()
         WHERE (c.name, c.id_number_hash, c.id_number_masked, c.phone_hash, c.phone_masked, c.pii_key_id, c.aum_fen, c.risk_level)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.id_number_hash, EXCLUDED.id_number_masked, EXCLUDED.phone_hash, EXCLUDED.phone_masked, EXCLUDED.pii_key_id, EXCLUDED.aum_fen, EXCLUDED.risk_level)
         RETURNING c.crm_no AS k, (c.xmax = 0) AS inserted`,
        [
          rows.map((p) => p.record.crmNo),
          rows.map((p) => p.record.name),
          s.map((x) => x.id.enc),
          s.map((x) => x.id.hash),
          s.map((x) => x.id.masked),
          s.map((x) => x.phone?.enc ?? null),
          s.map((x) => x.phone?.hash ?? null),
          s.map((x) => x.phone?.masked ?? null),
          this.keys.keyId,
          rows.map((p) => p.record.aumFen.toString()),
          rows.map((p) => p.record.riskLevel),
        ],
      );
      const written = new Map(res.rows.map((r) => [r.k, r.inserted ? INSERTED : UPDATED]));
      return rows.map((p) => written.get(p.record.crmNo) ?? UNCHANGED);
    });
    return out;
  }

  /** Sets owner_staff_id from the staff member's WeCom userid (null clears it). */
  async setOwners(records: readonly OwnershipRecord[]): Promise<RowOutcome[]> {
    const out: RowOutcome[] = new Array<RowOutcome>(records.length);
    const [known, staff] = await Promise.all([
      this.existingCrmNos(records.map((r) => r.crmNo)),
      this.db.sql.query<{ id: string; wecom_user_id: string; active: boolean }>('SELECT id, wecom_user_id, active FROM staff WHERE wecom_user_id = ANY($1::text[])', [
        [...new Set(records.flatMap((r) => (r.ownerWecomUserId ? [r.ownerWecomUserId] : [])))],
      ]),
    ]);
    const staffByUserId = new Map(staff.rows.map((s) => [s.wecom_user_id, s]));
    const pending: Pending<OwnershipRecord & { staffId: string | null }>[] = [];
    records.forEach((r, index) => {
      const s = r.ownerWecomUserId ? staffByUserId.get(r.ownerWecomUserId) : undefined;
      if (!known.has(r.crmNo)) out[index] = rejected(`crm_no: 客户号 ${r.crmNo} 不存在`);
      else if (r.ownerWecomUserId && !s) out[index] = rejected(`owner_wecom_userid: 员工 ${r.ownerWecomUserId} 不存在`);
      else if (s && !s.active) out[index] = rejected(`owner_wecom_userid: 员工 ${r.ownerWecomUserId} 已停用`);
      else pending.push({ index, record: { ...r, staffId: s?.id ?? null } });
    });
    await this.run(pending, out, async (rows) => {
      const res = await this.db.sql.query<{ k: string }>(
        `UPDATE crm_customer AS c SET owner_staff_id = t.staff_id, updated_at = now()
         FROM unnest($1::text[], $2::text[]) AS t(crm_no, staff_id)
         WHERE c.crm_no = t.crm_no AND c.owner_staff_id IS DISTINCT FROM t.staff_id
         RETURNING c.crm_no AS k`,
        [rows.map((p) => p.record.crmNo), rows.map((p) => p.record.staffId)],
      );
      return this.updatedOrUnchanged(rows, res.rows);
    });
    return out;
  }

  /** Replaces the customer's CRM tags with the record's (an empty list clears them). */
  async replaceTags(records: readonly TagsRecord[]): Promise<RowOutcome[]> {
    const out: RowOutcome[] = new Array<RowOutcome>(records.length);
    const known = await this.existingCrmNos(records.map((r) => r.crmNo));
    const pending: Pending<TagsRecord>[] = [];
    records.forEach((r, index) => {
      if (!known.has(r.crmNo)) out[index] = rejected(`crm_no: 客户号 ${r.crmNo} 不存在`);
      else pending.push({ index, record: r });
    });
    await this.run(pending, out, async (rows) => {
      const res = await this.db.sql.query<{ k: string }>(
        `UPDATE crm_customer AS c SET tags = string_to_array(t.tags, chr(31)), updated_at = now()
         FROM unnest($1::text[], $2::text[]) AS t(crm_no, tags)
         WHERE c.crm_no = t.crm_no AND c.tags IS DISTINCT FROM string_to_array(t.tags, chr(31))
         RETURNING c.crm_no AS k`,
        [rows.map((p) => p.record.crmNo), rows.map((p) => p.record.tags.join(TAG_JOIN))],
      );
      return this.updatedOrUnchanged(rows, res.rows);
    });
    return out;
  }

  /** Upsert by holding id; the customer and the product must exist. */
  async upsertHoldings(records: readonly HoldingRecord[]): Promise<RowOutcome[]> {
    const out: RowOutcome[] = new Array<RowOutcome>(records.length);
    const [known, products] = await Promise.all([
      this.existingCrmNos(records.map((r) => r.crmNo)),
      this.lookup('SELECT id AS k, id AS v FROM product WHERE id = ANY($1::text[])', records.map((r) => r.productId)),
    ]);
    const pending: Pending<HoldingRecord>[] = [];
    records.forEach((r, index) => {
      if (!known.has(r.crmNo)) out[index] = rejected(`crm_no: 客户号 ${r.crmNo} 不存在`);
      else if (!products.has(r.productId)) out[index] = rejected(`product_id: 产品 ${r.productId} 不存在`);
      else pending.push({ index, record: r });
    });
    await this.run(pending, out, async (rows) => {
      const res = await this.db.sql.query<{ k: string; inserted: boolean }>(
        `INSERT INTO crm_holding AS h (id, crm_no, product_id, amount_fen, start_date, maturity_date)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::date[], $6::date[])
         ON CONFLICT (id) DO UPDATE SET
           crm_no = EXCLUDED.crm_no, product_id = EXCLUDED.product_id, amount_fen = EXCLUDED.amount_fen,
           start_date = EXCLUDED.start_date, maturity_date = EXCLUDED.maturity_date
         WHERE (h.crm_no, h.product_id, h.amount_fen, h.start_date, h.maturity_date)
           IS DISTINCT FROM (EXCLUDED.crm_no, EXCLUDED.product_id, EXCLUDED.amount_fen, EXCLUDED.start_date, EXCLUDED.maturity_date)
         RETURNING h.id AS k, (h.xmax = 0) AS inserted`,
        [
          rows.map((p) => p.record.holdingId),
          rows.map((p) => p.record.crmNo),
          rows.map((p) => p.record.productId),
          rows.map((p) => p.record.amountFen.toString()),
          rows.map((p) => p.record.startDate),
          rows.map((p) => p.record.maturityDate),
        ],
      );
      const written = new Map(res.rows.map((r) => [r.k, r.inserted ? INSERTED : UPDATED]));
      return rows.map((p) => written.get(p.record.holdingId) ?? UNCHANGED);
    });
    return out;
  }

  private async existingCrmNos(crmNos: string[]): Promise<Set<string>> {
    return new Set((await this.lookup('SELECT crm_no AS k, crm_no AS v FROM crm_customer WHERE crm_no = ANY($1::text[])', crmNos)).keys());
  }

  private async lookup(sql: string, keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const res = await this.db.sql.query<{ k: string; v: string }>(sql, [[...new Set(keys)]]);
    return new Map(res.rows.map((r) => [r.k, r.v]));
  }

  private updatedOrUnchanged<T extends { crmNo: string }>(rows: Pending<T>[], written: { k: string }[]): RowOutcome[] {
    const changed = new Set(written.map((r) => r.k));
    return rows.map((p) => (changed.has(p.record.crmNo) ? UPDATED : UNCHANGED));
  }

  /** Runs the batch statement; on failure retries row by row, rejecting only the rows that fail alone. */
  private async run<T>(pending: Pending<T>[], out: RowOutcome[], statement: (rows: Pending<T>[]) => Promise<RowOutcome[]>): Promise<void> {
    if (pending.length === 0) return;
    try {
      const results = await statement(pending);
      pending.forEach((p, i) => (out[p.index] = results[i]!));
    } catch (err) {
      if (pending.length === 1) {
        out[pending[0]!.index] = rejected(`数据库拒绝：${databaseReason(err)}`);
        return;
      }
      for (const p of pending) await this.run([p], out, statement);
    }
  }
}

/** The database error without its DETAIL (which may quote values): SQLSTATE and the constraint, if any. */
function databaseReason(err: unknown): string {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e.constraint) return `${e.code ?? 'error'} ${e.constraint}`;
  return e.code ? `SQLSTATE ${e.code}` : 'unexpected error';
}
