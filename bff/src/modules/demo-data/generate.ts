import { Faker, zh_CN, en, base } from '@faker-js/faker';
import { CRM_TAGS, CORP_TAG_GROUPS, DEMO_PRODUCTS } from './catalogue';
import { DEMO_ACCOUNTS, DEMO_UNITS, type DemoStaffMember } from './org-chart';
import { makeIdNumber } from './identity-numbers';
import { DAY_MS } from '../../lib/clock';

/** Everything the seed writes, generated from a fixed seed so two runs give the same people and amounts. */
export const SEED = 20261124;
const REGIONS = ['110101', '110102', '110105', '110106', '110108', '110114', '130102', '120101', '370102', '310104'];
const PHONE_PREFIXES = ['135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '177', '182', '186', '187', '188', '189', '199'];
const NICKNAMES = ['静待花开', '平安是福', '知足常乐', '海阔天空', '晨曦', '一帆风顺', '云淡风轻', '岁月静好', '阳光', 'Lily', 'Kevin', '向日葵', '小橙子', '老杨', '天天向上', '心想事成'];

export interface GeneratedStaff extends DemoStaffMember {
  id: string;
}

export interface GeneratedCustomer {
  id: string;
  externalUserId: string;
  displayName: string;
  crmNo: string;
  realName: string;
  idNumber: string;
  phone: string;
  aumFen: bigint;
  riskLevel: number;
  crmTags: string[];
  advisorIndex: number;
  verified: boolean;
  addedAt: Date;
  channel: string;
  holdings: GeneratedHolding[];
  corpTagIds: string[];
}

export function newFaker(): Faker {
  const f = new Faker({ locale: [zh_CN, en, base] });
  f.seed(SEED);
  return f;
}

export function generateStaff(f: Faker, advisorsPerOutlet: number): GeneratedStaff[] {
  const staff: GeneratedStaff[] = DEMO_ACCOUNTS.map((a, i) => ({ ...a, id: `stf-${String(i + 1).padStart(4, '0')}` }));
  let n = staff.length;
  for (const outlet of DEMO_UNITS.filter((u) => u.level === 'OUTLET')) {
    const existing = staff.filter((s) => s.unitId === outlet.id && s.roles.includes('ADVISOR')).length;
    for (let k = existing; k < advisorsPerOutlet; k++) {
      n += 1;
      staff.push({
        id: `stf-${String(n).padStart(4, '0')}`,
        wecomUserId: `E${String(100000 + n)}`,
        name: `${f.person.lastName()}${f.person.firstName()}`,
        unitId: outlet.id,
        roles: ['ADVISOR'],
      });
    }
    if (!staff.some((s) => s.unitId === outlet.id && s.roles.includes('UNIT_MANAGER'))) {
      n += 1;
      staff.push({ id: `stf-${String(n).padStart(4, '0')}`, wecomUserId: `E${String(100000 + n)}`, name: `${f.person.lastName()}${f.person.firstName()}`, unitId: outlet.id, roles: ['UNIT_MANAGER'] });
    }
  }
  return staff;
}

export function corpTagId(groupIndex: number, tagIndex: number): string {
  return `et-${groupIndex + 1}-${tagIndex + 1}`;
}

function aumFen(f: Faker): bigint {
  const r = f.number.float({ min: 0, max: 1 });
  const yuan = r < 0.35 ? f.number.int({ min: 100, max: 49_999 }) : r < 0.75 ? f.number.int({ min: 50_000, max: 499_999 }) : r < 0.97 ? f.number.int({ min: 500_000, max: 5_999_999 }) : f.number.int({ min: 6_000_000, max: 30_000_000 });
  return BigInt(yuan) * 100n;
}

const BIRTH_DAYS = 19_700; // 1950-01-01 onwards, about 54 years
const ID_SPACE = REGIONS.length * BIRTH_DAYS * 999;
const ID_SPREAD = 2_654_435_761n; // prime, coprime with ID_SPACE: i → i·p mod N is a bijection that looks random

/** A distinct, valid ID number for every customer index (collisions would break the blind-index uniqueness). */
function uniqueIdNumber(i: number): string {
  const k = Number((BigInt(i) * ID_SPREAD) % BigInt(ID_SPACE));
  const region = REGIONS[k % REGIONS.length] ?? '110101';
  const rest = Math.floor(k / REGIONS.length);
  const birth = new Date(Date.UTC(1950, 0, 1) + (rest % BIRTH_DAYS) * 86_400_000);
  return makeIdNumber(region, birth, Math.floor(rest / BIRTH_DAYS) + 1);
}

function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function phone(f: Faker): string {
  return `${f.helpers.arrayElement(PHONE_PREFIXES)}${f.string.numeric(8)}`;
}

/** A customer's position in one product: dates relative to the seeding day, amounts in fen. */
export interface GeneratedHolding {
  id: string;
  productId: string;
  amountFen: bigint;
  startDate: Date;
  maturityDate: Date | null;
}

/** The current account (活期储蓄): every customer's remainder, so that the holdings add up to the AUM. */
export const CURRENT_ACCOUNT_PRODUCT_ID = 'DP004';
const INVESTABLE = DEMO_PRODUCTS.filter((p) => p.id !== CURRENT_ACCOUNT_PRODUCT_ID);

/**
 * The CRM's positions of one customer, summing exactly to `aum`: up to three products bought in round amounts (a
 * random share of what is left, at least the product's minimum), the rest on the current account. A product with a
 * term was bought `termDays` before it matures, and matures between five days ago (not yet rolled over) and its full
 * term from today, so that every seeding day has holdings falling due this week, this month and later. The faker
 * draws do not depend on `today`: two days give the same rows with dates shifted by the days between them.
 * `dueIn` (days from today): the first product has a term and matures within that window.
 */
export function generateHoldings(f: Faker, seq: number, aum: bigint, today: Date, dueIn?: { min: number; max: number }): GeneratedHolding[] {
  const holdings: GeneratedHolding[] = [];
  const wanted = Math.max(dueIn ? 1 : 0, f.number.int({ min: 0, max: 3 }));
  let left = aum;
  const pool = [...INVESTABLE];
  for (let k = 0; k < wanted; k++) {
    const window = k === 0 ? dueIn : undefined;
    const affordable = pool.filter((p) => p.minAmountFen <= left && (!window || (p.termDays !== null && p.termDays - 1 >= window.max)));
    if (!affordable.length) break;
    const product = f.helpers.arrayElement(affordable);
    pool.splice(pool.indexOf(product), 1);
    // Round to 100 yuan above 10,000 yuan, else to the yuan: what people actually buy.
    const unit = left >= 1_000_000n ? 10_000n : 100n;
    const share = BigInt(f.number.int({ min: 15, max: 85 }));
    const amount = maxBig(product.minAmountFen, ((left * share) / 100n / unit) * unit);
    if (amount > left || amount <= 0n) continue;
    left -= amount;
    const maturityIn = product.termDays ? f.number.int(window ?? { min: -5, max: product.termDays - 1 }) : null;
    const startAgo = maturityIn === null ? f.number.int({ min: 10, max: 900 }) : (product.termDays ?? 0) - maturityIn;
    holdings.push({
      id: `h-${seq}-${holdings.length + 1}`,
      productId: product.id,
      amountFen: amount,
      startDate: new Date(today.getTime() - startAgo * DAY_MS),
      maturityDate: maturityIn === null ? null : new Date(today.getTime() + maturityIn * DAY_MS),
    });
  }
  if (left > 0n) {
    const openedAgo = f.number.int({ min: 200, max: 3000 });
    holdings.push({ id: `h-${seq}-${holdings.length + 1}`, productId: CURRENT_ACCOUNT_PRODUCT_ID, amountFen: left, startDate: new Date(today.getTime() - openedAgo * DAY_MS), maturityDate: null });
  }
  return holdings;
}

/**
 * Customers in batches (bounded memory for the 160k seed). `today` (midnight UTC of the seeding day) anchors every
 * date: holdings, the day the customer was added on WeCom (and verified). Every advisor's first customer is verified
 * with a holding due this week, and the second with one due later this month: each demo account has maturities to
 * act on (the reinvestment recommendation, the "maturing within 30 days" filter) on any seeding day.
 */
export function* generateCustomers(f: Faker, count: number, advisorCount: number, today: Date, batchSize: number): Generator<GeneratedCustomer[]> {
  let batch: GeneratedCustomer[] = [];
  const day = DAY_MS;
  for (let i = 0; i < count; i++) {
    const seq = i + 1;
    const realName = `${f.person.lastName()}${f.person.firstName()}`;
    const aum = aumFen(f);
    const story = i < advisorCount ? { min: 0, max: 7 } : i < 2 * advisorCount ? { min: 8, max: 30 } : undefined;
    const holdings = generateHoldings(f, seq, aum, today, story);
    const corpTagIds = f.helpers
      .arrayElements(
        CORP_TAG_GROUPS.flatMap((g, gi) => g.tags.map((_, ti) => corpTagId(gi, ti))),
        { min: 0, max: 2 },
      )
      .sort();
    batch.push({
      id: `cus-${String(seq).padStart(7, '0')}`,
      externalUserId: `wmDemo${String(seq).padStart(7, '0')}${f.string.alphanumeric(8)}`,
      displayName: f.number.int({ min: 0, max: 2 }) === 0 ? f.helpers.arrayElement(NICKNAMES) : `${realName.slice(0, 1)}${f.person.firstName()}`,
      crmNo: `C${String(6_100_000_000 + seq)}`,
      realName,
      idNumber: uniqueIdNumber(i),
      phone: phone(f),
      aumFen: aum,
      riskLevel: f.helpers.weightedArrayElement([
        { weight: 15, value: 1 },
        { weight: 35, value: 2 },
        { weight: 30, value: 3 },
        { weight: 15, value: 4 },
        { weight: 5, value: 5 },
      ]),
      crmTags: f.helpers.arrayElements(CRM_TAGS, { min: 0, max: 3 }).sort(),
      advisorIndex: i % advisorCount,
      verified: f.number.int({ min: 0, max: 9 }) < 7 || story !== undefined,
      addedAt: new Date(today.getTime() - f.number.int({ min: 1, max: 900 }) * day - f.number.int({ min: 0, max: day - 1 })),
      channel: f.helpers.arrayElement(['qr_advisor', 'qr_outlet_poster', 'event_salon', 'referral', 'mobile_banking']),
      holdings,
      corpTagIds,
    });
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
