import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../db/database';
import { DAY_MS } from '../../lib/clock';
import { fenToYuan } from '../../lib/money';
import type { PiiKeys } from '../../lib/pii';
import { importCrmFiles, type ImportOptions, type ImportSummary } from '../crm';
import { CURRENT_ACCOUNT_PRODUCT_ID, generateCustomers, generateStaff, newFaker, type GeneratedCustomer } from './generate';
import { idNumberCheckChar, makeIdNumber } from './identity-numbers';

/**
 * The sample head-office CRM export: the seed's first customers (same crm_no, name, ID number, phone, AUM, risk,
 * tags, holdings and owner, so importing the sample into a database seeded for the same day changes nothing for
 * them), six customers the CRM knows and WeCom does not yet, and one ownership change. Every date is relative to
 * the day it is generated for, like the seed's.
 *
 * Two uses of the one generator: `pnpm crm:sample` writes it for CRM_SAMPLE_DAY into bff/fixtures/crm-sample/ (the
 * files the tests import and the README shows), and the embedded default's first start generates it for the
 * seeding day and imports it through the same import as `pnpm crm:import` (loadCrmSample), so the sample's
 * maturities fall due in the coming days whatever day the demo is started on.
 */
export const CRM_SAMPLE_DAY = '2026-11-24';

const FROM_SEED = 24;
/** Region 110107 (石景山区) is not one the seed uses: these ID numbers cannot collide with seeded ones. */
const REGION = '110107';
const yuan = (y: number): bigint => BigInt(Math.round(y * 100));

interface SampleCustomer {
  crmNo: string;
  name: string;
  idNumber: string;
  phone: string | null;
  aumFen: bigint;
  riskLevel: number;
  tags: string[];
  owner: string | null;
  /** Seeded customers only: bound to a WeCom contact (verified) in the demo data. */
  verified: boolean;
  holdings: { id: string; productId: string; amountFen: bigint; startDate: string; maturityDate: string | null }[];
}

