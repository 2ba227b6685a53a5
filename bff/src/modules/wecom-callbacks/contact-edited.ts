import { fetchContactDetails, syncCustomerTags, upsertCustomer } from './contact-details';
import { eventTime, type HandlerContext, type HandlerOutcome } from './handler-context';

/** edit_external_contact: re-read the contact (the event says only that something changed) and refresh. */
export async function handleContactEdited(ctx: HandlerContext): Promise<HandlerOutcome> {
  const { UserID: userId, ExternalUserID: externalUserId } = ctx.fields;
  if (!userId || !externalUserId) return { outcome: 'ignored', note: 'missing ids' };
  const staff = await ctx.prisma.staff.findUnique({ where: { wecomUserId: userId }, select: { id: true } });
  if (!staff) return { outcome: 'ignored', note: 'unknown staff' };
  const details = await fetchContactDetails(ctx, externalUserId, userId);
  await ctx.prisma.$transaction(async (tx) => {
    const customerId = await upsertCustomer(tx, externalUserId, details);
    const rel = await tx.advisorCustomer.findUnique({ where: { staffId_customerId: { staffId: staff.id, customerId } }, select: { id: true } });
    if (!rel) return;
    await tx.advisorCustomer.update({ where: { id: rel.id }, data: { remark: details.follow?.remark || null } });
    await tx.relationshipEvent.createMany({
      data: [{ relationshipId: rel.id, type: 'EDITED', sourceEventId: ctx.eventId, occurredAt: eventTime(ctx.fields) }],
      skipDuplicates: true,
    });
    await syncCustomerTags(tx, customerId, staff.id, details.follow);
  });
  return { outcome: 'applied' };
}
