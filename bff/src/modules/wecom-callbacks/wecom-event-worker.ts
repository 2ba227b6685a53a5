import type { JobQueue } from '../../queue/job-queue';
import { WECOM_EVENT_QUEUE, type WecomEventJob } from './event-inbox';
import { processWecomEvent, type ProcessorDeps } from './process-wecom-event';

/** Retries with backoff from 2 s for about 10 minutes; an event still failing then stays on record as failed. */
export const WECOM_EVENT_QUEUE_DEFINITION = { name: WECOM_EVENT_QUEUE, retryLimit: 8, retryDelaySeconds: 2, expireInSeconds: 120 };

export async function defineWecomEventQueue(queue: JobQueue): Promise<void> {
  await queue.define(WECOM_EVENT_QUEUE_DEFINITION);
}

/** Starts this process's worker for recorded WeCom events (every BFF process runs one; pg-boss hands each job to one). */
export async function startWecomEventWorker(queue: JobQueue, deps: ProcessorDeps, opts: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  await queue.work<WecomEventJob>(WECOM_EVENT_QUEUE, async (job) => {
    await processWecomEvent(deps, job.eventId);
  }, { ...opts, concurrency: 8, orderKey: (job) => job.orderKey ?? job.eventId });
}