function csv(rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null): string => {
    const s = v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

function jsonl(rows: object[]): string {
  return `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

function fromSeed(today: Date): SampleCustomer[] {
  const f = newFaker();
  const staff = generateStaff(f, 6);
  const advisors = staff.filter((s) => s.roles.includes('ADVISOR'));
  const [batch] = generateCustomers(f, FROM_SEED, advisors.length, today, FROM_SEED);
  return (batch ?? []).map((c: GeneratedCustomer) => ({
    crmNo: c.crmNo,
    name: c.realName,
    idNumber: c.idNumber,
    phone: c.phone,
    aumFen: c.aumFen,
    riskLevel: c.riskLevel,
    tags: c.crmTags,
    owner: advisors[c.advisorIndex]?.wecomUserId ?? null,
    verified: c.verified,
    holdings: c.holdings.map((h) => ({ id: h.id, productId: h.productId, amountFen: h.amountFen, startDate: isoDay(h.startDate), maturityDate: h.maturityDate ? isoDay(h.maturityDate) : null })),
  }));
}

function id(birth: string, seq: number): string {
  return makeIdNumber(REGION, new Date(`${birth}T00:00:00Z`), seq);
}

/** Customers the CRM knows and WeCom does not yet: the people a demo advisor invites and verifies. */
function newcomers(today: Date): SampleCustomer[] {
  const day = (offset: number): string => isoDay(new Date(today.getTime() + offset * DAY_MS));
  type Position = [productId: string, amountYuan: number, startOffset: number, maturityOffset: number | null];
  const c = (n: number, name: string, birth: string, phone: string | null, aumYuan: number, riskLevel: number, owner: string, tags: string[], holdings: Position[]): SampleCustomer => {
    const crmNo = `C${6_200_000_000 + n}`;
    // The CRM invariant the seed keeps too: the AUM is the sum of the positions (the current account included).
    const sum = holdings.reduce((s, [, amount]) => s + yuan(amount), 0n);
    if (sum !== yuan(aumYuan)) throw new Error(`sample customer ${crmNo}: holdings add up to ${fenToYuan(sum)}, not the AUM ${aumYuan}`);
    return {
      crmNo,
      name,
      idNumber: id(birth, 100 + n),
      phone,
      aumFen: yuan(aumYuan),
      riskLevel,
      tags,
      owner,
      verified: false,
      holdings: holdings.map(([productId, amount, start, maturity], i) => ({ id: `h-${crmNo}-${i + 1}`, productId, amountFen: yuan(amount), startDate: day(start), maturityDate: maturity === null ? null : day(maturity) })),
    };
  };
  const CA = CURRENT_ACCOUNT_PRODUCT_ID;
  return [
    // C3, a 90-day product maturing in two weeks, idle money on the current account, a bond fund: reinvestment, idle money, diversification.
    c(1, '林晓梅', '1986-03-14', '13911620001', 680_000, 3, 'wangfang', ['代发工资', '理财到期'], [['WM001', 200_000, -76, 14], [CA, 400_000, -1400, null], ['FD003', 80_000, -200, null]]),
    // C2, a large certificate of deposit maturing in three weeks, a 180-day product later.
    c(2, '周建国', '1961-08-02', '13911620002', 1_500_000, 2, 'wangfang', ['养老规划'], [['DP001', 1_000_000, -1074, 21], [CA, 300_000, -900, null], ['WM003', 200_000, -100, 80]]),
    // C4, high net worth, long positions only.
    c(3, '吴思远', '1979-11-30', '13911620003', 3_200_000, 4, 'lijun', ['高净值潜力', '手机银行活跃'], [['FD001', 500_000, -300, null], ['WM006', 1_000_000, -148, 217], ['PM001', 100_000, -60, null], ['WM004', 1_200_000, -300, 65], [CA, 400_000, -2000, null]]),
    // C1, a one-year deposit maturing in six days.
    c(4, '郑雅琴', '1955-05-21', '13911620004', 120_000, 1, 'zhangwei', ['养老规划', '保险保障缺口'], [['DP002', 100_000, -359, 6], [CA, 20_000, -3000, null]]),
    // C5, funds only.
    c(5, '孙浩然', '1994-07-09', '13911620005', 450_000, 5, 'zhaomin', ['信用卡活跃'], [['FD004', 300_000, -120, null], ['FD002', 100_000, -45, null], [CA, 50_000, -700, null]]),
    // C3, new customer: no phone on file, only a current account.
    c(6, '何丽华', '1990-12-01', null, 30_000, 3, 'lijun', ['新客'], [[CA, 30_000, -20, null]]),
  ];
}

/**
 * The sample's files (name → text) for `today` (midnight UTC of the seeding day). One deliberate ownership
 * conflict: the CRM gives a verified customer whom 王芳 follows on WeCom to 李军.
 */
export function crmSampleFiles(today: Date): { files: Record<string, string>; conflict: { crmNo: string; owner: string }; customers: number } {
  const customers = [...fromSeed(today), ...newcomers(today)];
  const target = customers.find((c) => c.verified && c.owner === 'wangfang');
  if (!target) throw new Error('no verified seeded customer of wangfang among the first ones');
  const conflict = { crmNo: target.crmNo, owner: 'lijun' };
  const seeded = customers.slice(0, FROM_SEED);
  const fresh = customers.slice(FROM_SEED);
  const owner = (c: SampleCustomer): string | null => (c.crmNo === conflict.crmNo ? conflict.owner : c.owner);
  const files: Record<string, string> = {
    'customers.csv': csv([['crm_no', 'name', 'id_number', 'phone', 'aum_yuan', 'risk_level'], ...seeded.map((c) => [c.crmNo, c.name, c.idNumber, c.phone, fenToYuan(c.aumFen), c.riskLevel])]),
    'customers-new.jsonl': jsonl(fresh.map((c) => ({ crm_no: c.crmNo, name: c.name, id_number: c.idNumber, phone: c.phone, aum_yuan: fenToYuan(c.aumFen), risk_level: `C${c.riskLevel}` }))),
    'ownership.csv': csv([['crm_no', 'owner_wecom_userid'], ...customers.map((c) => [c.crmNo, owner(c)])]),
    'tags.jsonl': jsonl(customers.map((c) => ({ crm_no: c.crmNo, tags: c.tags }))),
    'holdings.csv': csv([
      ['holding_id', 'crm_no', 'product_id', 'amount_yuan', 'start_date', 'maturity_date'],
      ...customers.flatMap((c) => c.holdings.map((h) => [h.id, c.crmNo, h.productId, fenToYuan(h.amountFen), h.startDate, h.maturityDate])),
    ]),
  };
  return { files, conflict, customers: customers.length };
}

/** Good rows and deliberate mistakes, one per line, for the tests (the expected reasons are in crm-import.test.ts). */
export function crmSampleBadFiles(): Record<string, string> {
  const good1 = id('1988-04-05', 301);
  const good2 = id('1972-09-17', 302);
  const good10 = id('1999-01-23', 310);
  const wrongCheck = `${good1.slice(0, 17)}${good1.endsWith('0') ? '1' : '0'}`;
  const badDate = `${REGION}19900230123${idNumberCheckChar(`${REGION}19900230123`)}`; // 30 February, correct check character
  return {
    'customers-bad.csv': csv([
      ['crm_no', 'name', 'id_number', 'phone', 'aum_yuan', 'risk_level'],
      ['C6300000001', '钱多多', good1, '13811110001', '120000.50', 3], // 2 good
      ['C6300000002', '冯小刚', good2, null, '8000', 'C2'], // 3 good, no phone
      ['C6300000003', '陈校验', wrongCheck, '13811110003', '1000', 3], // 4 check digit
      ['C6300000004', '褚生日', badDate, '13811110004', '1000', 3], // 5 birth date
      ['C6300000005', '卫电话', id('1980-06-06', 305), '12345', '1000', 3], // 6 phone
      ['C6300000006', '蒋金额', id('1980-06-07', 306), '13811110006', '-5', 3], // 7 amount
      ['C6300000007', '沈风险', id('1980-06-08', 307), '13811110007', '1000', 6], // 8 risk level
      ['C6300000008', '', id('1980-06-09', 308), '13811110008', '1000', 3], // 9 name missing
      ['C6300000009', '韩重复', good1, '13811110009', '1000', 3], // 10 ID number of C6300000001
      ['C6300000011', '杨多列', id('1980-06-10', 311), '13811110011', '1000', 3, 'extra'], // 11 column count
      ['C6300000010', '朱最后', good10, '13811110010', '99.9', 1], // 12 good
    ]),
    // Fixed dates on purpose: these rows test validation, which does not depend on the day.
    'holdings-bad.jsonl':
      [
        JSON.stringify({ holding_id: 'hb-1', crm_no: 'C6300000001', product_id: 'WM001', amount_yuan: '100000', start_date: '2026-09-01', maturity_date: '2026-11-30' }),
        JSON.stringify({ holding_id: 'hb-2', crm_no: 'C6399999999', product_id: 'WM001', amount_yuan: '100000', start_date: '2026-09-01' }),
        JSON.stringify({ holding_id: 'hb-3', crm_no: 'C6300000001', product_id: 'XX999', amount_yuan: '100000', start_date: '2026-09-01' }),
        JSON.stringify({ holding_id: 'hb-4', crm_no: 'C6300000001', product_id: 'FD001', amount_yuan: 'abc', start_date: '2026-09-01' }),
        JSON.stringify({ holding_id: 'hb-5', crm_no: 'C6300000001', product_id: 'FD001', amount_yuan: 500, start_date: '2026-13-01' }),
        JSON.stringify({ holding_id: 'hb-6', crm_no: 'C6300000001', product_id: 'WM003', amount_yuan: 500, start_date: '2026-09-01', maturity_date: '2026-08-01' }),
        '{"holding_id": "hb-7", "crm_no":',
        JSON.stringify({ holding_id: 'hb-8', crm_no: 'C6300000003', product_id: 'FD001', amount_yuan: 10, start_date: '2026-09-01' }),
        '',
        JSON.stringify({ holding_id: 'hb-9', crm_no: 'C6300000002', product_id: 'DP004', amount_yuan: 8000, start_date: '2025-01-01', maturity_date: null }),
      ].join('\n') + '\n',
    'tags-bad.csv': csv([
      ['crm_no', 'tags'],
      ['C6300000001', '养老规划|新客'],
      ['C6300000404', '新客'],
      ['C6300000002', '这个标签实在是太长了以至于超过了三十二个字的长度限制所以应当被导入程序拒绝掉'],
      ['C6300000010', ''],
    ]),
    'ownership-bad.jsonl': jsonl([
      { crm_no: 'C6300000001', owner_wecom_userid: 'wangfang' },
      { crm_no: 'C6300000002', owner_wecom_userid: 'nobody' },
      { crm_no: 'C6300000404', owner_wecom_userid: 'lijun' },
      { crm_no: 'C6300000010', owner_wecom_userid: null },
    ]),
  };
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
}

/**
 * First start of the embedded default: the sample generated for the seeding day (`today`, midnight UTC), written to
 * a temporary folder and imported through the CRM batch import, exactly as `pnpm crm:import` would import an export.
 */
export async function loadCrmSample(db: Database, keys: PiiKeys, today: Date, opts: ImportOptions = {}): Promise<ImportSummary> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfs-crm-sample-'));
  try {
    writeFiles(dir, crmSampleFiles(today).files);
    return await importCrmFiles(db, keys, [dir], opts);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
