import { CONSENT_TEXT } from '@pfs/shared';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { checkUsable } from '../invitations/invitations.service';
import type { H5Session } from './h5-session';

type Db = PrismaClient | Prisma.TransactionClient;

export const CONSENT_PURPOSE = 'real_name_verification';

/** The invitation an H5 session belongs to, still usable, with its advisor and customer; else H5_SESSION_REQUIRED. */
export async function invitationOfSession(db: Db, s: H5Session, now: Date) {
  const inv = await db.invitation.findUnique({
    where: { id: s.invitationId },
    include: { staff: { select: { id: true, name: true, wecomUserId: true, unitId: true } }, customer: { select: { id: true, displayName: true, verifiedAt: true } } },
  });
  if (!inv || inv.openid !== s.openid) throw new AppError('H5_SESSION_REQUIRED');
  return checkUsable(inv, now);
}
export type SessionInvitation = Awaited<ReturnType<typeof invitationOfSession>>;

/** This WeChat user's consent to the current text for this invitation, unless withdrawn. */
export async function activeConsent(db: Db, s: H5Session) {
  return db.consentRecord.findFirst({
    where: { invitationId: s.invitationId, openid: s.openid, purpose: CONSENT_PURPOSE, textVersion: CONSENT_TEXT.version, withdrawnAt: null },
    orderBy: { consentedAt: 'desc' },
  });
}

/** Sending a code and checking an identity both need: not verified yet, and consent given. */
export async function invitationReadyForVerification(db: Db, s: H5Session, now: Date): Promise<SessionInvitation> {
  const inv = await invitationOfSession(db, s, now);
  if (inv.customer.verifiedAt) throw new AppError('CUSTOMER_ALREADY_VERIFIED', '您已完成实名认证，无需重复操作');
  if (!(await activeConsent(db, s))) throw new AppError('CONSENT_REQUIRED');
  return inv;
}
