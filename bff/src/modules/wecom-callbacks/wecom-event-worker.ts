import type { JobQueue } from '../../queue/job-queue';
import { WECOM_EVENT_QUEUE, type WecomEventJob } from './event-inbox';
import { processWecomEvent, type ProcessorDeps } from './process-wecom-event';

/**
 * Retries with backoff from 2 s for about 10 minutes; an event still failing then stays on record as failed.
 *
 * expireInSeconds is how long a job may stay active before pg-boss takes its process for dead and retries it, so
 * it is the wait for an event whose process was killed mid-job: it is retried 30–44 s after it was fetched (expiry,
 * then the next maintenance run, at most 10 s later, then the 2–4 s retry delay). 30 s stays above what a job
 * takes with WeCom answering (milliseconds; each WeCom call gives up after 5 s) while it waits in its batch. A job
 * expired while its process still runs it (WeCom very slow) is harmless: it runs again, handlers are idempotent
 * and a processed event is skipped (bff/test/crash-recovery.test.ts kills processes mid-job).
 */
export const WECOM_EVENT_QUEUE_DEFINITION = { name: WECOM_EVENT_QUEUE, retryLimit: 8, retryDelaySeconds: 2, expireInSeconds: 30 };

export async function defineWecomEventQueue(queue: JobQueue): Promise<void> {
  await queue.define(WECOM_EVENT_QUEUE_DEFINITION);
}

/** Starts this process's worker for recorded WeCom events (every BFF process runs one; pg-boss hands each job to one). */
export async function startWecomEventWorker(queue: JobQueue, deps: ProcessorDeps, opts: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  await queue.work<WecomEventJob>(WECOM_EVENT_QUEUE, async (job) => {
    await processWecomEvent(deps, job.eventId);
  }, { ...opts, concurrency: 8, orderKey: (job) => job.orderKey ?? job.eventId });
}
