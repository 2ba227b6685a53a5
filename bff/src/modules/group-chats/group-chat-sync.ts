import type { PrismaClient } from '../../generated/prisma/client';
import type { WecomClient } from '../wecom/wecom-client';
import { WecomApiError } from '../wecom/wecom-errors';

/** groupchat/get for a chat that does not exist, or no longer does (dismissed). */
export const WECOM_CHAT_NOT_FOUND = 40050;

export type GroupChatSyncResult = { kind: 'stored'; members: number } | { kind: 'gone' };

/**
 * Re-reads one customer group from WeCom and stores it as it is now (name, owner, the whole member list), in one
 * transaction. Every change event and a first look both end here, so a missed or repeated event converges to the
 * same state. A group WeCom no longer knows is marked dismissed (if we had it), never deleted.
 */
export async function syncGroupChat(prisma: PrismaClient, wecom: WecomClient, chatId: string, now: Date): Promise<GroupChatSyncResult> {
  let answer: Awaited<ReturnType<WecomClient['getGroupChat']>>;
  try {
    answer = await wecom.getGroupChat(chatId);
  } catch (err) {
    if (!(err instanceof WecomApiError && err.errcode === WECOM_CHAT_NOT_FOUND)) throw err;
    await markGroupChatDismissed(prisma, chatId, now);
    return { kind: 'gone' };
  }
  const g = answer.group_chat;
  const data = {
    name: g.name,
    ownerUserId: g.owner,
    memberVersion: answer.member_version ?? null,
    chatCreatedAt: new Date(g.create_time * 1000),
    dismissedAt: null,
    syncedAt: now,
  };
  await prisma.$transaction(async (tx) => {
    await tx.groupChat.upsert({ where: { chatId }, create: { chatId, ...data }, update: data });
    await tx.groupChatMember.deleteMany({ where: { chatId } });
    await tx.groupChatMember.createMany({
      data: g.member_list.map((m) => ({
        chatId,
        memberId: m.userid,
        type: m.type,
        joinedAt: new Date(m.join_time * 1000),
        joinScene: m.join_scene ?? null,
        name: m.name || null,
        groupNickname: m.group_nickname || null,
      })),
      skipDuplicates: true,
    });
  });
  return { kind: 'stored', members: g.member_list.length };
}

/** A dismissed group stays in the table (with its last members) but is no longer shown. Idempotent. */
export async function markGroupChatDismissed(prisma: PrismaClient, chatId: string, at: Date): Promise<boolean> {
  const r = await prisma.groupChat.updateMany({ where: { chatId, dismissedAt: null }, data: { dismissedAt: at } });
  return r.count > 0;
}
