import { createHash } from 'node:crypto';
import type { Database } from '../src/db/database';
import { readSeedMarker, seedDayOf, seedDemo, SeedRefusedError } from '../src/modules/demo-data/seed';
import { isValidIdNumber } from '../src/modules/demo-data/identity-numbers';
import { decryptPii } from '../src/lib/pii';
import { DAY_MS } from '../src/lib/clock';
import { dropTestDatabase, ManualClock, openTestDatabase } from './helpers/test-app';

const keys = { keyId: 'k1', key: Buffer.alloc(32, 1), indexKey: Buffer.alloc(32, 2) };

/**
 * Digest of everything the seed writes except ciphertexts (random IVs by design). `dates`: as written; `shifted`:
 * as days relative to `day` (the same for two seeding days when the data only moves with the day).
 */
async function fingerprint(db: Database, dates: { dates: 'as written' } | { shifted: string } = { dates: 'as written' }): Promise<string> {
  const d = (col: string): string => ('shifted' in dates ? `(${col}::date - DATE '${dates.shifted}')::text` : `${col}::text`);
  const t = (col: string): string => ('shifted' in dates ? `(${col} - TIMESTAMP '${dates.shifted}')::text` : `${col}::text`);
  const parts = await Promise.all([
    db.sql.query('SELECT id, name, path FROM org_unit ORDER BY id'),
    db.sql.query('SELECT id, wecom_user_id, name, unit_id, roles::text FROM staff ORDER BY id'),
    db.sql.query('SELECT crm_no, name, id_number_hash, id_number_masked, phone_masked, aum_fen::text, risk_level, tags::text, owner_staff_id FROM crm_customer ORDER BY crm_no'),
    db.sql.query(`SELECT id, external_user_id, display_name, crm_no, id_number_hash, ${t('verified_at')} AS v, ${t('created_at')} AS c FROM customer ORDER BY id`),
    db.sql.query(`SELECT id, staff_id, customer_id, channel, ${t('added_at')} AS a FROM advisor_customer ORDER BY id`),
    db.sql.query(`SELECT id, relationship_id, type, ${t('occurred_at')} AS o FROM relationship_event ORDER BY id`),
    db.sql.query(`SELECT id, crm_no, product_id, amount_fen::text, ${d('start_date')} AS s, ${d('maturity_date')} AS m FROM crm_holding ORDER BY id`),
    db.sql.query('SELECT customer_id, tag_id FROM customer_tag ORDER BY customer_id, tag_id'),
  ]);
  return createHash('sha256').update(JSON.stringify(parts.map((p) => p.rows))).digest('hex');
}

const count = async (db: Database, sql: string, values: unknown[] = []): Promise<number> => Number((await db.sql.query<{ n: string }>(sql, values)).rows[0]?.n);

/** A day far from the one the code was written on: nothing may depend on the calendar. */
const FAR_DAY = '2031-05-17';
const clock = new ManualClock(`${FAR_DAY}T02:00:00Z`);

