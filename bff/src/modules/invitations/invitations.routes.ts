import Router from '@koa/router';
import { idParamSchema } from '@pfs/shared';
import type { AppDeps } from '../../app-deps';
import { AppError } from '../../http/app-error';
import { valid, validate } from '../../http/validate';
import { authenticate, principalOf } from '../auth/authenticate';
import { customerScopeOf } from '../auth/data-scope';
import { invitationLinksFrom } from './invitation-links';
import { followedCustomer, issueInvitation, verificationStatus } from './invitations.service';

/** Advisor side of real-name invitations: issue a link (the follower only) and poll the verification status. */
export function invitationRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/customers' });
  const links = invitationLinksFrom(deps.config);
  const prisma = deps.db.prisma;
  const auth = authenticate(deps.sessions);

  router.post('/:id/invitations', auth, validate({ params: idParamSchema }), async (ctx) => {
    const p = principalOf(ctx);
    const { id } = valid<unknown, unknown, { id: string }>(ctx).params;
    const rel = await followedCustomer(prisma, p.staffId, id);
    if (rel.customer.verifiedAt) throw new AppError('CUSTOMER_ALREADY_VERIFIED');
    const created = await issueInvitation(prisma, links, { customerId: id, staffId: p.staffId, advisorName: rel.staff.name, now: deps.clock.now() });
    await deps.audit.record(ctx, { action: 'invitation.issue', entity: 'customer', entityId: id, detail: { invitationId: created.invitationId } });
    ctx.status = 201;
    ctx.body = created;
  });

  router.get('/:id/verification-status', auth, validate({ params: idParamSchema }), async (ctx) => {
    const { id } = valid<unknown, unknown, { id: string }>(ctx).params;
    ctx.body = await verificationStatus(prisma, customerScopeOf(principalOf(ctx)), id);
  });

  return router;
}
