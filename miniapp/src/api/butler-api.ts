import { recommendationSchema } from '@pfs/shared';
import * as z from 'zod/mini';
import type { HttpClient } from './http-client';

// Customer butler (issue #5) answers, as in the BFF contract. Kept lenient where the mini-program does not depend
// on a field (optional/nullable), so a harmless addition on the server does not break the sidebar.

export const INVITATION_STATUSES = ['PENDING', 'OPENED', 'CONSENTED', 'VERIFIED', 'EXPIRED', 'REVOKED'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const invitationInfoSchema = z.object({
  id: z.string(),
  status: z.enum(INVITATION_STATUSES),
  issuedAt: z.optional(z.nullable(z.string())),
  expiresAt: z.optional(z.nullable(z.string())),
});
export type InvitationInfo = z.infer<typeof invitationInfoSchema>;

const holdingSchema = z.object({
  productId: z.string(),
  productName: z.string(),
  category: z.optional(z.nullable(z.string())),
  amountYuan: z.union([z.string(), z.number()]),
  startDate: z.optional(z.nullable(z.string())),
  maturityDate: z.nullable(z.string()),
  maturingSoon: z.boolean(),
});
export type Holding = z.infer<typeof holdingSchema>;

export const AUM_TIERS = ['MASS', 'AFFLUENT', 'HIGH_NET_WORTH', 'PRIVATE'] as const;
export type AumTier = (typeof AUM_TIERS)[number];
export const AUM_TIER_LABELS_ZH: Record<AumTier, string> = {
  MASS: '大众客户',
  AFFLUENT: '富裕客户',
  HIGH_NET_WORTH: '财富客户',
  PRIVATE: '私行客户',
};

const crmSchema = z.object({
  crmNo: z.string(),
  aumTier: z.enum(AUM_TIERS),
  aumTierLabel: z.string(),
  aumYuan: z.union([z.string(), z.number()]),
  riskLevel: z.number(),
  riskLabel: z.string(),
  crmTags: z.array(z.string()),
  owner: z.optional(z.nullable(z.object({ staffId: z.string(), name: z.string() }))),
  ownershipConflict: z.optional(z.boolean()),
  holdings: z.array(holdingSchema),
});
export type CrmInfo = z.infer<typeof crmSchema>;

const corpTagSchema = z.object({ id: z.string(), name: z.string(), groupName: z.optional(z.nullable(z.string())) });
export type CorpTag = z.infer<typeof corpTagSchema>;
const tagGroupSchema = z.object({
  groupId: z.string(),
  groupName: z.string(),
  tags: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type TagGroup = z.infer<typeof tagGroupSchema>;

export const customerProfileSchema = z.object({
  id: z.string(),
  externalUserId: z.nullable(z.string()),
  displayName: z.string(),
  avatarUrl: z.optional(z.nullable(z.string())),
  verified: z.boolean(),
  verifiedAt: z.optional(z.nullable(z.string())),
  nameMasked: z.optional(z.nullable(z.string())),
  phoneMasked: z.optional(z.nullable(z.string())),
  idNumberMasked: z.optional(z.nullable(z.string())),
  crm: z.nullable(crmSchema),
  corpTags: z.array(corpTagSchema),
  availableTags: z.array(tagGroupSchema),
  relationship: z.optional(
    z.nullable(
      z.object({
        staffId: z.optional(z.string()),
        staffName: z.optional(z.string()),
        channel: z.optional(z.nullable(z.string())),
        addedAt: z.optional(z.nullable(z.string())),
        status: z.optional(z.string()),
      }),
    ),
  ),
  invitation: z.nullable(invitationInfoSchema),
  timeline: z.array(z.object({ at: z.string(), type: z.string(), label: z.string() })),
  engagement: z.optional(z.unknown()),
  recommendations: z.array(recommendationSchema),
});
export type CustomerProfile = z.infer<typeof customerProfileSchema>;

export const invitationIssuedSchema = z.object({
  invitationId: z.string(),
  url: z.string(),
  expiresAt: z.string(),
  card: z.object({ title: z.string(), desc: z.string(), imgUrl: z.string(), link: z.string() }),
});
export type InvitationIssued = z.infer<typeof invitationIssuedSchema>;

export const verificationStatusSchema = z.object({ verified: z.boolean(), invitation: z.nullable(invitationInfoSchema) });
export type VerificationStatus = z.infer<typeof verificationStatusSchema>;

const tagsAnswerSchema = z.union([z.array(corpTagSchema), z.object({ corpTags: z.array(corpTagSchema) })]);

export const customerListItemSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  nameMasked: z.optional(z.nullable(z.string())),
  verified: z.boolean(),
  aumTier: z.optional(z.nullable(z.enum(AUM_TIERS))),
  riskLevel: z.optional(z.nullable(z.number())),
  corpTags: z.array(z.object({ id: z.string(), name: z.string() })),
  maturingSoon: z.boolean(),
  addedAt: z.optional(z.nullable(z.string())),
  staffName: z.optional(z.nullable(z.string())),
});
export type CustomerListItem = z.infer<typeof customerListItemSchema>;
export const customerListSchema = z.object({
  items: z.array(customerListItemSchema),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
});
export type CustomerListPage = z.infer<typeof customerListSchema>;

export interface CustomerListFilters {
  q?: string;
  verified?: boolean;
  aumTier?: AumTier;
  maturingSoon?: boolean;
  tagId?: string;
}

const funnelCountsSchema = z.object({ invited: z.number(), opened: z.number(), consented: z.number(), verified: z.number() });
export type FunnelCounts = z.infer<typeof funnelCountsSchema>;
export const funnelReportSchema = z.object({
  rows: z.array(z.extend(funnelCountsSchema, { key: z.string(), label: z.string() })),
  totals: funnelCountsSchema,
});
export type FunnelReport = z.infer<typeof funnelReportSchema>;

/** The advisor/manager side of the customer butler, on the session's HttpClient. */
export function createButlerApi(http: HttpClient) {
  const enc = encodeURIComponent;
  return {
    profileByExternal: (externalUserId: string) => http.get(`/api/customers/by-external/${enc(externalUserId)}`, customerProfileSchema),
    profile: (id: string) => http.get(`/api/customers/${enc(id)}/profile`, customerProfileSchema),
    invite: (id: string) => http.post(`/api/customers/${enc(id)}/invitations`, {}, invitationIssuedSchema),
    verificationStatus: (id: string) => http.get(`/api/customers/${enc(id)}/verification-status`, verificationStatusSchema),
    setTags: async (id: string, tagIds: string[]): Promise<CorpTag[]> => {
      const answer = await http.put(`/api/customers/${enc(id)}/tags`, { tagIds }, tagsAnswerSchema);
      return Array.isArray(answer) ? answer : answer.corpTags;
    },
    list: (filters: CustomerListFilters, page: number, pageSize = 20) =>
      http.get('/api/customers', customerListSchema, {
        query: {
          q: filters.q?.trim() || undefined,
          verified: filters.verified,
          aumTier: filters.aumTier,
          maturingWithinDays: filters.maturingSoon ? 30 : undefined,
          tagId: filters.tagId,
          page,
          pageSize,
        },
      }),
    funnel: (groupBy: 'unit' | 'advisor', from?: string, to?: string) =>
      http.get('/api/reports/verification-funnel', funnelReportSchema, { query: { groupBy, from, to } }),
  };
}
export type ButlerApi = ReturnType<typeof createButlerApi>;
