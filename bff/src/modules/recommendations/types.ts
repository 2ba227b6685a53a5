import type { ProductCategory, RecommendationReasonCode } from '@pfs/shared';

/** A product on sale, as the rules see it. Amounts in fen; risk R1–R5 as 1–5. */
export interface RecoProduct {
  id: string;
  name: string;
  category: ProductCategory;
  riskLevel: number;
  minAmountFen: bigint;
  termDays: number | null;
}

/** A CRM holding. Dates are calendar dates, `YYYY-MM-DD`. */
export interface RecoHolding {
  productId: string;
  productName: string;
  category: ProductCategory;
  amountFen: bigint;
  maturityDate: string | null;
}

export interface RecommendationInput {
  /** Real-name verified and joined to the CRM; unverified customers get no personal recommendations. */
  verified: boolean;
  /** Customer risk tolerance C1–C5 as 1–5. */
  riskLevel: number;
  aumFen: bigint;
  holdings: readonly RecoHolding[];
  /** The products on sale. */
  products: readonly RecoProduct[];
  /** Demand-deposit balance when the core banking system provides it (fen), on top of DEPOSIT holdings. */
  demandBalanceFen?: bigint;
  /** The business day, `YYYY-MM-DD` (China time). */
  today: string;
}

export interface RecommendationOptions {
  /** Holdings maturing within this many days (today included) are due for reinvestment. */
  maturityWindowDays: number;
  /** Idle deposits above this amount (fen) suggest wealth products. */
  idleDepositThresholdFen: bigint;
  /** At most this many recommendations in the end. */
  maxResults: number;
  /** At most this many products per maturing holding, and for idle deposits. */
  perReasonLimit: number;
}

export const DEFAULT_RECOMMENDATION_OPTIONS: RecommendationOptions = {
  maturityWindowDays: 30,
  idleDepositThresholdFen: 50_000n * 100n,
  maxResults: 5,
  perReasonLimit: 2,
};

/** What a rule proposes; the combiner turns candidates into recommendations. */
export interface Candidate {
  product: RecoProduct;
  reasonCode: RecommendationReasonCode;
  reasonText: string;
}

/** A rule: a pure function of the input (whose products are already the suitable ones) and the options. */
export type RecommendationRule = (input: RecommendationInput, options: RecommendationOptions) => Candidate[];
