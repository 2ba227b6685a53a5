import type { Logger } from 'pino';
import type { Database } from '../../db/database';
import type { Clock } from '../../lib/clock';
import { sealIdNumber, sealPhone, type PiiKeys } from '../../lib/pii';
import { chinaBusinessDay, isoDate } from '../recommendations/format';
import { CORP_TAG_GROUPS, DEMO_PRODUCTS } from './catalogue';
import { corpTagId, generateCustomers, generateStaff, newFaker, SEED, type GeneratedCustomer, type GeneratedStaff } from './generate';
import { DEMO_UNITS, unitPath } from './org-chart';
import { insertSql, type SqlValue } from './sql-literal';

export const DEMO_CUSTOMER_COUNT = 600;
/** 2: every date relative to the seeding day, holdings that add up to the AUM. */
const SEED_VERSION = 2;
const BATCH = 2000;

/**
 * The seeding day: the calendar day in China (the bank's business day) at the clock's "now", as midnight UTC. Every
 * date the seed writes is relative to it, so the same seed and the same day always yield the same rows, and a demo
 * seeded on any day has holdings maturing this week, this month and later.
 */
export function seedDayOf(now: Date): Date {
  return new Date(`${chinaBusinessDay(now)}T00:00:00Z`);
}

export interface SeedOptions {
  customers: number | 'demo';
  /** "Today" for the seed (AppDeps.clock): all dates are generated relative to its China business day. */
  clock: Clock;
  /**
   * Allow seeding a database that this seed did not create, or seed an already seeded one anew for today (it then
   * deletes what is in the seeded tables).
   */
  force?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  status: 'seeded' | 'already-seeded';
  customers: number;
  staff: number;
  /** The day the data was generated for (`YYYY-MM-DD`): today when just seeded, the marker's day when already seeded. */
  day: string;
  ms: number;
}

export class SeedRefusedError extends Error {
  constructor() {
    super('This database holds data that the demo seed did not create; refusing to touch it (pass --force to override).');
    this.name = 'SeedRefusedError';
  }
}

/** The `seed` row of app_meta. */
export interface SeedMarker {
  version: number;
  seed: number;
  customers: number;
  /** The seeding day (`YYYY-MM-DD`): reports and tests read it to know what "today" the demo data was made for. */
  day: string;
}

/** The seed marker of this database, or null when the demo seed did not create it. */
export async function readSeedMarker(db: Database): Promise<SeedMarker | null> {
  const row = await db.prisma.appMeta.findUnique({ where: { key: 'seed' } });
  return (row?.value as SeedMarker | undefined) ?? null;
}

const SEEDED_TABLES = ['customer_tag', 'relationship_event', 'advisor_customer', 'customer', 'crm_holding', 'crm_customer', 'product', 'tag', 'staff', 'org_unit'];

export async function seedDemo(db: Database, keys: PiiKeys, opts: SeedOptions, logger?: Logger): Promise<SeedResult> {
  const started = performance.now();
  const count = opts.customers === 'demo' ? DEMO_CUSTOMER_COUNT : opts.customers;
  const today = seedDayOf(opts.clock.now());
  const wanted: SeedMarker = { version: SEED_VERSION, seed: SEED, customers: count, day: isoDate(today) };
  const current = await readSeedMarker(db);
  // A seeded database keeps its day (the demo's invitations and verifications stay); --force seeds it anew for today.
  if (current && !opts.force && current.version === wanted.version && current.seed === wanted.seed && current.customers === wanted.customers) {
    return { status: 'already-seeded', customers: count, staff: await db.prisma.staff.count(), day: current.day, ms: Math.round(performance.now() - started) };
  }
  if (!current && !opts.force && (await db.prisma.staff.count()) > 0) throw new SeedRefusedError();
  if (current || opts.force) {
    logger?.info({ from: current?.customers ?? 'foreign data' }, 'clearing seeded tables');
    await db.sql.exec(`TRUNCATE ${SEEDED_TABLES.map((t) => `"${t}"`).join(', ')} CASCADE`);
  }

  const f = newFaker();
  const staff = generateStaff(f, 6);
  const advisors = staff.filter((s) => s.roles.includes('ADVISOR'));
  await db.sql.exec(`BEGIN;\n${orgSql()}${staffSql(staff)}${productSql()}${tagSql()}COMMIT;`);

  let done = 0;
  opts.onProgress?.(0, count);
  for (const batch of generateCustomers(f, count, advisors.length, today, BATCH)) {
    await db.sql.exec(`BEGIN;\n${customerBatchSql(batch, advisors, keys)}COMMIT;`);
    done += batch.length;
    opts.onProgress?.(done, count);
  }
  await db.prisma.appMeta.upsert({ where: { key: 'seed' }, create: { key: 'seed', value: { ...wanted } }, update: { value: { ...wanted } } });
  await db.sql.exec('ANALYZE');
  return { status: 'seeded', customers: count, staff: staff.length, day: wanted.day, ms: Math.round(performance.now() - started) };
}

