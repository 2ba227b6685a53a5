import { PRODUCT_CATEGORIES, PRODUCT_CATEGORY_LABELS_ZH } from '@pfs/shared';
import { daysBetween, formatDateZh, formatFenZh } from './format';
import type { Candidate, RecoHolding, RecommendationInput, RecommendationRule, RecoProduct } from './types';

/**
 * The recommendation rules. Each is a small pure function; suitability is not their business: the combiner hands
 * them only suitable products and filters what they return once more.
 */

/** Customer risk level C1–C5 is known and valid. */
export function hasValidRiskLevel(riskLevel: number): boolean {
  return Number.isInteger(riskLevel) && riskLevel >= 1 && riskLevel <= 5;
}

/**
 * Suitability (适当性): product risk R ≤ customer risk C, and the customer's AUM reaches the product's minimum
 * purchase amount. A customer without a valid risk assessment is suitable for nothing.
 */
export function isSuitable(product: RecoProduct, input: Pick<RecommendationInput, 'riskLevel' | 'aumFen'>): boolean {
  return hasValidRiskLevel(input.riskLevel) && product.riskLevel <= input.riskLevel && product.minAmountFen <= input.aumFen;
}

export function suitabilityFilter(candidates: readonly Candidate[], input: Pick<RecommendationInput, 'riskLevel' | 'aumFen'>): Candidate[] {
  return candidates.filter((c) => isSuitable(c.product, input));
}

const byId = (a: RecoProduct, b: RecoProduct): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A maturity date in words, relative to today: `12月10日到期（16天后）`, `今天到期`. */
function dueText(maturityDate: string, days: number, today: string): string {
  if (days === 0) return '今天到期';
  const when = maturityDate.slice(0, 4) === today.slice(0, 4) ? formatDateZh(maturityDate) : `${maturityDate.slice(0, 4)}年${formatDateZh(maturityDate)}`;
  return `将于${when}到期（${days}天后）`;
}

/**
 * Holdings maturing within the window (today included) → reinvest: the same product first when it is still on sale,
 * then other products of the category that the maturing amount can buy, most conservative first.
 */
export const maturityReinvestRule: RecommendationRule = (input, options) => {
  const due = input.holdings
    .map((h) => ({ h, days: h.maturityDate ? daysBetween(input.today, h.maturityDate) : NaN }))
    .filter(({ days }) => days >= 0 && days <= options.maturityWindowDays)
    .sort((a, b) => a.days - b.days || (a.h.productId < b.h.productId ? -1 : 1));
  const out: Candidate[] = [];
  for (const { h, days } of due) {
    const choices = input.products
      .filter((p) => p.category === h.category && p.minAmountFen <= h.amountFen)
      .sort((a, b) => Number(b.id === h.productId) - Number(a.id === h.productId) || a.riskLevel - b.riskLevel || byId(a, b));
    for (const p of choices.slice(0, options.perReasonLimit)) {
      const what = p.id === h.productId ? '可原产品续投' : `可续投「${p.name}」`;
      out.push({
        product: p,
        reasonCode: 'MATURITY_REINVEST',
        reasonText: `持有的「${h.productName}」${formatFenZh(h.amountFen)}${dueText(h.maturityDate ?? '', days, input.today)}，${what}`,
      });
    }
  }
  return out;
};

/** Deposits that earn little: demand balance, demand deposits (no maturity) and deposits already matured. */
export function idleDepositFen(input: Pick<RecommendationInput, 'holdings' | 'demandBalanceFen' | 'today'>): bigint {
  let idle = input.demandBalanceFen ?? 0n;
  for (const h of input.holdings) {
    if (h.category !== 'DEPOSIT') continue;
    if (h.maturityDate === null || daysBetween(input.today, h.maturityDate) < 0) idle += h.amountFen;
  }
  return idle;
}

/** Idle deposits above the threshold → wealth products the idle amount can buy, most conservative and liquid first. */
export const idleDepositRule: RecommendationRule = (input, options) => {
  const idle = idleDepositFen(input);
  if (idle <= options.idleDepositThresholdFen) return [];
  return input.products
    .filter((p) => p.category === 'WEALTH' && p.minAmountFen <= idle)
    .sort((a, b) => a.riskLevel - b.riskLevel || (a.termDays ?? 0) - (b.termDays ?? 0) || byId(a, b))
    .slice(0, options.perReasonLimit)
    .map((p) => ({
      product: p,
      reasonCode: 'IDLE_DEPOSIT' as const,
      reasonText: `活期及到期未转存的存款约${formatFenZh(idle)}，超过${formatFenZh(options.idleDepositThresholdFen)}，可考虑「${p.name}」（R${p.riskLevel}，起购${formatFenZh(p.minAmountFen)}）`,
    }));
};

/**
 * No holding in a category → diversify: one product per missing category, the one closest to the customer's risk
 * tolerance (the products are already suitable), then the lowest minimum.
 */
export const diversificationRule: RecommendationRule = (input) => {
  const held = new Set(input.holdings.map((h: RecoHolding) => h.category));
  const out: Candidate[] = [];
  for (const category of PRODUCT_CATEGORIES) {
    if (held.has(category)) continue;
    const [best] = input.products
      .filter((p) => p.category === category)
      .sort((a, b) => b.riskLevel - a.riskLevel || (a.minAmountFen < b.minAmountFen ? -1 : a.minAmountFen > b.minAmountFen ? 1 : 0) || byId(a, b));
    if (!best) continue;
    const label = PRODUCT_CATEGORY_LABELS_ZH[category];
    out.push({
      product: best,
      reasonCode: 'DIVERSIFY',
      reasonText: `尚未持有${label}类产品，可适当配置「${best.name}」（R${best.riskLevel}）以分散风险`,
    });
  }
  return out;
};

/** In priority order: what falls due first, then idle money, then the shape of the portfolio. */
export const DEFAULT_RULES: readonly RecommendationRule[] = [maturityReinvestRule, idleDepositRule, diversificationRule];
