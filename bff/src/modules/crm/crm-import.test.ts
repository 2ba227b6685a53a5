import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Database } from '../../db/database';
import { blindIndex, decryptPii, maskIdNumber, maskPhone } from '../../lib/pii';
import { seedDemo } from '../demo-data/seed';
import { CRM_SAMPLE_DAY, crmSampleBadFiles, crmSampleFiles, loadCrmSample } from '../demo-data/crm-sample';
import { dropTestDatabase, ManualClock, openTestDatabase } from '../../../test/helpers/test-app';
import { createCrmFeed, findOwnershipConflicts, importCrmFiles, type BadRow, type ImportSummary } from './index';

const SAMPLE = path.resolve(__dirname, '../../../fixtures/crm-sample');
const BAD = path.join(SAMPLE, 'bad');
const keys = { keyId: 'k1', key: Buffer.alloc(32, 1), indexKey: Buffer.alloc(32, 2) };

/** Everything the import writes, ciphertexts included (an unchanged row must not even be re-encrypted). */
async function fingerprint(db: Database): Promise<string> {
  const parts = await Promise.all([
    db.sql.query('SELECT crm_no, name, id_number_enc, id_number_hash, id_number_masked, phone_enc, phone_hash, phone_masked, pii_key_id, aum_fen::text, risk_level, tags::text, owner_staff_id, updated_at::text FROM crm_customer ORDER BY crm_no'),
    db.sql.query('SELECT id, crm_no, product_id, amount_fen::text, start_date::text, maturity_date::text FROM crm_holding ORDER BY id'),
  ]);
  return createHash('sha256').update(JSON.stringify(parts.map((p) => p.rows))).digest('hex');
}

async function run(db: Database, inputs: string[], batchSize?: number): Promise<{ summary: ImportSummary; bad: string[] }> {
  const bad: BadRow[] = [];
  const summary = await importCrmFiles(db, keys, inputs, { batchSize, onBadRow: (b) => bad.push(b) });
  return { summary, bad: bad.map((b) => `${path.basename(b.file)}:${b.line}: ${b.reason}`) };
}