function orgSql(): string {
  return insertSql(
    'org_unit',
    ['id', 'name', 'level', 'parent_id', 'path', 'wecom_department_id'],
    DEMO_UNITS.map((u) => [u.id, u.name, u.level, u.parentId, unitPath(u.id), u.wecomDepartmentId]),
  );
}

function staffSql(staff: GeneratedStaff[]): string {
  const rows: SqlValue[][] = staff.map((s) => [s.id, s.wecomUserId, s.name, s.unitId, `{${s.roles.join(',')}}`, true, new Date(0), new Date(0)]);
  return insertSql('staff', ['id', 'wecom_user_id', 'name', 'unit_id', 'roles', 'active', 'created_at', 'updated_at'], rows);
}

function productSql(): string {
  return insertSql(
    'product',
    ['id', 'name', 'category', 'risk_level', 'min_amount_fen', 'term_days', 'expected_yield', 'issuer', 'on_sale'],
    DEMO_PRODUCTS.map((p) => [p.id, p.name, p.category, p.riskLevel, p.minAmountFen, p.termDays, p.expectedYield, p.issuer, true]),
  );
}

function tagSql(): string {
  const rows: SqlValue[][] = CORP_TAG_GROUPS.flatMap((g, gi) => g.tags.map((t, ti): SqlValue[] => [corpTagId(gi, ti), g.id, g.name, t, 100 - ti, false, new Date(0)]));
  return insertSql('tag', ['id', 'group_id', 'group_name', 'name', 'order', 'deleted', 'updated_at'], rows);
}

function customerBatchSql(batch: GeneratedCustomer[], advisors: GeneratedStaff[], keys: PiiKeys): string {
  const crm: SqlValue[][] = [];
  const customers: SqlValue[][] = [];
  const rels: SqlValue[][] = [];
  const events: SqlValue[][] = [];
  const holdings: SqlValue[][] = [];
  const tags: SqlValue[][] = [];
  for (const c of batch) {
    const advisor = advisors[c.advisorIndex];
    if (!advisor) throw new Error('advisor index out of range');
    const id = sealIdNumber(keys, c.idNumber);
    const phone = sealPhone(keys, c.phone);
    crm.push([c.crmNo, c.realName, id.enc, id.hash, id.masked, phone.enc, phone.hash, phone.masked, keys.keyId, c.aumFen, c.riskLevel, c.crmTags, advisor.id, c.addedAt]);
    customers.push([
      c.id, c.externalUserId, c.displayName, c.verified ? c.crmNo : null,
      c.verified ? id.enc : null, c.verified ? id.hash : null, c.verified ? id.masked : null,
      c.verified ? phone.enc : null, c.verified ? phone.hash : null, c.verified ? phone.masked : null,
      c.verified ? keys.keyId : null, c.verified ? c.addedAt : null, c.addedAt, c.addedAt,
    ]);
    const relId = `rel-${c.id.slice(4)}`;
    rels.push([relId, advisor.id, c.id, 'ACTIVE', c.channel, 1, c.addedAt]);
    events.push([`rev-${c.id.slice(4)}`, relId, 'ADDED', c.addedAt]);
    for (const h of c.holdings) holdings.push([h.id, c.crmNo, h.productId, h.amountFen, h.startDate, h.maturityDate]);
    for (const t of c.corpTagIds) tags.push([c.id, t, advisor.id, c.addedAt]);
  }
  return [
    insertSql('crm_customer', ['crm_no', 'name', 'id_number_enc', 'id_number_hash', 'id_number_masked', 'phone_enc', 'phone_hash', 'phone_masked', 'pii_key_id', 'aum_fen', 'risk_level', 'tags', 'owner_staff_id', 'updated_at'], crm),
    insertSql('customer', ['id', 'external_user_id', 'display_name', 'crm_no', 'id_number_enc', 'id_number_hash', 'id_number_masked', 'phone_enc', 'phone_hash', 'phone_masked', 'pii_key_id', 'verified_at', 'created_at', 'updated_at'], customers),
    insertSql('advisor_customer', ['id', 'staff_id', 'customer_id', 'status', 'channel', 'add_way', 'added_at'], rels),
    insertSql('relationship_event', ['id', 'relationship_id', 'type', 'occurred_at'], events),
    insertSql('crm_holding', ['id', 'crm_no', 'product_id', 'amount_fen', 'start_date', 'maturity_date'], holdings),
    insertSql('customer_tag', ['customer_id', 'tag_id', 'staff_id', 'created_at'], tags),
  ].join('');
}
