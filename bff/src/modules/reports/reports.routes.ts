import Router from '@koa/router';
import { verificationFunnelQuerySchema, type VerificationFunnelQuery } from '@pfs/shared';
import type { AppDeps } from '../../app-deps';
import { valid, validate } from '../../http/validate';
import { authenticate, principalOf, requireRole } from '../auth/authenticate';
import { funnelScopeOf, verificationFunnel } from './verification-funnel';

export function reportRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/reports' });
  router.use(authenticate(deps.sessions));

  router.get('/verification-funnel', requireRole('UNIT_MANAGER', 'ADMIN', 'OPERATIONS'), validate({ query: verificationFunnelQuerySchema }), async (ctx) => {
    const scope = funnelScopeOf(principalOf(ctx));
    ctx.body = await verificationFunnel(deps.db.sql, scope, valid<unknown, VerificationFunnelQuery>(ctx).query, deps.clock.now());
  });

  return router;
}
