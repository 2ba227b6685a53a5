import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import type { InvitationLinks } from '../invitations/invitation-links';
import type { WecomClient } from '../wecom/wecom-client';
import { handleContactAdded } from './contact-added';
import { handleContactEdited } from './contact-edited';
import { handleContactRemoved } from './contact-removed';
import { handleCorpTagsChanged } from './corp-tags-synced';
import { handleExternalChatChanged } from './external-chat-changed';
import type { HandlerContext, HandlerOutcome } from './handler-context';
import { handleTransferFailed } from './transfer-failed';
import { wecomEventSchema } from './wecom-event';

type Handler = (ctx: HandlerContext) => Promise<HandlerOutcome>;

const CONTACT_HANDLERS: Record<string, Handler> = {
  add_external_contact: handleContactAdded,
  add_half_external_contact: handleContactAdded,
  edit_external_contact: handleContactEdited,
  del_external_contact: handleContactRemoved,
  del_follow_user: handleContactRemoved,
  transfer_fail: handleTransferFailed,
};

function handlerFor(event: string, changeType: string | undefined): Handler | undefined {
  if (event === 'change_external_contact') return changeType ? CONTACT_HANDLERS[changeType] : undefined;
  if (event === 'change_external_tag') return handleCorpTagsChanged;
  if (event === 'change_external_chat') return handleExternalChatChanged;
  return undefined;
}

export interface ProcessorDeps {
  prisma: PrismaClient;
  wecom: WecomClient;
  logger: Logger;
  welcomeText: string;
  invitations?: InvitationLinks;
  clock: Clock;
}

/**
 * Applies one recorded event. Runs at least once per event (a crash mid-way means pg-boss runs it again), so a
 * processed event is skipped and every handler's writes are idempotent. An error propagates: pg-boss retries
 * with backoff and the row keeps the last error.
 */
export async function processWecomEvent(deps: ProcessorDeps, eventId: string): Promise<HandlerOutcome | 'already-processed' | 'missing'> {
  const row = await deps.prisma.wecomEvent.update({
    where: { id: eventId },
    data: { attempts: { increment: 1 } },
    select: { id: true, payload: true, receivedAt: true, processedAt: true, event: true, changeType: true },
  }).catch((err: unknown) => {
    // Only "no such row" means missing; any other database error must fail the job so pg-boss retries it.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025') return null;
    throw err;
  });
  if (!row) return 'missing';
  if (row.processedAt) return 'already-processed';
  const logger = deps.logger.child({ eventId, event: row.event, changeType: row.changeType });
  const handler = handlerFor(row.event, row.changeType ?? undefined);
  let result: HandlerOutcome;
  try {
    result = handler
      ? await handler({
          prisma: deps.prisma,
          wecom: deps.wecom,
          logger,
          eventId: row.id,
          fields: wecomEventSchema.parse(row.payload),
          receivedAt: row.receivedAt,
          now: () => deps.clock.now(),
          welcomeText: deps.welcomeText,
          invitations: deps.invitations,
        })
      : { outcome: 'ignored', note: 'event type not handled' };
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    await deps.prisma.wecomEvent.update({ where: { id: row.id }, data: { error: message.slice(0, 500), outcome: 'failed' } });
    logger.warn({ err: { name: (err as Error).name, message } }, 'wecom event failed; will retry');
    throw err;
  }
  await deps.prisma.wecomEvent.update({
    where: { id: row.id },
    data: { processedAt: deps.clock.now(), outcome: result.outcome, error: result.note ?? null },
  });
  logger.info({ outcome: result.outcome, note: result.note }, 'wecom event processed');
  return result;
}
