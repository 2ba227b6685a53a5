import cluster, { type Worker } from 'node:cluster';
import type http from 'node:http';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config/config';
import { DatabaseNotReadyError } from './db/database-readiness';
import { createLogger } from './lib/logger';
import { identifierHasher } from './lib/log-identifiers';
import { startBackgroundWork } from './queue/background-work';
import { systemClock } from './lib/clock';
import { openDatabaseExplained, prepareDatabase, type RuntimeOptions } from './runtime';

type Env = Record<string, string | undefined>;
type Start = (env: Env, options?: RuntimeOptions) => Promise<{ server: http.Server; stop: () => Promise<void> }>;

/**
 * The command-line entry (`node dist/server.js`): with WEB_CONCURRENCY=1 (the default on the embedded database)
 * this process serves; otherwise it becomes a node:cluster primary that prepares the database once, forks the
 * workers (each runs `start`, sharing the listening port), replaces a worker that dies and drains them all on
 * SIGTERM. Every worker is a whole BFF: HTTP, its own pool and its own pg-boss workers.
 */
export function runServer(env: Env, start: Start): void {
  if (cluster.isWorker) {
    serveUntilSignal(() => start(env, { databasePrepared: true }), true);
    return;
  }
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    fatal(err);
    return;
  }
  if (config.webConcurrency === 1) serveUntilSignal(() => start(env), false);
  else void runPrimary(config).catch(fatal);
}

function fatal(err: unknown): void {
  process.stderr.write(`${err instanceof ConfigError || err instanceof DatabaseNotReadyError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
}

/** Serves in this process; SIGTERM/SIGINT (or, in a worker, losing the primary) stop it gracefully, then exit. */
function serveUntilSignal(starting: () => ReturnType<Start>, worker: boolean): void {
  starting()
    .then(({ stop }) => {
      const onSignal = (signal: string) => {
        void stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
        process.stderr.write(`received ${signal}\n`);
      };
      process.once('SIGTERM', () => onSignal('SIGTERM'));
      process.once('SIGINT', () => onSignal('SIGINT'));
      // A worker whose primary is gone no longer receives connections: stop rather than linger.
      if (worker) process.once('disconnect', () => onSignal('disconnect from the primary'));
    })
    .catch(fatal);
}

/**
 * When to replace a worker that died: after 1 s, doubling with each further crash up to 30 s, so that a worker
 * that cannot start (database down, bad deploy) is retried patiently instead of in a tight loop. A worker that
 * stayed up for a minute resets the count.
 */
export class RestartBackoff {
  private crashes = 0;

  constructor(private readonly policy = { firstMs: 1000, maxMs: 30_000, stableMs: 60_000 }) {}

  /** The delay before replacing a worker that ran for `livedMs`. */
  next(livedMs: number): number {
    if (livedMs >= this.policy.stableMs) this.crashes = 0;
    const delay = Math.min(this.policy.maxMs, this.policy.firstMs * 2 ** this.crashes);
    this.crashes += 1;
    return delay;
  }
}

/** A stop is clean when the worker exited 0, or was ended by the stop signal before it had installed its handler. */
const cleanExit = (code: number | null, signal: string | null): boolean => code === 0 || signal === 'SIGTERM' || signal === 'SIGINT';

async function runPrimary(config: Config): Promise<void> {
  const logger = createLogger(config.LOG_LEVEL, undefined, { identifierHash: identifierHasher(config.piiIndexKey) }).child({ role: 'primary' });
  // Once, before any worker starts: what a single process does before it serves (migrations, demo seed), and
  // pg-boss's own schema and queues, which workers starting side by side would race to create on a new database.
  const db = await openDatabaseExplained(config);
  try {
    await prepareDatabase(db, config, logger, systemClock);
    const queue = await startBackgroundWork(db, { config, logger, wecom: null, clock: systemClock }, { workers: false });
    await queue.close();
  } finally {
    await db.close();
  }

  const backoff = new RestartBackoff();
  const startedAt = new Map<number, number>();
  const restarts = new Set<NodeJS.Timeout>();
  let stopping = false;
  const fork = (): Worker => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
    return worker;
  };

  cluster.on('listening', (worker, address) => {
    logger.info({ worker: worker.id, pid: worker.process.pid, port: address.port }, 'worker listening');
  });
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? Date.now());
    startedAt.delete(worker.id);
    if (stopping) return;
    const delayMs = backoff.next(lived);
    logger.error({ worker: worker.id, pid: worker.process.pid, code, signal, livedMs: lived, restartInMs: delayMs }, 'worker exited; a replacement starts after the backoff');
    const timer = setTimeout(() => {
      restarts.delete(timer);
      if (!stopping) fork();
    }, delayMs);
    restarts.add(timer);
  });

  logger.info({ workers: config.webConcurrency, pid: process.pid }, `cluster: starting ${config.webConcurrency} worker processes`);
  for (let i = 0; i < config.webConcurrency; i++) fork();

  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    for (const timer of restarts) clearTimeout(timer);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    logger.info({ signal, workers: workers.length }, 'shutting down: every worker stops accepting and drains');
    void drainAll(workers, config, logger).then((clean) => process.exit(clean ? 0 : 1));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** SIGTERM to every worker (each runs server.ts's graceful stop); whoever has not exited by the deadline is killed. */
async function drainAll(workers: Worker[], config: Config, logger: Logger): Promise<boolean> {
  let clean = true;
  const exited = workers.map(
    (worker) =>
      new Promise<void>((resolve) => {
        worker.once('exit', (code: number | null, signal: string | null) => {
          if (!cleanExit(code, signal)) {
            clean = false;
            logger.warn({ worker: worker.id, code, signal }, 'worker did not stop cleanly');
          }
          resolve();
        });
        worker.process.kill('SIGTERM');
      }),
  );
  // The worker's own drain timeout, then the job queue's grace and closing the pools.
  const deadline = setTimeout(() => {
    for (const worker of workers) {
      if (!worker.isDead()) {
        clean = false;
        logger.warn({ worker: worker.id }, 'worker still running after the drain deadline: killed');
        worker.process.kill('SIGKILL');
      }
    }
  }, config.SHUTDOWN_TIMEOUT_MS + 15_000);
  await Promise.all(exited);
  clearTimeout(deadline);
  logger.info('stopped');
  return clean;
}
