import { z } from 'zod';
import { cnMobileSchema, idNumberSchema } from '@pfs/shared';

/**
 * Head-office CRM records as they arrive (a CSV row, a JSON Lines object or a feed message) and their validation.
 * Validation is pure; the checks that need the database (does the customer, product or staff member exist) are the
 * store's. Reasons are Chinese, name the column, and never contain the value (ID numbers and phones are PII).
 */

/** In import order: customers first (everything else refers to them). */
export const CRM_KINDS = ['customers', 'ownership', 'tags', 'holdings'] as const;
export type CrmKind = (typeof CRM_KINDS)[number];

/** Columns of each kind (CSV header names, JSON Lines keys). */
export const CRM_COLUMNS: Record<CrmKind, { required: readonly string[]; optional: readonly string[] }> = {
  customers: { required: ['crm_no', 'name', 'id_number', 'aum_yuan', 'risk_level'], optional: ['phone'] },
  ownership: { required: ['crm_no', 'owner_wecom_userid'], optional: [] },
  tags: { required: ['crm_no', 'tags'], optional: [] },
  holdings: { required: ['holding_id', 'crm_no', 'product_id', 'amount_yuan', 'start_date'], optional: ['maturity_date'] },
};

export type RawRecord = Record<string, unknown>;

export interface CustomerRecord {
  crmNo: string;
  name: string;
  /** Normalised (upper-case X); stored only encrypted. */
  idNumber: string;
  phone: string | null;
  aumFen: bigint;
  riskLevel: number;
}

export interface OwnershipRecord {
  crmNo: string;
  /** null: the customer has no owner any more. */
  ownerWecomUserId: string | null;
}

export interface TagsRecord {
  crmNo: string;
  /** De-duplicated and sorted; empty clears the customer's CRM tags. */
  tags: string[];
}

export interface HoldingRecord {
  holdingId: string;
  crmNo: string;
  productId: string;
  amountFen: bigint;
  /** YYYY-MM-DD */
  startDate: string;
  maturityDate: string | null;
}

export interface CrmRecordOf {
  customers: CustomerRecord;
  ownership: OwnershipRecord;
  tags: TagsRecord;
  holdings: HoldingRecord;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Tags in a CSV cell are separated by "|". */
export const CSV_TAG_SEPARATOR = '|';
const MAX_TAGS = 50;
const MAX_TAG_LENGTH = 32;
const MAX_YUAN_DIGITS = 13; // up to 9,999,999,999,999.99 yuan: far beyond any AUM, well inside bigint and PostgreSQL bigint

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Blank cells (and JSON nulls) count as absent; JSON numbers become their decimal text. */
const cell = (v: unknown): unknown => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return v;
};
const present = <T extends z.core.$ZodType>(schema: T, missing: string) => z.preprocess(cell, z.any().refine((v) => v !== undefined, missing).pipe(schema));
const optional = <T extends z.core.$ZodType>(schema: T) => z.preprocess(cell, z.optional(schema));

const crmNo = present(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, '客户号应为1–32位字母、数字、“-”或“_”'), '缺少客户号');

/** Yuan with at most two decimals → fen, without floating point. */
export function yuanToFen(text: string): bigint | null {
  const m = new RegExp(`^(\\d{1,${MAX_YUAN_DIGITS}})(?:\\.(\\d{1,2}))?$`).exec(text);
  if (!m) return null;
  return BigInt(m[1] ?? '0') * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

const amount = (missing: string, positive: boolean) =>
  present(
    z.string().transform((v, ctx) => {
      const fen = yuanToFen(v);
      if (fen === null || (positive && fen === 0n)) {
        ctx.addIssue({ code: 'custom', message: positive ? '金额应为大于0的元金额，最多两位小数' : '金额应为不小于0的元金额，最多两位小数' });
        return z.NEVER;
      }
      return fen;
    }),
    missing,
  );

/** `YYYY-MM-DD`, a real calendar date. */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text && Number(m[1]) >= 1900;
}
const isoDate = z.string().refine(isIsoDate, '日期应为YYYY-MM-DD格式的有效日期');

