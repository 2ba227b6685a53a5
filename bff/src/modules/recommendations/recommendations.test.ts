import { recommendationSchema, type ProductCategory } from '@pfs/shared';
import {
  chinaBusinessDay,
  combineCandidates,
  daysBetween,
  DEFAULT_RECOMMENDATION_OPTIONS,
  diversificationRule,
  formatFenZh,
  idleDepositFen,
  idleDepositRule,
  isoDate,
  isSuitable,
  maturityReinvestRule,
  recommend,
  type Candidate,
  type RecoHolding,
  type RecommendationInput,
  type RecommendationRule,
  type RecoProduct,
} from './index';

const YUAN = 100n;
const WAN = 10_000n * YUAN;

function product(id: string, category: ProductCategory, riskLevel: number, minAmountFen: bigint, termDays: number | null = null): RecoProduct {
  return { id, name: `产品${id}`, category, riskLevel, minAmountFen, termDays };
}

/** A small shelf: ids say category and risk (W2 = wealth R2). */
const P = {
  W1: product('W1', 'WEALTH', 1, 1n * YUAN),
  W2: product('W2', 'WEALTH', 2, 1n * WAN, 90),
  W3: product('W3', 'WEALTH', 3, 1n * WAN, 365),
  W4: product('W4', 'WEALTH', 4, 100n * WAN, 365),
  F2: product('F2', 'FUND', 2, 10n * YUAN),
  F4: product('F4', 'FUND', 4, 10n * YUAN),
  F5: product('F5', 'FUND', 5, 10n * YUAN),
  G3: product('G3', 'PRECIOUS_METAL', 3, 1n * YUAN),
  I1: product('I1', 'INSURANCE', 1, 1n * WAN, 3650),
  D0: product('D0', 'DEPOSIT', 1, 1n * YUAN),
  D1: product('D1', 'DEPOSIT', 1, 20n * WAN, 1095),
};
const SHELF = Object.values(P);
const TODAY = '2026-11-24';

function holding(p: RecoProduct, amountFen: bigint, maturityDate: string | null): RecoHolding {
  return { productId: p.id, productName: p.name, category: p.category, amountFen, maturityDate };
}

function input(over: Partial<RecommendationInput> = {}): RecommendationInput {
  return { verified: true, riskLevel: 3, aumFen: 50n * WAN, holdings: [], products: SHELF, today: TODAY, ...over };
}

const ids = (cs: readonly { product: RecoProduct }[]): string[] => cs.map((c) => c.product.id);
const opts = DEFAULT_RECOMMENDATION_OPTIONS;

describe('formatting helpers', () => {
  it.each([
    [0n, '0元'],
    [150n, '1.5元'],
    [800_000n, '8000元'],
    [1_000_000n, '1万元'],
    [12_345_678n, '12.35万元'],
    [50n * WAN, '50万元'],
    [-150n, '-1.5元'],
  ])('formatFenZh(%s) = %s', (fen, text) => {
    expect(formatFenZh(fen)).toBe(text);
  });

  it('counts calendar days and reads date columns as UTC dates', () => {
    expect(daysBetween('2026-11-24', '2026-12-24')).toBe(30);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-11-24', '2026-11-23')).toBe(-1);
    expect(daysBetween('2026-11-24', 'someday')).toBeNaN();
    expect(isoDate(new Date('2026-12-10T00:00:00Z'))).toBe('2026-12-10');
    expect(chinaBusinessDay(new Date('2026-11-23T16:00:00Z'))).toBe('2026-11-24'); // midnight in Beijing
    expect(chinaBusinessDay(new Date('2026-11-24T15:59:59Z'))).toBe('2026-11-24');
  });
});

