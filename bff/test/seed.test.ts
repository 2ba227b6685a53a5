import { createHash } from 'node:crypto';
import type { Database } from '../src/db/database';
import { seedDemo, SeedRefusedError } from '../src/modules/demo-data/seed';
import { isValidIdNumber } from '../src/modules/demo-data/identity-numbers';
import { decryptPii } from '../src/lib/pii';
import { dropTestDatabase, openTestDatabase } from './helpers/test-app';

const keys = { keyId: 'k1', key: Buffer.alloc(32, 1), indexKey: Buffer.alloc(32, 2) };

/** Digest of everything the seed writes except ciphertexts (random IVs by design) and wall-clock timestamps. */
async function fingerprint(db: Database): Promise<string> {
  const parts = await Promise.all([
    db.sql.query('SELECT id, name, path FROM org_unit ORDER BY id'),
    db.sql.query('SELECT id, wecom_user_id, name, unit_id, roles::text FROM staff ORDER BY id'),
    db.sql.query('SELECT crm_no, name, id_number_hash, id_number_masked, phone_masked, aum_fen::text, risk_level, tags::text, owner_staff_id FROM crm_customer ORDER BY crm_no'),
    db.sql.query('SELECT id, external_user_id, display_name, crm_no, id_number_hash FROM customer ORDER BY id'),
    db.sql.query('SELECT id, crm_no, product_id, amount_fen::text, maturity_date::text FROM crm_holding ORDER BY id'),
    db.sql.query('SELECT customer_id, tag_id FROM customer_tag ORDER BY customer_id, tag_id'),
  ]);
  return createHash('sha256').update(JSON.stringify(parts.map((p) => p.rows))).digest('hex');
}

describe('demo seed', () => {
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    [a, b] = await Promise.all([openTestDatabase(), openTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(dropTestDatabase));
  });

  it('is deterministic: two databases seeded apart hold the same people, amounts and tags', async () => {
    const ra = await seedDemo(a, keys, { customers: 300 });
    const rb = await seedDemo(b, keys, { customers: 300 });
    expect(ra).toMatchObject({ status: 'seeded', customers: 300 });
    expect(rb.status).toBe('seeded');
    expect(await fingerprint(a)).toBe(await fingerprint(b));
    expect(await a.prisma.customer.count()).toBe(300);
    expect(await a.prisma.product.count()).toBeGreaterThanOrEqual(20);
    expect(await a.prisma.crmHolding.count()).toBeGreaterThan(200);
  });

  it('is idempotent: a second run with the same size does nothing', async () => {
    const before = await fingerprint(a);
    expect((await seedDemo(a, keys, { customers: 300 })).status).toBe('already-seeded');
    expect(await fingerprint(a)).toBe(before);
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
      await expect(seedDemo(foreign, keys, { customers: 10 })).rejects.toBeInstanceOf(SeedRefusedError);
      expect(await foreign.prisma.staff.count()).toBe(1);
      expect((await seedDemo(foreign, keys, { customers: 10, force: true })).status).toBe('seeded');
      expect(await foreign.prisma.staff.findUnique({ where: { wecomUserId: 'someone' } })).toBeNull();
    } finally {
      await dropTestDatabase(foreign);
    }
  });
});
