export { recommend, combineCandidates } from './recommend';
export { DEFAULT_RULES, diversificationRule, idleDepositFen, idleDepositRule, isSuitable, maturityReinvestRule, suitabilityFilter } from './rules';
export { chinaBusinessDay, daysBetween, formatFenZh, isoDate } from './format';
export { DEFAULT_RECOMMENDATION_OPTIONS } from './types';
export type { Candidate, RecoHolding, RecommendationInput, RecommendationOptions, RecommendationRule, RecoProduct } from './types';