describe('suitability', () => {
  it.each([
    ['product risk below the customer’s', P.W2, 3, 50n * WAN, true],
    ['product risk equal to the customer’s', P.W3, 3, 50n * WAN, true],
    ['product risk above the customer’s', P.W4, 3, 500n * WAN, false],
    ['R5 fund for a C5 customer', P.F5, 5, 1n * WAN, true],
    ['AUM equal to the minimum', P.D1, 1, 20n * WAN, true],
    ['AUM below the minimum', P.D1, 5, 20n * WAN - 1n, false],
    ['no risk assessment (0)', P.W1, 0, 50n * WAN, false],
    ['risk level out of range (6)', P.W1, 6, 50n * WAN, false],
    ['risk level not an integer', P.W1, 2.5, 50n * WAN, false],
  ] as const)('%s', (_label, p, riskLevel, aumFen, ok) => {
    expect(isSuitable(p, { riskLevel, aumFen })).toBe(ok);
  });
});

describe('maturity → reinvestment rule', () => {
  it.each<[string, RecoHolding[], string[]]>([
    ['due in 16 days: the same product first, then the most conservative of the category', [holding(P.W2, 10n * WAN, '2026-12-10')], ['W2', 'W1']],
    ['due today', [holding(P.W3, 10n * WAN, TODAY)], ['W3', 'W1']],
    ['due on the 30th day', [holding(P.W2, 10n * WAN, '2026-12-24')], ['W2', 'W1']],
    ['due on the 31st day: not yet', [holding(P.W2, 10n * WAN, '2026-12-25')], []],
    ['matured yesterday: not this rule', [holding(P.W2, 10n * WAN, '2026-11-23')], []],
    ['no maturity date (open-ended)', [holding(P.W1, 10n * WAN, null)], []],
    ['maturing amount below the product’s minimum: only what it can buy', [holding(P.W2, 5_000n * YUAN, '2026-12-01')], ['W1']],
    ['two holdings: the earlier maturity first', [holding(P.F2, 1n * WAN, '2026-12-20'), holding(P.D1, 30n * WAN, '2026-12-01')], ['D1', 'D0', 'F2', 'F4']],
    ['the held product is no longer on sale: the category’s others', [holding(product('W9', 'WEALTH', 2, 1n * WAN), 10n * WAN, '2026-12-01')], ['W1', 'W2']],
  ])('%s', (_label, holdings, expected) => {
    expect(ids(maturityReinvestRule(input({ holdings }), opts))).toEqual(expected);
  });

  it('explains itself: product, amount, date and days left', () => {
    const [same, other] = maturityReinvestRule(input({ holdings: [holding(P.W2, 10n * WAN, '2026-12-10')] }), opts);
    expect(same).toMatchObject({ reasonCode: 'MATURITY_REINVEST', reasonText: '持有的「产品W2」10万元将于12月10日到期（16天后），可原产品续投' });
    expect(other?.reasonText).toBe('持有的「产品W2」10万元将于12月10日到期（16天后），可续投「产品W1」');
    const [today] = maturityReinvestRule(input({ holdings: [holding(P.W2, 10n * WAN, TODAY)] }), opts);
    expect(today?.reasonText).toContain('今天到期');
    const [nextYear] = maturityReinvestRule(input({ today: '2026-12-20', holdings: [holding(P.W2, 10n * WAN, '2027-01-05')] }), opts);
    expect(nextYear?.reasonText).toContain('将于2027年1月5日到期（16天后）');
  });

  it('honours the window and the per-reason limit', () => {
    const holdings = [holding(P.W2, 10n * WAN, '2027-01-10')];
    expect(ids(maturityReinvestRule(input({ holdings }), { ...opts, maturityWindowDays: 60, perReasonLimit: 3 }))).toEqual(['W2', 'W1', 'W3']);
  });
});

