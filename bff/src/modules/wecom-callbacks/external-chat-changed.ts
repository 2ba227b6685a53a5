import { markGroupChatDismissed, syncGroupChat } from '../group-chats/group-chat-sync';
import { eventTime, type HandlerContext, type HandlerOutcome } from './handler-context';

/**
 * change_external_chat (create; update: add_member, del_member, change_owner, change_name, change_notice; dismiss):
 * a dismissed group is marked so; any other change re-reads the group with groupchat/get and stores it whole, so a
 * repeated, late or missed event ends in the current state. Idempotent.
 */
export async function handleExternalChatChanged(ctx: HandlerContext): Promise<HandlerOutcome> {
  const chatId = ctx.fields.ChatId;
  if (!chatId) return { outcome: 'ignored', note: 'missing ChatId' };
  if (ctx.fields.ChangeType === 'dismiss') {
    const changed = await markGroupChatDismissed(ctx.prisma, chatId, eventTime(ctx.fields));
    return changed ? { outcome: 'applied', note: 'dismissed' } : { outcome: 'ignored', note: 'unknown or already dismissed' };
  }
  const r = await syncGroupChat(ctx.prisma, ctx.wecom, chatId, ctx.now());
  return r.kind === 'stored' ? { outcome: 'applied', note: `members:${r.members}` } : { outcome: 'applied', note: 'gone' };
}
