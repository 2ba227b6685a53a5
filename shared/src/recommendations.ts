import * as z from 'zod/mini';
import { productCategorySchema } from './products';

/** Why a product is recommended; the order is also the default priority (most time-sensitive first). */
export const RECOMMENDATION_REASON_CODES = ['MATURITY_REINVEST', 'IDLE_DEPOSIT', 'DIVERSIFY'] as const;
export const recommendationReasonCodeSchema = z.enum(RECOMMENDATION_REASON_CODES);
export type RecommendationReasonCode = z.infer<typeof recommendationReasonCodeSchema>;

export const RECOMMENDATION_REASON_LABELS_ZH: Record<RecommendationReasonCode, string> = {
  MATURITY_REINVEST: '到期续投',
  IDLE_DEPOSIT: '闲置资金',
  DIVERSIFY: '资产配置',
};

/** One product worth recommending to a verified customer, with the reason shown to the advisor. */
export const recommendationSchema = z.object({
  productId: z.string(),
  productName: z.string(),
  category: productCategorySchema,
  /** Product risk R1–R5 (never above the customer's C1–C5). */
  riskLevel: z.number(),
  reasonCode: recommendationReasonCodeSchema,
  reasonText: z.string(),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

export const recommendationListSchema = z.object({ items: z.array(recommendationSchema) });
export type RecommendationList = z.infer<typeof recommendationListSchema>;
