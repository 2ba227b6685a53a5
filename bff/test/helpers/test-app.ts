import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type Router from '@koa/router';
import type { Logger } from 'pino';
import type { Simulator } from '@pfs/simulator';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { AppDeps } from '../../src/app-deps';
import { buildApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config/config';
import { openDatabase, type Database } from '../../src/db/database';
import { applyMigrations } from '../../src/db/migrations';
import { createLogger } from '../../src/lib/logger';
import { AuditLog } from '../../src/modules/audit/audit-log';
import { openSession } from '../../src/modules/auth/login.service';
import { SessionStore } from '../../src/modules/auth/session-store';
import { seedDemo } from '../../src/modules/demo-data/seed';
import { startEmbeddedSimulator, type EmbeddedPlatform } from '../../src/modules/platform/embedded-simulator';
import { NO_PLATFORM } from '../../src/modules/platform/platform-settings';
import { WecomClient } from '../../src/modules/wecom/wecom-client';
import { WechatPayClient } from '../../src/modules/pay/wechatpay-client';
import { WechatOaClient } from '../../src/modules/wechat-oa/wechat-oa-client';
import { openRedis } from '../../src/redis/redis';
import { bossSchemaFor, type JobQueue } from '../../src/queue/job-queue';
import { startBackgroundWork } from '../../src/queue/background-work';
import { ManualClock, systemClock, type Clock } from '../../src/lib/clock';
import { testDatabaseUrl, testRedisUrl, uniqueName } from './test-env';

export { ManualClock };

export interface TestApp {
  app: Koa;
  deps: AppDeps;
  http: TestAgent;
  /** Mints a session for a seeded staff member (what the WeCom login will do) and returns the bearer token. */
  tokenFor(wecomUserId: string): Promise<string>;
  /** With `platform: true`: the in-process simulator (its control API drives the tests). */
  simulator: Simulator | undefined;
  /** With `listen: true`: where the app listens (the simulator's WeCom callbacks go to `<baseUrl>/wecom/callback`). */
  baseUrl: string | undefined;
  close(): Promise<void>;
}

/** A fresh, isolated database (own PGlite, or own PostgreSQL schema) and Redis key prefix per call. */
export async function openTestDatabase(): Promise<Database> {
  const db = await openDatabase(testDatabaseUrl ? { url: testDatabaseUrl, schema: uniqueName('t') } : { dataDir: 'memory://' });
  await applyMigrations(db.migrationAdapterFactory());
  return db;
}

export async function dropTestDatabase(db: Database): Promise<void> {
  if (db.kind === 'external') await db.sql.exec(`DROP SCHEMA IF EXISTS "${db.schema}" CASCADE; DROP SCHEMA IF EXISTS "${bossSchemaFor(db)}" CASCADE`);
  await db.close();
}

export interface TestAppOptions {
  seed?: boolean;
  env?: Record<string, string>;
  extraRouters?: Router[];
  /** Start the platform simulator on a free port, seeded from the test database, and wire it (slower: RSA keys). */
  platform?: boolean;
  /** Replaces the (silent) logger, e.g. to inspect what gets logged. */
  logger?: Logger;
  /** Open the job queue (default: with `platform`). */
  queue?: boolean;
  /** Start the queue's workers (default true when the queue is open); false leaves recorded jobs waiting. */
  workers?: boolean;
  /** Listen on a free port and point the simulator's callbacks at it (needs `platform`). */
  listen?: boolean;
  /** The app's clock (default: system time). Tests that need a particular "today" pass a ManualClock. */
  clock?: Clock;
}

export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const config: Config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', REDIS_KEY_PREFIX: `${uniqueName('test')}:`, H5_DIST_DIR: '/nonexistent', ...opts.env });
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  const db = await openTestDatabase();
  const redis = openRedis({ url: testRedisUrl, prefix: config.REDIS_KEY_PREFIX });
  const piiKeys = { keyId: config.PII_KEY_ID, key: config.piiKey, indexKey: config.piiIndexKey };
  const clock = opts.clock ?? systemClock;
  if (opts.seed !== false) await seedDemo(db, piiKeys, { customers: 'demo', clock });
  const embedded: EmbeddedPlatform | undefined = opts.platform ? await startEmbeddedSimulator(db.prisma, { port: 0, timeScale: 0.01 }) : undefined;
  const platform = embedded?.settings ?? NO_PLATFORM;
  // Quick retries: the contract tests exhaust them on purpose.
  const wecom = platform.wecom ? new WecomClient({ settings: platform.wecom, redis: redis.client, logger, minRetryDelayMs: 5 }) : null;
  const queue: JobQueue | null =
    (opts.queue ?? opts.platform) ? await startBackgroundWork(db, { config, logger, wecom, clock }, { workers: opts.workers, pollingIntervalSeconds: 0.5 }) : null;
  const deps: AppDeps = {
    config,
    logger,
    db,
    redis,
    piiKeys,
    clock,
    sessions: new SessionStore(redis.client, config.SESSION_TTL_SECONDS),
    audit: new AuditLog(db.prisma, clock),
    version: 'test',
    platform,
    wecom,
    wechatPay: platform.pay && platform.wechat ? new WechatPayClient({ settings: platform.pay, appId: platform.wechat.appId, logger, minRetryDelayMs: 5 }) : null,
    wechatOa: platform.wechat ? new WechatOaClient({ settings: platform.wechat, redis: redis.client, logger, minRetryDelayMs: 5 }) : null,
    queue,
  };
  const app = buildApp(deps, opts.extraRouters);
  let server: http.Server | undefined;
  let baseUrl: string | undefined;
  if (opts.listen) {
    const s = http.createServer(app.callback());
    server = s;
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    embedded?.setPublicBaseUrl(baseUrl);
  }
  return {
    app,
    deps,
    http: request(app.callback()),
    tokenFor: async (wecomUserId) => (await openSession(db.prisma, deps.sessions, wecomUserId)).token,
    simulator: embedded?.settings.simulator,
    baseUrl,
    close: async () => {
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await queue?.close(1);
      await embedded?.close();
      if (redis.kind === 'external') {
        // ioredis does not prefix KEYS patterns but does prefix DEL arguments.
        const keys = await redis.client.keys(`${redis.prefix}*`);
        if (keys.length) await redis.client.del(...keys.map((k) => k.slice(redis.prefix.length)));
      }
      await redis.close();
      await dropTestDatabase(db);
    },
  };
}
