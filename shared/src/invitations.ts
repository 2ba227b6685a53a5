import * as z from 'zod/mini';
import { text } from './text';

/**
 * Real-name invitations (customer butler): an advisor sends a signed link naming one customer and one advisor;
 * its status is the verification funnel invited → opened → consented → verified (or expired / revoked).
 */
export const INVITATION_STATUSES = ['PENDING', 'OPENED', 'CONSENTED', 'VERIFIED', 'EXPIRED', 'REVOKED'] as const;
export const invitationStatusSchema = z.enum(INVITATION_STATUSES);
export type InvitationStatus = z.infer<typeof invitationStatusSchema>;

export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = {
  PENDING: '已发送邀请',
  OPENED: '客户已打开',
  CONSENTED: '客户已授权',
  VERIFIED: '已实名',
  EXPIRED: '邀请已过期',
  REVOKED: '邀请已作废',
};

/** The timestamps an invitation row carries (dates or ISO strings). */
export interface InvitationFacts {
  expiresAt: Date | string;
  revokedAt?: Date | string | null;
  firstOpenedAt?: Date | string | null;
  consentedAt?: Date | string | null;
  verifiedAt?: Date | string | null;
}

/**
 * Status of an invitation at `now`: verified wins, unless it was revoked after the verification (the customer withdrew
 * consent and the binding was erased); then revoked, then expired, then the furthest funnel step.
 */
export function invitationStatusOf(inv: InvitationFacts, now: Date = new Date()): InvitationStatus {
  if (inv.verifiedAt && !(inv.revokedAt && new Date(inv.revokedAt).getTime() > new Date(inv.verifiedAt).getTime())) return 'VERIFIED';
  if (inv.revokedAt) return 'REVOKED';
  if (new Date(inv.expiresAt).getTime() <= now.getTime()) return 'EXPIRED';
  if (inv.consentedAt) return 'CONSENTED';
  if (inv.firstOpenedAt) return 'OPENED';
  return 'PENDING';
}

export const invitationSummarySchema = z.object({
  id: z.string(),
  status: invitationStatusSchema,
  issuedAt: z.string(),
  expiresAt: z.string(),
});
export type InvitationSummary = z.infer<typeof invitationSummarySchema>;

/** The news card the sidebar sends into the chat (`sendChatMessage` msgtype news). */
export const invitationCardSchema = z.object({ title: z.string(), desc: z.string(), imgUrl: z.string(), link: z.string() });
export type InvitationCard = z.infer<typeof invitationCardSchema>;

/** `POST /api/customers/:id/invitations` */
export const createdInvitationSchema = z.object({
  invitationId: z.string(),
  url: z.string(),
  expiresAt: z.string(),
  card: invitationCardSchema,
});
export type CreatedInvitation = z.infer<typeof createdInvitationSchema>;

/** `GET /api/customers/:id/verification-status` (polled by the sidebar while an invitation is pending). */
export const verificationStatusSchema = z.object({
  verified: z.boolean(),
  invitation: z.nullable(invitationSummarySchema),
});
export type VerificationStatus = z.infer<typeof verificationStatusSchema>;

/** `GET /api/h5/invitations/:token` (the customer's page, public). */
export const h5InvitationSchema = z.object({
  status: invitationStatusSchema,
  advisorName: z.string(),
  expiresAt: z.string(),
  /** No valid H5 session for this invitation yet: the page starts WeChat OAuth (`/api/h5/oauth/start?t=`). */
  needsLogin: z.boolean(),
});
export type H5Invitation = z.infer<typeof h5InvitationSchema>;

/** The token in `?t=`: base64url, a dot, base64url (payload.signature). */
export const invitationTokenSchema = text().check(z.minLength(20), z.maxLength(400), z.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, '邀请链接无效'));
