import { invitationStatusOf, type CreatedInvitation, type InvitationSummary, type VerificationStatus } from '@pfs/shared';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { customerWhere, type CustomerScope } from '../auth/data-scope';
import { invitationCard, verifyPageUrl, type InvitationLinks } from './invitation-links';
import { signInvitationToken, verifyInvitationToken } from './invitation-token';

type Db = PrismaClient | Prisma.TransactionClient;

const DAY_MS = 86_400_000;

export interface InvitationRow {
  id: string;
  customerId: string;
  staffId: string;
  issuedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  firstOpenedAt: Date | null;
  consentedAt: Date | null;
  verifiedAt: Date | null;
  openid: string | null;
}

export function tokenFor(links: InvitationLinks, inv: Pick<InvitationRow, 'id' | 'customerId' | 'staffId' | 'expiresAt'>): string {
  return signInvitationToken(links.signingKey, { inv: inv.id, c: inv.customerId, s: inv.staffId, exp: Math.floor(inv.expiresAt.getTime() / 1000) });
}

export function invitationUrlFor(links: InvitationLinks, inv: Pick<InvitationRow, 'id' | 'customerId' | 'staffId' | 'expiresAt'>): string {
  return verifyPageUrl(links, { t: tokenFor(links, inv) });
}

export function summaryOf(inv: InvitationRow, customerVerifiedAt: Date | null, now: Date): InvitationSummary {
  return {
    id: inv.id,
    status: invitationStatusOf({ ...inv, verifiedAt: inv.verifiedAt ?? customerVerifiedAt }, now),
    issuedAt: inv.issuedAt.toISOString(),
    expiresAt: inv.expiresAt.toISOString(),
  };
}

/**
 * A new invitation for one customer from one advisor (the follower). Earlier unexpired invitations of the same
 * pair are revoked, so only the newest link works. An invitation the advisor sends writes an INVITED relationship
 * event; the automatic one in the welcome message does not (`recordEvent: false`; its row still counts as invited).
 */
export async function issueInvitation(
  prisma: PrismaClient,
  links: InvitationLinks,
  input: { customerId: string; staffId: string; advisorName: string; now: Date; recordEvent?: boolean },
): Promise<CreatedInvitation> {
  const now = input.now;
  const inv = await prisma.$transaction(async (tx) => {
    await tx.invitation.updateMany({
      where: { customerId: input.customerId, staffId: input.staffId, revokedAt: null, verifiedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now },
    });
    const created = await tx.invitation.create({
      data: { customerId: input.customerId, staffId: input.staffId, issuedAt: now, expiresAt: new Date(now.getTime() + links.ttlDays * DAY_MS) },
    });
    const rel = await tx.advisorCustomer.findUnique({ where: { staffId_customerId: { staffId: input.staffId, customerId: input.customerId } }, select: { id: true } });
    if (rel && input.recordEvent !== false) await tx.relationshipEvent.create({ data: { relationshipId: rel.id, type: 'INVITED', occurredAt: now, detail: { invitationId: created.id } } });
    return created;
  });
  const url = invitationUrlFor(links, inv);
  return { invitationId: inv.id, url, expiresAt: inv.expiresAt.toISOString(), card: invitationCard(links, url, input.advisorName) };
}

/** The advisor's own ACTIVE relationship with the customer (only the follower may invite). */
export async function followedCustomer(prisma: PrismaClient, staffId: string, customerId: string) {
  const rel = await prisma.advisorCustomer.findFirst({
    where: { staffId, customerId, status: 'ACTIVE' },
    select: { customer: { select: { id: true, verifiedAt: true } }, staff: { select: { name: true } } },
  });
  if (!rel) throw new AppError('CUSTOMER_NOT_FOUND');
  return rel;
}

/** Cheap: one customer row in scope and its newest invitation (the advisor's own, for an advisor). */
export async function verificationStatus(prisma: PrismaClient, scope: CustomerScope, customerId: string, now: Date): Promise<VerificationStatus> {
  const customer = await prisma.customer.findFirst({ where: { id: customerId, ...customerWhere(scope) }, select: { verifiedAt: true } });
  if (!customer) throw new AppError('CUSTOMER_NOT_FOUND');
  const inv = await prisma.invitation.findFirst({
    where: { customerId, ...(scope.kind === 'own' ? { staffId: scope.staffId } : {}) },
    orderBy: { issuedAt: 'desc' },
  });
  return { verified: customer.verifiedAt !== null, invitation: inv ? summaryOf(inv, customer.verifiedAt, now) : null };
}

export type ResolvedInvitation = InvitationRow & { staff: { name: string; wecomUserId: string; unitId: string }; customer: { verifiedAt: Date | null } };

/**
 * The invitation a token names, checked: signature (forged or altered → INVITATION_INVALID), the row and the
 * customer/advisor it names (a token for another customer → INVITATION_INVALID), revoked (re-issued) →
 * INVITATION_REVOKED, expired → INVITATION_EXPIRED. A verified invitation (or customer) is returned as is: the
 * page shows "done".
 */
export async function resolveInvitation(db: Db, links: InvitationLinks, token: string, now: Date): Promise<ResolvedInvitation> {
  const payload = verifyInvitationToken(links.signingKey, token);
  if (!payload) throw new AppError('INVITATION_INVALID');
  const inv = await db.invitation.findUnique({
    where: { id: payload.inv },
    include: { staff: { select: { name: true, wecomUserId: true, unitId: true } }, customer: { select: { verifiedAt: true } } },
  });
  if (!inv || inv.customerId !== payload.c || inv.staffId !== payload.s || Math.floor(inv.expiresAt.getTime() / 1000) !== payload.exp) {
    throw new AppError('INVITATION_INVALID');
  }
  return checkUsable(inv, now);
}

export function checkUsable<T extends InvitationRow & { customer: { verifiedAt: Date | null } }>(inv: T, now: Date): T {
  const status = invitationStatusOf({ ...inv, verifiedAt: inv.verifiedAt ?? inv.customer.verifiedAt }, now);
  if (status === 'REVOKED') throw new AppError('INVITATION_REVOKED');
  if (status === 'EXPIRED') throw new AppError('INVITATION_EXPIRED');
  return inv;
}