const count = async (db: Database, table: string, where = 'TRUE'): Promise<number> => Number((await db.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table} WHERE ${where}`, [])).rows[0]?.n);

/** Holdings of the sample's six customers that are not in the seed. */
function newcomerHoldings(): number {
  return csvRows('holdings.csv').filter((h) => h.crm_no!.startsWith('C62')).length;
}

function csvRows(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(SAMPLE, file)), { columns: true }) as Record<string, string>[];
}
function jsonRows(file: string): Record<string, unknown>[] {
  return fs
    .readFileSync(path.join(SAMPLE, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('CRM batch import', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
    // The sample's first 24 customers are the seed's first 24: importing them must change nothing. The committed
    // files are the sample for CRM_SAMPLE_DAY, so the database is seeded for that day.
    await seedDemo(db, keys, { customers: 30, clock: new ManualClock(`${CRM_SAMPLE_DAY}T02:00:00Z`) });
  });
  afterAll(async () => {
    if (db) await dropTestDatabase(db);
  });

  describe('the sample CRM (consistent with the demo seed)', () => {
    const sampleHoldings = csvRows('holdings.csv');
    const newHoldings = sampleHoldings.filter((h) => h.crm_no!.startsWith('C62')).length;
    let first: ImportSummary;

    it('lands CSV and JSON Lines files: seeded customers unchanged, new ones inserted, one ownership conflict', async () => {
      const crmBefore = await count(db, 'crm_customer');
      const { summary, bad } = await run(db, [SAMPLE]);
      first = summary;
      expect(bad).toEqual([]);
      expect(summary.files.map((f) => `${path.basename(f.path)} ${f.kind} ${f.format}`)).toEqual([
        'customers-new.jsonl customers jsonl',
        'customers.csv customers csv',
        'ownership.csv ownership csv',
        'tags.jsonl tags jsonl',
        'holdings.csv holdings csv',
      ]);
      expect(summary.ignored.map((p) => path.basename(p))).toEqual(['bad']);
      expect(summary.totals.customers).toEqual({ rows: 30, inserted: 6, updated: 0, unchanged: 24, rejected: 0 });
      // The 6 new customers get their owners; one seeded customer is given to another advisor by the CRM.
      expect(summary.totals.ownership).toEqual({ rows: 30, inserted: 0, updated: 7, unchanged: 23, rejected: 0 });
      expect(summary.totals.tags).toEqual({ rows: 30, inserted: 0, updated: 6, unchanged: 24, rejected: 0 });
      expect(summary.totals.holdings).toEqual({ rows: sampleHoldings.length, inserted: newHoldings, updated: 0, unchanged: sampleHoldings.length - newHoldings, rejected: 0 });
      expect(summary.badRows).toBe(0);
      expect(await count(db, 'crm_customer')).toBe(crmBefore + 6);

      const lin = await db.prisma.crmCustomer.findUniqueOrThrow({ where: { crmNo: 'C6200000001' }, include: { owner: true, holdings: { orderBy: { id: 'asc' } } } });
      expect(lin).toMatchObject({ name: '林晓梅', aumFen: 68_000_000n, riskLevel: 3, tags: ['代发工资', '理财到期'], owner: { wecomUserId: 'wangfang' } });
      expect(lin.holdings.map((h) => [h.productId, h.amountFen, h.maturityDate?.toISOString().slice(0, 10) ?? null])).toEqual([
        ['WM001', 20_000_000n, '2026-12-08'],
        ['DP004', 40_000_000n, null],
        ['FD003', 8_000_000n, null],
      ]);
      expect((await db.prisma.crmCustomer.findUniqueOrThrow({ where: { crmNo: 'C6200000006' } })).phoneEnc).toBeNull();
    });

    it('flags the ownership conflict: the CRM owner does not follow the verified WeCom contact', async () => {
      expect(first.ownershipConflicts).toBe(1);
      expect(await findOwnershipConflicts(db)).toEqual([{ crmNo: 'C6100000002', ownerWecomUserId: 'lijun', followerWecomUserIds: ['wangfang'] }]);
    });

    it('is idempotent: a second run (another batch size) finds everything unchanged and writes nothing', async () => {
      const before = await fingerprint(db);
      const holdingsBefore = await count(db, 'crm_holding');
      const { summary, bad } = await run(db, [SAMPLE], 7);
      expect(bad).toEqual([]);
      for (const kind of ['customers', 'ownership', 'tags', 'holdings'] as const) {
        expect(summary.totals[kind]).toEqual({ ...first.totals[kind], inserted: 0, updated: 0, unchanged: first.totals[kind].rows });
      }
      expect(await fingerprint(db)).toBe(before);
      expect(await count(db, 'crm_holding')).toBe(holdingsBefore);
    });

    it('stores ID numbers and phones only encrypted, with blind index and mask', async () => {
      const people = [...csvRows('customers.csv'), ...jsonRows('customers-new.jsonl')] as { crm_no: string; id_number: string; phone: string | null }[];
      const dump = JSON.stringify((await db.sql.query('SELECT row_to_json(c)::text AS r FROM crm_customer c', [])).rows);
      for (const p of people) {
        expect(dump).not.toContain(p.id_number);
        if (p.phone) expect(dump).not.toContain(p.phone);
      }
      const lin = people.find((p) => p.crm_no === 'C6200000001')!;
      const row = await db.prisma.crmCustomer.findUniqueOrThrow({ where: { crmNo: lin.crm_no } });
      expect(row.idNumberEnc.startsWith('v1:k1:')).toBe(true);
      expect(decryptPii(() => keys.key, row.idNumberEnc)).toBe(lin.id_number);
      expect(decryptPii(() => keys.key, row.phoneEnc!)).toBe(lin.phone);
      expect(row.idNumberHash).toBe(blindIndex(keys, 'id', lin.id_number));
      expect(row.idNumberMasked).toBe(maskIdNumber(lin.id_number));
      expect(row.phoneMasked).toBe(maskPhone(lin.phone!));
      expect(row.piiKeyId).toBe('k1');
    });
  });

  it('the committed files are what the generator writes (`pnpm crm:sample` was run after the last change)', () => {
    const read = (dir: string, names: string[]): Record<string, string> => Object.fromEntries(names.map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]));
    const sample = crmSampleFiles(new Date(`${CRM_SAMPLE_DAY}T00:00:00Z`)).files;
    expect(read(SAMPLE, Object.keys(sample))).toEqual(sample);
    const bad = crmSampleBadFiles();
    expect(read(BAD, Object.keys(bad))).toEqual(bad);
  });

  describe('bad rows', () => {
    const EXPECTED = [
      'customers-bad.csv:4: id_number: 身份证号码校验位不正确',
      'customers-bad.csv:5: id_number: 身份证号码中的出生日期不正确',
      'customers-bad.csv:6: phone: 请输入正确的11位手机号码',
      'customers-bad.csv:7: aum_yuan: 金额应为不小于0的元金额，最多两位小数',
      'customers-bad.csv:8: risk_level: 风险等级应为1–5（或C1–C5）',
      'customers-bad.csv:9: name: 缺少姓名',
      'customers-bad.csv:10: id_number: 该身份证号码已属于客户号 C6300000001',
      'customers-bad.csv:11: CSV格式错误：列数与表头不一致',
      'ownership-bad.jsonl:2: owner_wecom_userid: 员工 nobody 不存在',
      'ownership-bad.jsonl:3: crm_no: 客户号 C6300000404 不存在',
      'tags-bad.csv:3: crm_no: 客户号 C6300000404 不存在',
      'tags-bad.csv:4: tags: 每个标签最多32字，不含控制字符',
      'holdings-bad.jsonl:2: crm_no: 客户号 C6399999999 不存在',
      'holdings-bad.jsonl:3: product_id: 产品 XX999 不存在',
      'holdings-bad.jsonl:4: amount_yuan: 金额应为大于0的元金额，最多两位小数',
      'holdings-bad.jsonl:5: start_date: 日期应为YYYY-MM-DD格式的有效日期',
      'holdings-bad.jsonl:6: maturity_date: 到期日早于起始日',
      'holdings-bad.jsonl:7: JSON格式错误',
      'holdings-bad.jsonl:8: crm_no: 客户号 C6300000003 不存在',
    ];

    it('are reported with file, line and reason and skipped, while the good rows land', async () => {
      const { summary, bad } = await run(db, [BAD]);
      expect(bad).toEqual(EXPECTED);
      expect(summary.badRows).toBe(EXPECTED.length);
      expect(summary.totals.customers).toEqual({ rows: 11, inserted: 3, updated: 0, unchanged: 0, rejected: 8 });
      expect(summary.totals.ownership).toEqual({ rows: 4, inserted: 0, updated: 1, unchanged: 1, rejected: 2 });
      expect(summary.totals.tags).toEqual({ rows: 4, inserted: 0, updated: 1, unchanged: 1, rejected: 2 });
      expect(summary.totals.holdings).toEqual({ rows: 9, inserted: 2, updated: 0, unchanged: 0, rejected: 7 });

      const landed = await db.prisma.crmCustomer.findMany({ where: { crmNo: { startsWith: 'C63' } }, orderBy: { crmNo: 'asc' }, include: { owner: true } });
      expect(landed.map((c) => [c.crmNo, c.aumFen, c.riskLevel, c.tags, c.owner?.wecomUserId ?? null])).toEqual([
        ['C6300000001', 12_000_050n, 3, ['养老规划', '新客'], 'wangfang'],
        ['C6300000002', 800_000n, 2, [], null],
        ['C6300000010', 9_990n, 1, [], null],
      ]);
      expect((await db.prisma.crmHolding.findMany({ where: { id: { startsWith: 'hb-' } }, orderBy: { id: 'asc' } })).map((h) => h.id)).toEqual(['hb-1', 'hb-9']);
    });

    it('the same bad rows, one row per batch (the database checks instead of the in-batch ones), change nothing more', async () => {
      const before = await fingerprint(db);
      const { summary, bad } = await run(db, [BAD], 1);
      expect(bad).toEqual(EXPECTED);
      expect(summary.totals.customers).toEqual({ rows: 11, inserted: 0, updated: 0, unchanged: 3, rejected: 8 });
      expect(await fingerprint(db)).toBe(before);
    });

    it('refuses a file without the required columns and imports the others', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-refused-'));
      try {
        fs.writeFileSync(path.join(dir, 'customers-short.csv'), 'crm_no,name\nC6400000001,某某\n');
        fs.writeFileSync(path.join(dir, 'tags.csv'), 'crm_no,tags\nC6300000002,新客\n');
        const { summary, bad } = await run(db, [dir]);
        expect(bad).toEqual(['customers-short.csv:1: 缺少列：id_number, aum_yuan, risk_level（customers 文件的表头）']);
        expect(summary.files.find((f) => f.kind === 'customers')?.error).toMatch(/^缺少列/);
        expect(summary.totals.tags).toMatchObject({ rows: 1, updated: 1 });
        expect((await db.prisma.crmCustomer.findUniqueOrThrow({ where: { crmNo: 'C6300000002' } })).tags).toEqual(['新客']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the first start of the embedded default, on any day', () => {
    let other: Database;
    const day = '2031-05-17';
    beforeAll(async () => {
      other = await openTestDatabase();
      await seedDemo(other, keys, { customers: 30, clock: new ManualClock(`${day}T02:00:00Z`) });
    });
    afterAll(async () => {
      if (other) await dropTestDatabase(other);
    });

    it('imports the sample generated for the seeding day: seeded customers and holdings unchanged, maturities as near as on the sample day', async () => {
      const holdingsBefore = await count(other, 'crm_holding');
      const summary = await loadCrmSample(other, keys, new Date(`${day}T00:00:00Z`));
      expect(summary.badRows).toBe(0);
      expect(summary.totals.customers).toEqual({ rows: 30, inserted: 6, updated: 0, unchanged: 24, rejected: 0 });
      expect(summary.totals.holdings).toMatchObject({ inserted: newcomerHoldings(), updated: 0, rejected: 0 });
      expect(await count(other, 'crm_holding')).toBe(holdingsBefore + newcomerHoldings());
      expect(summary.ownershipConflicts).toBe(1);
      const lin = await other.prisma.crmCustomer.findUniqueOrThrow({ where: { crmNo: 'C6200000001' }, include: { holdings: { orderBy: { id: 'asc' } } } });
      expect(lin.holdings[0]?.maturityDate?.toISOString().slice(0, 10)).toBe('2031-05-31'); // 14 days after the seeding day
      // The CRM invariant holds for the sample's customers too.
      expect(await count(other, 'crm_customer', 'aum_fen <> (SELECT coalesce(sum(h.amount_fen), 0) FROM crm_holding h WHERE h.crm_no = crm_customer.crm_no)')).toBe(0);
    });
  });

  describe('incremental feed', () => {
    const person = { crm_no: 'C6500000001', name: '秦消息', id_number: '110107198001011230', phone: '13900000001', aum_yuan: '50000', risk_level: 2 };

    it('applies mixed changes in order with one outcome each; a redelivery changes nothing', async () => {
      const feed = createCrmFeed(db, keys);
      const changes = [
        { kind: 'customers' as const, record: person },
        { kind: 'holdings' as const, record: { holding_id: 'hf-1', crm_no: 'C6500000001', product_id: 'WM002', amount_yuan: '100', start_date: '2026-11-01' } },
        { kind: 'customers' as const, record: { ...person, aum_yuan: '60000' } },
        { kind: 'tags' as const, record: { crm_no: 'C6500000001', tags: ['新客'] } },
        { kind: 'ownership' as const, record: { crm_no: 'C6500000001', owner_wecom_userid: 'zhangwei' } },
        { kind: 'holdings' as const, record: { holding_id: 'hf-2', crm_no: 'C6500009999', product_id: 'WM002', amount_yuan: '100', start_date: '2026-11-01' } },
      ];
      expect(await feed.applyChanges(changes)).toEqual([
        { status: 'inserted' },
        { status: 'inserted' },
        { status: 'updated' },
        { status: 'updated' },
        { status: 'updated' },
        { status: 'rejected', reason: 'crm_no: 客户号 C6500009999 不存在' },
      ]);
      const row = await db.prisma.crmCustomer.findUniqueOrThrow({ where: { crmNo: 'C6500000001' }, include: { owner: true, holdings: true } });
      expect(row).toMatchObject({ aumFen: 6_000_000n, tags: ['新客'], owner: { wecomUserId: 'zhangwei' }, holdings: [{ id: 'hf-1', amountFen: 10_000n }] });

      const again = await feed.applyChanges(changes.slice(2));
      expect(again.map((o) => o.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'rejected']);
      // A message of a kind this version does not know is rejected, not fatal.
      expect(await feed.applyChanges([{ kind: 'accounts' as never, record: {} }])).toEqual([{ status: 'rejected', reason: '未知的记录类型：accounts' }]);
    });

    it('re-encrypts only what changed: a new phone gets new ciphertext, the ID number keeps its own', async () => {
      const feed = createCrmFeed(db, keys);
      const before = await db.prisma.crmCustomer.findUniqueOrThrow({ where: { crmNo: 'C6500000001' } });
      expect(await feed.applyChanges([{ kind: 'customers', record: { ...person, aum_yuan: '60000', phone: '13900000002' } }])).toEqual([{ status: 'updated' }]);
      const after = await db.prisma.crmCustomer.findUniqueOrThrow({ where: { crmNo: 'C6500000001' } });
      expect(after.idNumberEnc).toBe(before.idNumberEnc);
      expect(after.phoneEnc).not.toBe(before.phoneEnc);
      expect(decryptPii(() => keys.key, after.phoneEnc!)).toBe('13900000002');
      expect(after.phoneMasked).toBe('139****0002');
    });
  });
});
