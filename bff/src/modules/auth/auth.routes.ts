import Router from '@koa/router';
import type { Me } from '@pfs/shared';
import type { AppDeps } from '../../app-deps';
import { authenticate, principalOf } from './authenticate';
import { staffView } from './staff-view';

export function authRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  const auth = authenticate(deps.sessions);

  router.get('/me', auth, (ctx) => {
    const body: Me = { staff: staffView(principalOf(ctx)), expiresAt: ctx.response.get('x-session-expires-at') };
    ctx.body = body;
  });

  router.post('/auth/logout', auth, async (ctx) => {
    await deps.sessions.revoke(String(ctx.state.sessionToken));
    ctx.status = 204;
  });

  return router;
}
