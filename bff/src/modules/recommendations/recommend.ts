import { RECOMMENDATION_REASON_CODES, type Recommendation, type RecommendationReasonCode } from '@pfs/shared';
import { DEFAULT_RULES, isSuitable, suitabilityFilter } from './rules';
import { DEFAULT_RECOMMENDATION_OPTIONS, type Candidate, type RecommendationInput, type RecommendationOptions, type RecommendationRule } from './types';

const PRIORITY: Record<RecommendationReasonCode, number> = Object.fromEntries(RECOMMENDATION_REASON_CODES.map((c, i) => [c, i])) as Record<RecommendationReasonCode, number>;

/**
 * Combines rule outputs: suitability filter, one entry per product (the highest-priority reason wins), ordered by
 * reason priority (a rule's own order kept within a reason), capped.
 */
export function combineCandidates(candidates: readonly Candidate[], input: Pick<RecommendationInput, 'riskLevel' | 'aumFen'>, maxResults: number): Recommendation[] {
  const ordered = suitabilityFilter(candidates, input)
    .map((c, i) => ({ c, i }))
    .sort((a, b) => PRIORITY[a.c.reasonCode] - PRIORITY[b.c.reasonCode] || a.i - b.i);
  const seen = new Set<string>();
  const out: Recommendation[] = [];
  for (const { c } of ordered) {
    if (out.length >= maxResults) break;
    if (seen.has(c.product.id)) continue;
    seen.add(c.product.id);
    out.push({
      productId: c.product.id,
      productName: c.product.name,
      category: c.product.category,
      riskLevel: c.product.riskLevel,
      reasonCode: c.reasonCode,
      reasonText: c.reasonText,
    });
  }
  return out;
}

/**
 * Recommendations for one customer. Unverified customers get none. Suitability comes first: the rules see only
 * suitable products, and whatever they return is filtered again.
 */
export function recommend(
  input: RecommendationInput,
  options: Partial<RecommendationOptions> = {},
  rules: readonly RecommendationRule[] = DEFAULT_RULES,
): Recommendation[] {
  if (!input.verified) return [];
  const opts: RecommendationOptions = { ...DEFAULT_RECOMMENDATION_OPTIONS, ...options };
  if (opts.maxResults <= 0) return [];
  const suitableInput: RecommendationInput = { ...input, products: input.products.filter((p) => isSuitable(p, input)) };
  if (suitableInput.products.length === 0) return [];
  return combineCandidates(
    rules.flatMap((rule) => rule(suitableInput, opts)),
    input,
    opts.maxResults,
  );
}
