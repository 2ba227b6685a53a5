import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Database } from '../db/database';
import type { Clock } from '../lib/clock';
import { invitationLinksFrom } from '../modules/invitations/invitation-links';
import { defineWecomEventQueue, startWecomEventWorker } from '../modules/wecom-callbacks/wecom-event-worker';
import type { WecomClient } from '../modules/wecom/wecom-client';
import { JobQueue } from './job-queue';

/**
 * The job queue with every queue defined and this process's workers started. Jobs left by a previous process
 * (crashed before or during processing) are picked up here.
 */
export async function startBackgroundWork(
  db: Database,
  deps: { config: Config; logger: Logger; wecom: WecomClient | null; clock: Clock },
  opts: { workers?: boolean; pollingIntervalSeconds?: number } = {},
): Promise<JobQueue> {
  const queue = await JobQueue.open(db, deps.logger, { pollingIntervalSeconds: opts.pollingIntervalSeconds });
  await defineWecomEventQueue(queue);
  if (opts.workers !== false && deps.wecom) {
    await startWecomEventWorker(
      queue,
      { prisma: db.prisma, wecom: deps.wecom, logger: deps.logger, welcomeText: deps.config.WECOM_WELCOME_TEXT, invitations: invitationLinksFrom(deps.config), clock: deps.clock },
      { pollingIntervalSeconds: opts.pollingIntervalSeconds },
    );
  }
  return queue;
}
