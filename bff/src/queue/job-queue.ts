import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database, SqlRunner } from '../db/database';

export interface QueueDefinition {
  name: string;
  /** Attempts after the first (with exponential backoff from retryDelaySeconds). */
  retryLimit: number;
  retryDelaySeconds: number;
  /** A job still active after this long is considered crashed and retried. */
  expireInSeconds: number;
}

/** How often pg-boss expires overdue active jobs and archives finished ones. */
export const MAINTENANCE_INTERVAL_SECONDS = 10;

export type JobHandler<T> = (data: T, meta: { id: string; retryCount: number }) => Promise<void>;

/**
 * Durable jobs on the product's own PostgreSQL (pg-boss), PGlite included: a job can be enqueued inside the same
 * transaction as the row it refers to, so "recorded" and "queued" are one fact. pg-boss keeps its tables in its
 * own schema next to ours.
 */
/** unique_violation, duplicate_schema, duplicate_table, duplicate_object: what losing pg-boss's schema race raises. */
const SCHEMA_RACE_CODES = new Set(['23505', '42P06', '42P07', '42710']);

export class JobQueue {
  private readonly workerIds = new Map<string, string>();
  private started = false;

  private constructor(
    private readonly boss: PgBoss,
    private readonly logger: Logger,
  ) {}

  static async open(db: Database, logger: Logger, opts: { pollingIntervalSeconds?: number } = {}): Promise<JobQueue> {
    // Processes that start side by side on a new database (several machines behind a load balancer) race to create
    // pg-boss's schema; the loser sees a duplicate schema or key, and starting again then finds the schema there.
    for (let attempt = 1; ; attempt++) {
      const boss = JobQueue.newBoss(db, opts);
      const queue = new JobQueue(boss, logger);
      boss.on('error', (err: Error) => logger.error({ err: { message: err.message, name: err.name } }, 'job queue error'));
      try {
        await boss.start();
        queue.started = true;
        return queue;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt >= 5 || !SCHEMA_RACE_CODES.has(code ?? '')) throw err;
        logger.info({ attempt, code }, 'job queue schema created by another process: starting again');
        await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  private static newBoss(db: Database, opts: { pollingIntervalSeconds?: number }): PgBoss {
    return new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => db.sql.query(text, values) },
      schema: bossSchemaFor(db),
      // Cron schedules are not used; maintenance (expiry, archiving) is. Its interval bounds how long after its
      // expiry a job left active by a crashed process is retried (one process maintains per interval for all).
      schedule: false,
      maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS,
      superviseIntervalSeconds: 30,
      pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1,
    } as PgBoss.ConstructorOptions);
  }

  /** Creates the queue, or brings an existing one to this definition (pg-boss's createQueue leaves it as it was). */
  async define(def: QueueDefinition): Promise<void> {
    const options = {
      name: def.name,
      retryLimit: def.retryLimit,
      retryDelay: def.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: def.expireInSeconds,
    };
    await this.boss.createQueue(def.name, options);
    await this.boss.updateQueue(def.name, options);
  }

  /** Enqueues inside the caller's transaction: the job exists exactly when the transaction commits. */
  async sendWithin<T extends object>(tx: SqlRunner, name: string, data: T, opts: { singletonKey?: string } = {}): Promise<string | null> {
    return this.boss.send(name, data, { ...opts, db: { executeSql: (text: string, values?: unknown[]) => tx.query(text, values) } } as PgBoss.SendOptions);
  }

  /**
   * Jobs are fetched in batches (pg-boss waits a polling interval after every fetch, so one job per fetch would cap
   * throughput at one per interval). Jobs with the same `orderKey` run one after another in creation order; different
   * keys run side by side, up to `concurrency`. A job whose handler throws is failed on its own and retried by pg-boss
   * with backoff; the rest of the batch completes.
   */
  async work<T extends object>(
    name: string,
    handler: JobHandler<T>,
    opts: { pollingIntervalSeconds?: number; batchSize?: number; concurrency?: number; orderKey?: (data: T) => string } = {},
  ): Promise<void> {
    const orderKey = opts.orderKey ?? (() => '');
    const batchSize = opts.batchSize ?? 25;
    let workerId = '';
    const id = await this.boss.work<T>(
      name,
      { batchSize, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1, includeMetadata: true },
      async (jobs) => {
        const lanes = new Map<string, typeof jobs>();
        for (const job of jobs) {
          const key = orderKey(job.data);
          lanes.set(key, [...(lanes.get(key) ?? []), job]);
        }
        const pending = [...lanes.values()];
        const runLane = async (): Promise<void> => {
          for (let lane = pending.shift(); lane; lane = pending.shift()) {
            for (const job of lane) {
              try {
                await handler(job.data, { id: job.id, retryCount: job.retryCount });
              } catch (err) {
                await this.boss.fail(name, job.id, { message: err instanceof Error ? err.message : String(err) });
              }
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 1, pending.length) }, runLane));
        // A full batch means a backlog: fetch again at once instead of sleeping out the polling interval.
        if (jobs.length === batchSize && workerId) this.boss.notifyWorker(workerId);
      },
    );
    workerId = id;
    this.workerIds.set(name, id);
  }

  /** Wakes the queue's local worker now instead of at its next poll. */
  notify(name: string): void {
    const id = this.workerIds.get(name);
    if (id) this.boss.notifyWorker(id);
  }

  /** Jobs waiting (created or retry), not counting the one being worked on. */
  async queueSize(name: string): Promise<number> {
    return this.boss.getQueueSize(name);
  }

  /** Stops fetching; a job in progress gets `graceSeconds` to finish, otherwise it is failed and retried later. */
  async close(graceSeconds = 5): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: graceSeconds * 1000, close: false });
    this.logger.debug('job queue stopped');
  }
}

export function bossSchemaFor(db: Database): string {
  return db.schema === 'public' ? 'pgboss' : `${db.schema}_boss`;
}