describe('idle deposits → wealth products rule', () => {
  it.each<[string, Partial<RecommendationInput>, bigint, string[]]>([
    ['8万 in a demand deposit', { holdings: [holding(P.D0, 8n * WAN, null)] }, 8n * WAN, ['W1', 'W2']],
    ['exactly the threshold is not above it', { holdings: [holding(P.D0, 5n * WAN, null)] }, 5n * WAN, []],
    ['a time deposit matured and not rolled over', { holdings: [holding(P.D1, 20n * WAN, '2026-11-20')] }, 20n * WAN, ['W1', 'W2']],
    ['a time deposit still running is not idle', { holdings: [holding(P.D1, 20n * WAN, '2027-06-01')] }, 0n, []],
    ['the core system’s demand balance', { demandBalanceFen: 6n * WAN }, 6n * WAN, ['W1', 'W2']],
    ['demand balance and demand deposits add up', { demandBalanceFen: 3n * WAN, holdings: [holding(P.D0, 3n * WAN, null)] }, 6n * WAN, ['W1', 'W2']],
    ['open-ended wealth products are not deposits', { holdings: [holding(P.W1, 80n * WAN, null)] }, 0n, []],
    ['only wealth products the idle amount can buy', { products: [P.W4, P.W3], holdings: [holding(P.D0, 6n * WAN, null)] }, 6n * WAN, ['W3']],
  ])('%s', (_label, over, idle, expected) => {
    const i = input(over);
    expect(idleDepositFen(i)).toBe(idle);
    expect(ids(idleDepositRule(i, opts))).toEqual(expected);
  });

  it('has a configurable threshold and says why', () => {
    const i = input({ holdings: [holding(P.D0, 2n * WAN, null)] });
    expect(idleDepositRule(i, opts)).toEqual([]);
    const [first] = idleDepositRule(i, { ...opts, idleDepositThresholdFen: 1n * WAN });
    expect(first).toMatchObject({
      reasonCode: 'IDLE_DEPOSIT',
      reasonText: '活期及到期未转存的存款约2万元，超过1万元，可考虑「产品W1」（R1，起购1元）',
    });
  });
});

describe('no holding in a category → diversification rule', () => {
  it.each<[string, RecoHolding[], RecoProduct[], string[]]>([
    ['nothing held: one per category, in category order', [], SHELF, ['W4', 'G3', 'F5', 'I1', 'D0']],
    ['wealth and funds held', [holding(P.W2, 1n * WAN, null), holding(P.F2, 1n * WAN, null)], SHELF, ['G3', 'I1', 'D0']],
    ['every category held', SHELF.map((p) => holding(p, 1n * WAN, null)), SHELF, []],
    ['a missing category with nothing on sale', [holding(P.W2, 1n * WAN, null)], [P.W1, P.F2], ['F2']],
    ['within a category: highest risk the shelf offers, then the lowest minimum', [], [P.D1, P.D0, P.F2, P.F4], ['F4', 'D0']],
  ])('%s', (_label, holdings, products, expected) => {
    expect(ids(diversificationRule(input({ holdings, products }), opts))).toEqual(expected);
  });

  it('names the missing category', () => {
    const [c] = diversificationRule(input({ products: [P.G3] }), opts);
    expect(c).toMatchObject({ reasonCode: 'DIVERSIFY', reasonText: '尚未持有贵金属类产品，可适当配置「产品G3」（R3）以分散风险' });
  });
});

describe('combiner', () => {
  const c = (p: RecoProduct, reasonCode: Candidate['reasonCode']): Candidate => ({ product: p, reasonCode, reasonText: `${reasonCode}:${p.id}` });
  const who = { riskLevel: 3, aumFen: 50n * WAN };

  it.each<[string, Candidate[], number, string[]]>([
    ['orders by reason priority, keeping each rule’s own order', [c(P.G3, 'DIVERSIFY'), c(P.W1, 'IDLE_DEPOSIT'), c(P.W3, 'MATURITY_REINVEST'), c(P.W2, 'MATURITY_REINVEST')], 10, ['MATURITY_REINVEST:W3', 'MATURITY_REINVEST:W2', 'IDLE_DEPOSIT:W1', 'DIVERSIFY:G3']],
    ['one entry per product: the higher-priority reason wins', [c(P.W1, 'DIVERSIFY'), c(P.W1, 'IDLE_DEPOSIT'), c(P.W1, 'MATURITY_REINVEST')], 10, ['MATURITY_REINVEST:W1']],
    ['caps the count after de-duplication', [c(P.W1, 'MATURITY_REINVEST'), c(P.W1, 'IDLE_DEPOSIT'), c(P.W2, 'IDLE_DEPOSIT'), c(P.G3, 'DIVERSIFY')], 2, ['MATURITY_REINVEST:W1', 'IDLE_DEPOSIT:W2']],
    ['drops what is not suitable (risk and minimum)', [c(P.F5, 'MATURITY_REINVEST'), c(P.W4, 'IDLE_DEPOSIT'), c(P.F2, 'DIVERSIFY')], 10, ['DIVERSIFY:F2']],
    ['nothing in, nothing out', [], 10, []],
  ])('%s', (_label, candidates, max, expected) => {
    expect(combineCandidates(candidates, who, max).map((r) => r.reasonText)).toEqual(expected);
  });

  it('produces the shared recommendation shape', () => {
    const [r] = combineCandidates([c(P.W2, 'IDLE_DEPOSIT')], who, 5);
    expect(r).toEqual({ productId: 'W2', productName: '产品W2', category: 'WEALTH', riskLevel: 2, reasonCode: 'IDLE_DEPOSIT', reasonText: 'IDLE_DEPOSIT:W2' });
    expect(recommendationSchema.parse(r)).toEqual(r);
  });
});

