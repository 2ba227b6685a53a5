import Router from '@koa/router';
import { chatIdParamSchema, type ChatIdParam } from '@pfs/shared';
import type { AppDeps } from '../../app-deps';
import { valid, validate } from '../../http/validate';
import { authenticate, principalOf } from '../auth/authenticate';
import { getGroupChatMembers } from './get-group-chat-members';

export function groupChatRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/group-chats' });
  router.use(authenticate(deps.sessions));

  /** The group-chat sidebar: the group's customers and their verification status (audited: it lists customers). */
  router.get('/:chatId/members', validate({ params: chatIdParamSchema }), async (ctx) => {
    const { chatId } = valid<unknown, unknown, ChatIdParam>(ctx).params;
    const body = await getGroupChatMembers({ prisma: deps.db.prisma, wecom: deps.wecom, now: deps.clock.now() }, principalOf(ctx), chatId);
    await deps.audit.record(ctx, { action: 'group_chat.view', entity: 'group_chat', entityId: chatId });
    ctx.set('cache-control', 'no-store');
    ctx.body = body;
  });

  return router;
}
