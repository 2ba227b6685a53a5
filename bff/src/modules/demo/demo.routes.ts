import Router from '@koa/router';
import * as z from 'zod/mini';
import { demoChatMessageBodySchema, demoLoginCodeBodySchema } from '@pfs/shared';
import type { Simulator } from '@pfs/simulator';
import type { AppDeps } from '../../app-deps';
import { rateLimitPerIp } from '../../http/rate-limit';
import { valid, validate } from '../../http/validate';
import { DemoChatMessages } from './chat-messages';
import { demoLoginCode, listDemoContacts, listDemoGroupChats, listDemoStaff } from './demo.service';
import { addVerificationDemoRoutes } from './verification-demo';

export const DEMO_REQUESTS_PER_MINUTE = 120;

const byAdvisorQuery = z.object({ wecomUserId: z.string().check(z.minLength(1), z.maxLength(64)) });
type ByAdvisor = z.infer<typeof byAdvisorQuery>;

/**
 * The browser demo's stand-in for the WeCom client (staff switcher, contacts, login codes, sent chat messages).
 * Public, because it plays WeCom itself; mounted only when the platform is the in-process simulator.
 */
export function demoRoutes(deps: AppDeps, simulator: Simulator): Router {
  const router = new Router({ prefix: '/api/demo' });
  const prisma = deps.db.prisma;
  const messages = new DemoChatMessages();
  router.use(rateLimitPerIp(deps.redis.client, { points: DEMO_REQUESTS_PER_MINUTE, keyPrefix: 'rl:demo' }));

  router.get('/staff', async (ctx) => {
    ctx.body = await listDemoStaff(prisma);
  });
  router.get('/contacts', validate({ query: byAdvisorQuery }), async (ctx) => {
    ctx.body = await listDemoContacts(prisma, valid<unknown, ByAdvisor>(ctx).query.wecomUserId);
  });
  router.get('/group-chats', validate({ query: byAdvisorQuery }), async (ctx) => {
    ctx.body = await listDemoGroupChats(prisma, simulator, valid<unknown, ByAdvisor>(ctx).query.wecomUserId);
  });
  router.post('/login-code', validate({ body: demoLoginCodeBodySchema }), async (ctx) => {
    ctx.body = await demoLoginCode(prisma, simulator, valid<z.infer<typeof demoLoginCodeBodySchema>>(ctx).body.wecomUserId);
  });
  router.post('/chat-messages', validate({ body: demoChatMessageBodySchema }), (ctx) => {
    const body = valid<z.infer<typeof demoChatMessageBodySchema>>(ctx).body;
    ctx.status = 201;
    ctx.body = messages.add(body, deps.clock.now());
  });
  router.get('/chat-messages', (ctx) => {
    ctx.body = messages.list();
  });
  addVerificationDemoRoutes(router, deps, simulator);
  return router;
}