const riskLevel = present(
  z.string().transform((v, ctx) => {
    const m = /^[Cc]?([1-5])$/.exec(v);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: '风险等级应为1–5（或C1–C5）' });
      return z.NEVER;
    }
    return Number(m[1]);
  }),
  '缺少风险等级',
);

const tagList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(CSV_TAG_SEPARATOR) : v === null || v === undefined ? [] : v),
  z
    .array(z.string('标签应为文字'), '标签应为文字列表')
    .transform((tags) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))].sort())
    .refine((tags) => tags.length <= MAX_TAGS, `标签最多${MAX_TAGS}个`)
    .refine((tags) => tags.every((t) => t.length <= MAX_TAG_LENGTH && !CONTROL_CHARS.test(t) && !t.includes(CSV_TAG_SEPARATOR)), `每个标签最多${MAX_TAG_LENGTH}字，不含控制字符`),
);

const SCHEMAS = {
  customers: z
    .object({
      crm_no: crmNo,
      name: present(
        z.string().max(50, '姓名最多50字').refine((v) => !CONTROL_CHARS.test(v), '姓名含有控制字符'),
        '缺少姓名',
      ),
      id_number: present(idNumberSchema, '缺少身份证号码'),
      phone: optional(cnMobileSchema),
      aum_yuan: amount('缺少资产（AUM）', false),
      risk_level: riskLevel,
    })
    .transform(
      (r): CustomerRecord => ({ crmNo: r.crm_no, name: r.name, idNumber: r.id_number, phone: r.phone ?? null, aumFen: r.aum_yuan, riskLevel: r.risk_level }),
    ),
  ownership: z
    .object({
      crm_no: crmNo,
      owner_wecom_userid: optional(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/, '员工企业微信账号格式不正确')),
    })
    .transform((r): OwnershipRecord => ({ crmNo: r.crm_no, ownerWecomUserId: r.owner_wecom_userid ?? null })),
  tags: z.object({ crm_no: crmNo, tags: tagList }).transform((r): TagsRecord => ({ crmNo: r.crm_no, tags: r.tags })),
  holdings: z
    .object({
      holding_id: present(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, '持仓编号应为1–64位字母、数字或“-_.:”'), '缺少持仓编号'),
      crm_no: crmNo,
      product_id: present(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, '产品代码格式不正确'), '缺少产品代码'),
      amount_yuan: amount('缺少持仓金额', true),
      start_date: present(isoDate, '缺少起始日'),
      maturity_date: optional(isoDate),
    })
    .superRefine((r, ctx) => {
      if (r.maturity_date !== undefined && isIsoDate(r.start_date) && isIsoDate(r.maturity_date) && r.maturity_date < r.start_date) ctx.addIssue({ code: 'custom', path: ['maturity_date'], message: '到期日早于起始日' });
    })
    .transform(
      (r): HoldingRecord => ({
        holdingId: r.holding_id,
        crmNo: r.crm_no,
        productId: r.product_id,
        amountFen: r.amount_yuan,
        startDate: r.start_date,
        maturityDate: r.maturity_date ?? null,
      }),
    ),
} satisfies { [K in CrmKind]: z.ZodType<CrmRecordOf[K]> };

/** Validates one raw record of a kind; the reason lists each bad column once (`列: 原因；列: 原因`). */
export function validateCrmRecord<K extends CrmKind>(kind: K, raw: unknown): Validated<CrmRecordOf[K]> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: '记录应为一个对象' };
  const parsed = (SCHEMAS[kind] as unknown as z.ZodType<CrmRecordOf[K]>).safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const issue of parsed.error.issues) {
    const column = issue.path.length ? String(issue.path[0]) : '(行)';
    if (seen.has(column)) continue;
    seen.add(column);
    parts.push(`${column}: ${issue.message}`);
  }
  return { ok: false, reason: parts.join('；') };
}

/** The key that makes two records of a kind the same (upserts in one statement must not touch a row twice). */
export function crmRecordKey<K extends CrmKind>(kind: K, record: CrmRecordOf[K]): string {
  return kind === 'holdings' ? (record as HoldingRecord).holdingId : (record as { crmNo: string }).crmNo;
}