describe('recommend', () => {
  /** C3, 60万: a 90-day product maturing in 10 days, 15万 on demand deposit, a bond fund. */
  const typical = input({
    aumFen: 60n * WAN,
    holdings: [holding(P.W2, 10n * WAN, '2026-12-04'), holding(P.D0, 15n * WAN, null), holding(P.F2, 5n * WAN, null)],
  });

  it('a typical verified customer: reinvestment first, then diversification; idle-deposit picks already listed are not repeated', () => {
    const recs = recommend(typical);
    expect(recs.map((r) => `${r.reasonCode}:${r.productId}`)).toEqual(['MATURITY_REINVEST:W2', 'MATURITY_REINVEST:W1', 'DIVERSIFY:G3', 'DIVERSIFY:I1']);
    for (const r of recs) expect(recommendationSchema.safeParse(r).success).toBe(true);
  });

  it.each<[string, Partial<RecommendationInput>]>([
    ['unverified customer', { verified: false }],
    ['no valid risk assessment', { riskLevel: 0 }],
    ['nothing on sale', { products: [] }],
    ['nothing suitable (C1 with 5,000 yuan; R1 products need 1万 or more)', { riskLevel: 1, aumFen: 5_000n * YUAN, products: [P.I1, P.D1, P.W2] }],
  ])('%s → none', (_label, over) => {
    expect(recommend({ ...typical, ...over })).toEqual([]);
  });

  it('suitability first: rules only see suitable products, and what they return is filtered again', () => {
    const seen: string[][] = [];
    const spy: RecommendationRule = (i) => {
      seen.push(i.products.map((p) => p.id));
      return [{ product: P.F5, reasonCode: 'DIVERSIFY', reasonText: 'R5 for a C3' }, { product: P.W4, reasonCode: 'DIVERSIFY', reasonText: '100万 minimum for 60万' }, { product: P.G3, reasonCode: 'DIVERSIFY', reasonText: 'fine' }];
    };
    expect(recommend(typical, {}, [spy]).map((r) => r.productId)).toEqual(['G3']);
    expect(seen).toEqual([['W1', 'W2', 'W3', 'F2', 'G3', 'I1', 'D0', 'D1']]);
  });

  it('a conservative customer (C1) gets only R1 products', () => {
    const recs = recommend({ ...typical, riskLevel: 1 });
    expect(recs.length).toBeGreaterThan(0);
    expect(recs.every((r) => r.riskLevel === 1)).toBe(true);
  });

  it('idle deposits surface when the portfolio has no maturity due', () => {
    const recs = recommend(input({ aumFen: 30n * WAN, holdings: [holding(P.D0, 20n * WAN, null), holding(P.W3, 10n * WAN, '2027-05-01')] }));
    expect(recs.map((r) => `${r.reasonCode}:${r.productId}`)).toEqual(['IDLE_DEPOSIT:W1', 'IDLE_DEPOSIT:W2', 'DIVERSIFY:G3', 'DIVERSIFY:F2', 'DIVERSIFY:I1']);
  });

  it.each([
    [{ maxResults: 2 }, 2],
    [{ maxResults: 0 }, 0],
    [{}, 4],
  ])('options %j → %i recommendations', (options, n) => {
    expect(recommend(typical, options)).toHaveLength(n);
  });
});
