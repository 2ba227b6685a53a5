import {
  createdInvitationSchema,
  customerCorpTagsSchema,
  customerListSchema,
  customerProfileSchema,
  groupChatMembersSchema,
  revealIdNumberResultSchema,
  verificationFunnelSchema,
  verificationStatusSchema,
  type AumTier,
  type RevealIdNumberBody,
} from '@pfs/shared';
import type { HttpClient } from './http-client';

// Customer butler (issue #5) calls. Every answer is checked against the contract in @pfs/shared, the schemas the
// BFF's own tests parse its answers with; the mini-program keeps no copies of them.

/** The 客户 tab's filter chips (turned into the `GET /api/customers` query). */
export interface CustomerListFilters {
  q?: string;
  verified?: boolean;
  aumTier?: AumTier;
  maturingSoon?: boolean;
  tagId?: string;
}

/** The advisor/manager side of the customer butler, on the session's HttpClient. */
export function createButlerApi(http: HttpClient) {
  const enc = encodeURIComponent;
  return {
    profileByExternal: (externalUserId: string) => http.get(`/api/customers/by-external/${enc(externalUserId)}`, customerProfileSchema),
    profile: (id: string) => http.get(`/api/customers/${enc(id)}/profile`, customerProfileSchema),
    invite: (id: string) => http.post(`/api/customers/${enc(id)}/invitations`, {}, createdInvitationSchema),
    verificationStatus: (id: string) => http.get(`/api/customers/${enc(id)}/verification-status`, verificationStatusSchema),
    setTags: (id: string, tagIds: string[]) => http.put(`/api/customers/${enc(id)}/tags`, { tagIds }, customerCorpTagsSchema),
    /** UNIT_MANAGER (own subtree) / COMPLIANCE (with caseRef) only; audited on the server with the reason (`reveal_id_number`). */
    revealIdNumber: (id: string, body: RevealIdNumberBody) => http.post(`/api/customers/${enc(id)}/id-number/reveal`, body, revealIdNumberResultSchema),
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
    /** The group chat's customers (the chat_id from getCurExternalChat). */
    groupChatMembers: (chatId: string) => http.get(`/api/group-chats/${enc(chatId)}/members`, groupChatMembersSchema),
    funnel: (groupBy: 'unit' | 'advisor', from?: string, to?: string) =>
      http.get('/api/reports/verification-funnel', verificationFunnelSchema, { query: { groupBy, from, to } }),
  };
}
export type ButlerApi = ReturnType<typeof createButlerApi>;
