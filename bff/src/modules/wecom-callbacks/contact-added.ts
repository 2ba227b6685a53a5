import type { RelationshipEventType } from '@pfs/shared';
import { issueInvitation } from '../invitations/invitations.service';
import { fetchContactDetails, syncCustomerTags, upsertCustomer } from './contact-details';
import { eventTime, type HandlerContext, type HandlerOutcome } from './handler-context';
import { sendWelcome, type WelcomeResult } from './welcome-message';

/**
 * add_external_contact / add_half_external_contact: the customer and the relationship are upserted from
 * externalcontact/get (the event carries only ids), the QR `state` is kept as the channel, and the welcome
 * message goes out with the event's WelcomeCode while it is still valid.
 */
export async function handleContactAdded(ctx: HandlerContext): Promise<HandlerOutcome> {
  const { UserID: userId, ExternalUserID: externalUserId, State: state, ChangeType: changeType } = ctx.fields;
  if (!userId || !externalUserId) return { outcome: 'ignored', note: 'missing ids' };
  const staff = await ctx.prisma.staff.findUnique({ where: { wecomUserId: userId }, select: { id: true, name: true, active: true } });
  if (!staff?.active) return { outcome: 'ignored', note: 'unknown staff' };

  const details = await fetchContactDetails(ctx, externalUserId, userId);
  const addedAt = details.follow?.createtime ? new Date(details.follow.createtime * 1000) : eventTime(ctx.fields);
  const channel = state || details.follow?.state || null;

  const { relationshipId, customerId } = await ctx.prisma.$transaction(async (tx) => {
    const customerId = await upsertCustomer(tx, externalUserId, details);
    const before = await tx.advisorCustomer.findUnique({ where: { staffId_customerId: { staffId: staff.id, customerId } }, select: { status: true } });
    const rel = await tx.advisorCustomer.upsert({
      where: { staffId_customerId: { staffId: staff.id, customerId } },
      create: { staffId: staff.id, customerId, channel, addWay: details.follow?.add_way ?? null, remark: details.follow?.remark || null, addedAt },
      update: {
        status: 'ACTIVE',
        removedAt: null,
        removeReason: null,
        remark: details.follow?.remark || null,
        ...(before?.status === 'REMOVED' ? { channel, addWay: details.follow?.add_way ?? null, addedAt } : {}),
      },
      select: { id: true },
    });
    const type: RelationshipEventType =
      changeType === 'add_half_external_contact' ? 'ADDED_HALF' : before?.status === 'REMOVED' ? 'READDED' : 'ADDED';
    await tx.relationshipEvent.createMany({
      data: [{ relationshipId: rel.id, type, sourceEventId: ctx.eventId, occurredAt: eventTime(ctx.fields), detail: { state: channel, addWay: details.follow?.add_way ?? null } }],
      skipDuplicates: true,
    });
    await syncCustomerTags(tx, customerId, staff.id, details.follow);
    return { relationshipId: rel.id, customerId };
  });

  // The welcome message carries a real-name invitation for a customer not yet verified.
  const invitations = ctx.invitations;
  const invite = invitations
    ? async () => {
        const customer = await ctx.prisma.customer.findUnique({ where: { id: customerId }, select: { verifiedAt: true } });
        if (customer?.verifiedAt) return null;
        return (await issueInvitation(ctx.prisma, invitations, { customerId, staffId: staff.id, advisorName: staff.name, now: ctx.now(), recordEvent: false })).card;
      }
    : undefined;
  const welcome: WelcomeResult = ctx.fields.WelcomeCode ? await sendWelcome(ctx, ctx.fields.WelcomeCode, staff.name, invite) : 'none';
  ctx.logger.info({ relationshipId, welcome }, 'wecom: contact added');
  return { outcome: 'applied', note: `welcome:${welcome}` };
}
