import { eventTime, type HandlerContext, type HandlerOutcome } from './handler-context';

/** transfer_fail: the customer stays with the original advisor; the failure and its reason go on the timeline. */
export async function handleTransferFailed(ctx: HandlerContext): Promise<HandlerOutcome> {
  const { UserID: userId, ExternalUserID: externalUserId, FailReason: failReason } = ctx.fields;
  if (!userId || !externalUserId) return { outcome: 'ignored', note: 'missing ids' };
  const rel = await ctx.prisma.advisorCustomer.findFirst({ where: { staff: { wecomUserId: userId }, customer: { externalUserId } }, select: { id: true } });
  if (!rel) return { outcome: 'ignored', note: 'unknown relationship' };
  await ctx.prisma.relationshipEvent.createMany({
    data: [{ relationshipId: rel.id, type: 'TRANSFER_FAILED', sourceEventId: ctx.eventId, occurredAt: eventTime(ctx.fields), detail: { failReason: failReason ?? null } }],
    skipDuplicates: true,
  });
  return { outcome: 'applied' };
}