describe('demo seed', () => {
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    [a, b] = await Promise.all([openTestDatabase(), openTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(dropTestDatabase));
  });

  it('is deterministic given the day: two databases seeded apart the same day hold the same rows, dates included', async () => {
    const ra = await seedDemo(a, keys, { customers: 300, clock });
    clock.advance(3 * 3_600_000); // later the same day: the same data
    const rb = await seedDemo(b, keys, { customers: 300, clock });
    expect(ra).toMatchObject({ status: 'seeded', customers: 300, day: FAR_DAY });
    expect(rb).toMatchObject({ status: 'seeded', day: FAR_DAY });
    expect(await fingerprint(a)).toBe(await fingerprint(b));
    expect(await a.prisma.customer.count()).toBe(300);
    expect(await a.prisma.product.count()).toBeGreaterThanOrEqual(20);
    expect(await a.prisma.crmHolding.count()).toBeGreaterThan(200);
  });

  it('is idempotent: a second run with the same size, even days later, does nothing and keeps its day', async () => {
    const before = await fingerprint(a);
    const later = new ManualClock(`2031-06-30T02:00:00Z`);
    expect(await seedDemo(a, keys, { customers: 300, clock: later })).toMatchObject({ status: 'already-seeded', day: FAR_DAY });
    expect(await fingerprint(a)).toBe(before);
  });

  it('stores the seeding day in the seed marker; the day is China’s calendar day', async () => {
    expect(await readSeedMarker(a)).toMatchObject({ seed: expect.any(Number), customers: 300, day: FAR_DAY });
    expect(seedDayOf(new Date('2031-05-16T16:00:00Z')).toISOString()).toBe(`${FAR_DAY}T00:00:00.000Z`); // midnight in Beijing
    expect(seedDayOf(new Date('2031-05-17T15:59:59Z')).toISOString()).toBe(`${FAR_DAY}T00:00:00.000Z`);
  });

  it('every date is relative to the seeding day: another day gives the same rows with dates moved by the days between', async () => {
    const other = await openTestDatabase();
    try {
      expect((await seedDemo(other, keys, { customers: 300, clock: new ManualClock('2026-11-24T09:00:00Z') })).day).toBe('2026-11-24');
      expect(await fingerprint(other)).not.toBe(await fingerprint(a));
      expect(await fingerprint(other, { shifted: '2026-11-24' })).toBe(await fingerprint(a, { shifted: FAR_DAY }));
      const [x, y] = await Promise.all([other, a].map((db) => db.prisma.crmHolding.findFirstOrThrow({ where: { id: 'h-1-1' } })));
      expect((y!.startDate.getTime() - x!.startDate.getTime()) / DAY_MS).toBe((Date.parse(FAR_DAY) - Date.parse('2026-11-24')) / DAY_MS);
    } finally {
      await dropTestDatabase(other);
    }
  });

  it('holdings look real: every AUM is the sum of its holdings, amounts vary, terms match the products', async () => {
    // The CRM invariant: AUM = the sum of the positions, the remainder on the current account (活期储蓄, DP004).
    expect(await count(a, `SELECT count(*)::text AS n FROM crm_customer c WHERE c.aum_fen <> (SELECT coalesce(sum(h.amount_fen), 0) FROM crm_holding h WHERE h.crm_no = c.crm_no)`)).toBe(0);
    expect(await count(a, `SELECT count(*)::text AS n FROM crm_customer c WHERE NOT EXISTS (SELECT 1 FROM crm_holding h WHERE h.crm_no = c.crm_no)`)).toBe(0);
    // Not one amount repeated across a customer's holdings, and many different amounts overall.
    expect(await count(a, `SELECT count(*)::text AS n FROM (SELECT crm_no, amount_fen FROM crm_holding GROUP BY 1, 2 HAVING count(*) > 1) x`)).toBe(0);
    const holdings = await count(a, 'SELECT count(*)::text AS n FROM crm_holding');
    expect(await count(a, 'SELECT count(DISTINCT amount_fen)::text AS n FROM crm_holding')).toBeGreaterThan(holdings * 0.9);
    expect(await count(a, `SELECT count(*)::text AS n FROM crm_customer c WHERE (SELECT count(*) FROM crm_holding h WHERE h.crm_no = c.crm_no) >= 3`)).toBeGreaterThan(50);
    // Bought term days before maturity; a product without a term has no maturity; nothing starts in the future.
    expect(await count(a, `SELECT count(*)::text AS n FROM crm_holding h JOIN product p ON p.id = h.product_id WHERE (p.term_days IS NULL) <> (h.maturity_date IS NULL) OR h.maturity_date - h.start_date <> p.term_days OR h.start_date >= DATE '${FAR_DAY}'`)).toBe(0);
  });

  it('a demo seeded on any day has holdings maturing this week, this month and later, and a few just matured', async () => {
    const within = (from: number, to: number): Promise<number> =>
      count(a, `SELECT count(*)::text AS n FROM crm_holding WHERE maturity_date BETWEEN DATE '${FAR_DAY}' + $1::int AND DATE '${FAR_DAY}' + $2::int`, [from, to]);
    expect(await within(0, 7)).toBeGreaterThan(3);
    expect(await within(8, 30)).toBeGreaterThan(5);
    expect(await within(31, 20_000)).toBeGreaterThan(50);
    expect(await within(-5, -1)).toBeGreaterThan(0);
    expect(await count(a, `SELECT count(*)::text AS n FROM advisor_customer WHERE added_at >= TIMESTAMP '${FAR_DAY}' OR added_at < TIMESTAMP '${FAR_DAY}' - interval '901 days'`)).toBe(0);
  });

  it('force seeds a seeded database anew for today', async () => {
    const later = new ManualClock('2031-06-30T02:00:00Z');
    expect(await seedDemo(b, keys, { customers: 300, clock: later, force: true })).toMatchObject({ status: 'seeded', day: '2031-06-30' });
    expect((await readSeedMarker(b))?.day).toBe('2031-06-30');
    expect(await fingerprint(b, { shifted: '2031-06-30' })).toBe(await fingerprint(a, { shifted: FAR_DAY }));
  });

  it('stores valid ID numbers encrypted, with blind index and masked forms', async () => {
    const crm = await a.prisma.crmCustomer.findFirstOrThrow({ orderBy: { crmNo: 'asc' } });
    const id = decryptPii(() => keys.key, crm.idNumberEnc);
    expect(isValidIdNumber(id)).toBe(true);
    expect(crm.idNumberEnc).not.toContain(id);
    expect(crm.idNumberMasked).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    expect(crm.phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
  });

  it('refuses a database it did not create unless forced', async () => {
    const foreign = await openTestDatabase();
    try {
      await foreign.prisma.orgUnit.create({ data: { id: 'x', name: '某行', level: 'BRANCH', path: '/x/' } });
      await foreign.prisma.staff.create({ data: { wecomUserId: 'someone', name: '某人', unitId: 'x', roles: ['ADMIN'] } });
      await expect(seedDemo(foreign, keys, { customers: 10, clock })).rejects.toBeInstanceOf(SeedRefusedError);
      expect(await foreign.prisma.staff.count()).toBe(1);
      expect((await seedDemo(foreign, keys, { customers: 10, force: true, clock })).status).toBe('seeded');
      expect(await foreign.prisma.staff.findUnique({ where: { wecomUserId: 'someone' } })).toBeNull();
    } finally {
      await dropTestDatabase(foreign);
    }
  });
});
