import * as z from 'zod/mini';
import { text } from './text';
import { invitationSummarySchema, type InvitationSummary } from './invitations';
import type { Role } from './org';
import { productCategorySchema } from './products';
import { recommendationSchema } from './recommendations';

/** AUM tiers (资产等级) by the CRM's AUM: <5万 大众, 5万–50万 富裕, 50万–600万 财富, ≥600万 私行. */
export const AUM_TIERS = ['MASS', 'AFFLUENT', 'HIGH_NET_WORTH', 'PRIVATE'] as const;
export const aumTierSchema = z.enum(AUM_TIERS);
export type AumTier = z.infer<typeof aumTierSchema>;
export const AUM_TIER_LABELS_ZH: Record<AumTier, string> = {
  MASS: '大众客户',
  AFFLUENT: '富裕客户',
  HIGH_NET_WORTH: '财富客户',
  PRIVATE: '私行客户',
};
/** Lower bound of each tier in fen (分), inclusive. */
export const AUM_TIER_MIN_FEN: Record<AumTier, bigint> = {
  MASS: 0n,
  AFFLUENT: 5_000_000n,
  HIGH_NET_WORTH: 50_000_000n,
  PRIVATE: 600_000_000n,
};

export function aumTierOfFen(aumFen: bigint): AumTier {
  if (aumFen >= AUM_TIER_MIN_FEN.PRIVATE) return 'PRIVATE';
  if (aumFen >= AUM_TIER_MIN_FEN.HIGH_NET_WORTH) return 'HIGH_NET_WORTH';
  if (aumFen >= AUM_TIER_MIN_FEN.AFFLUENT) return 'AFFLUENT';
  return 'MASS';
}

/** Customer risk tolerance C1–C5 (stored 1–5). */
export const RISK_LEVEL_LABELS_ZH: Record<number, string> = {
  1: 'C1 保守型',
  2: 'C2 稳健型',
  3: 'C3 平衡型',
  4: 'C4 成长型',
  5: 'C5 激进型',
};

export function riskLabelOf(level: number): string {
  return RISK_LEVEL_LABELS_ZH[level] ?? '未评估';
}

/** The customer's latest invitation, as the profile shows it (the same summary the verification-status poll returns). */
export type ProfileInvitation = InvitationSummary;

/** Timeline entry types besides the relationship events (see RELATIONSHIP_EVENT_LABELS). */
export const INVITATION_TIMELINE_LABELS: Record<'INVITED' | 'OPENED' | 'CONSENTED' | 'VERIFIED', string> = {
  INVITED: '发送实名邀请',
  OPENED: '客户打开邀请',
  CONSENTED: '客户同意个人信息授权',
  VERIFIED: '完成实名认证',
};

export const corpTagRefSchema = z.object({ id: z.string(), name: z.string(), groupName: z.string() });
export type CorpTagRef = z.infer<typeof corpTagRefSchema>;

export const tagCatalogueGroupSchema = z.object({
  groupId: z.string(),
  groupName: z.string(),
  tags: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type TagCatalogueGroup = z.infer<typeof tagCatalogueGroupSchema>;

export const customerHoldingSchema = z.object({
  productId: z.string(),
  productName: z.string(),
  category: productCategorySchema,
  /** Yuan as a decimal string. */
  amountYuan: z.string(),
  /** `YYYY-MM-DD` */
  startDate: z.string(),
  maturityDate: z.nullable(z.string()),
  /** Matures within 30 days (today included). */
  maturingSoon: z.boolean(),
});
export type CustomerHolding = z.infer<typeof customerHoldingSchema>;

export const customerCrmSchema = z.object({
  crmNo: z.string(),
  aumTier: aumTierSchema,
  aumTierLabel: z.string(),
  aumYuan: z.string(),
  riskLevel: z.number(),
  riskLabel: z.string(),
  crmTags: z.array(z.string()),
  owner: z.nullable(z.object({ staffId: z.string(), name: z.string() })),
  ownershipConflict: z.boolean(),
  holdings: z.array(customerHoldingSchema),
});
export type CustomerCrm = z.infer<typeof customerCrmSchema>;

export const timelineEntrySchema = z.object({ at: z.string(), type: z.string(), label: z.string() });
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const customerProfileSchema = z.object({
  id: z.string(),
  externalUserId: z.nullable(z.string()),
  displayName: z.string(),
  avatarUrl: z.nullable(z.string()),
  verified: z.boolean(),
  verifiedAt: z.nullable(z.string()),
  nameMasked: z.nullable(z.string()),
  phoneMasked: z.nullable(z.string()),
  idNumberMasked: z.nullable(z.string()),
  crm: z.nullable(customerCrmSchema),
  corpTags: z.array(corpTagRefSchema),
  availableTags: z.array(tagCatalogueGroupSchema),
  relationship: z.object({
    staffId: z.string(),
    staffName: z.string(),
    channel: z.nullable(z.string()),
    addedAt: z.string(),
    status: z.string(),
  }),
  invitation: z.nullable(invitationSummarySchema),
  timeline: z.array(timelineEntrySchema),
  /** Filled by a later issue. */
  engagement: z.null(),
  recommendations: z.array(recommendationSchema),
});
export type CustomerProfile = z.infer<typeof customerProfileSchema>;

export const externalUserIdParamSchema = z.object({ externalUserId: text().check(z.minLength(1), z.maxLength(64)) });

export const setCustomerTagsBodySchema = z.object({ tagIds: z.array(text().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(50)) });
export type SetCustomerTagsBody = z.infer<typeof setCustomerTagsBodySchema>;
/** `PUT /api/customers/:id/tags` answers the customer's corp tags after the change, as a bare array. */
export const customerCorpTagsSchema = z.array(corpTagRefSchema);
export type CustomerCorpTags = z.infer<typeof customerCorpTagsSchema>;

/**
 * Who may see a customer's full ID number (`POST /api/customers/:id/id-number/reveal`, audited with a reason): a unit
 * manager for the customers of their subtree; compliance across its unit's subtree (the branch), only with a case
 * reference. Administrators run the system and do not read customers' identities; advisors never.
 */
export const ID_NUMBER_REVEAL_ROLES = ['UNIT_MANAGER', 'COMPLIANCE'] as const satisfies readonly Role[];
/** Roles that reveal only with a case reference (`caseRef`, stored in the audit row). */
export const ID_NUMBER_REVEAL_CASE_ROLES = ['COMPLIANCE'] as const satisfies readonly Role[];
/** How long the mini-program shows a revealed ID number before masking it again. */
export const ID_NUMBER_REVEAL_SECONDS = 30;

/** A case (investigation, complaint, court order) reference such as HG-2026-0153: 3–40 letters, digits or "-". */
export const caseRefSchema = text().check(z.trim(), z.regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/, '案件编号为3–40位字母、数字或“-”'));
export const revealIdNumberBodySchema = z.object({ reason: text().check(z.trim(), z.minLength(2), z.maxLength(200)), caseRef: z.optional(caseRefSchema) });
export type RevealIdNumberBody = z.infer<typeof revealIdNumberBodySchema>;
export const revealIdNumberResultSchema = z.object({ idNumber: z.string() });
export type RevealIdNumberResult = z.infer<typeof revealIdNumberResultSchema>;
