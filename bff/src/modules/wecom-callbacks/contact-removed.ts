import type { RelationshipEventType, RemoveReason } from '@pfs/shared';
import { eventTime, type HandlerContext, type HandlerOutcome } from './handler-context';

/**
 * del_external_contact (the advisor deleted the customer, or the contact was transferred away) and
 * del_follow_user (the customer deleted the advisor): the relationship ends with its reason; its history stays.
 */
export async function handleContactRemoved(ctx: HandlerContext): Promise<HandlerOutcome> {
  const { UserID: userId, ExternalUserID: externalUserId, ChangeType: changeType, Source: source } = ctx.fields;
  if (!userId || !externalUserId) return { outcome: 'ignored', note: 'missing ids' };
  const rel = await ctx.prisma.advisorCustomer.findFirst({
    where: { staff: { wecomUserId: userId }, customer: { externalUserId } },
    select: { id: true, status: true },
  });
  if (!rel) return { outcome: 'ignored', note: 'unknown relationship' };
  const byCustomer = changeType === 'del_follow_user';
  const reason: RemoveReason = byCustomer ? 'customer_deleted' : source === 'DELETE_BY_TRANSFER' ? 'transferred' : 'advisor_deleted';
  const type: RelationshipEventType = byCustomer ? 'REMOVED_BY_CUSTOMER' : 'REMOVED_BY_ADVISOR';
  const at = eventTime(ctx.fields);
  await ctx.prisma.$transaction(async (tx) => {
    // A later re-add wins over a stale removal delivered out of order.
    await tx.advisorCustomer.updateMany({ where: { id: rel.id, addedAt: { lte: at } }, data: { status: 'REMOVED', removedAt: at, removeReason: reason } });
    await tx.relationshipEvent.createMany({
      data: [{ relationshipId: rel.id, type, sourceEventId: ctx.eventId, occurredAt: at, detail: { reason, ...(source ? { source } : {}) } }],
      skipDuplicates: true,
    });
  });
  return { outcome: 'applied' };
}
