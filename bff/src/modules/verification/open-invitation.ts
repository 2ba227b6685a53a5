import { invitationStatusOf, type H5Invitation } from '@pfs/shared';
import { resolveInvitation } from '../invitations/invitations.service';
import type { H5Deps } from './h5-deps';
import type { H5Session } from './h5-session';

/**
 * The customer opens the invitation link: the token is checked (resolveInvitation), the opening counted, and the page
 * told whether this browser's H5 session already belongs to the invitation's WeChat user (else it starts a login).
 */
export async function openInvitation(d: H5Deps, token: string, session: H5Session | null): Promise<H5Invitation> {
  const now = d.clock.now();
  const inv = await resolveInvitation(d.prisma, d.links, token, now);
  const opened = await d.prisma.invitation.update({
    where: { id: inv.id },
    data: { openCount: { increment: 1 }, ...(inv.firstOpenedAt ? {} : { firstOpenedAt: now }) },
  });
  return {
    status: invitationStatusOf({ ...opened, verifiedAt: opened.verifiedAt ?? inv.customer.verifiedAt }, now),
    advisorName: inv.staff.name,
    expiresAt: inv.expiresAt.toISOString(),
    needsLogin: !(session && session.invitationId === inv.id && session.openid === opened.openid),
  };
}
