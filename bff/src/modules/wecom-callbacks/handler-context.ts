import type { Logger } from 'pino';
import type { PrismaClient } from '../../generated/prisma/client';
import type { InvitationLinks } from '../invitations/invitation-links';
import type { WecomClient } from '../wecom/wecom-client';
import type { WecomEventFields } from './wecom-event';

/** What an event handler gets: the recorded event and the means to apply it. */
export interface HandlerContext {
  prisma: PrismaClient;
  wecom: WecomClient;
  logger: Logger;
  /** wecom_event.id: relationship events written for it carry it, so a re-run writes nothing twice. */
  eventId: string;
  fields: WecomEventFields;
  receivedAt: Date;
  now: () => Date;
  welcomeText: string;
  /** Set: the welcome message of a new contact carries a real-name invitation link. */
  invitations?: InvitationLinks;
}

/** applied: state changed; ignored: nothing to do (unknown staff, unknown event type, stale). */
export interface HandlerOutcome {
  outcome: 'applied' | 'ignored';
  note?: string;
}

export function eventTime(fields: WecomEventFields): Date {
  return new Date(Number(fields.CreateTime) * 1000);
}
