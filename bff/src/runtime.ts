import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AppDeps } from './app-deps';
import type { Config } from './config/config';
import type { Database } from './db/database';
import { openConfiguredDatabase } from './db/open-configured';
import { applyMigrations } from './db/migrations';
import { assertMigrated, explainConnectionError } from './db/database-readiness';
import { openRedis } from './redis/redis';
import { SessionStore } from './modules/auth/session-store';
import { AuditLog } from './modules/audit/audit-log';
import { seedDemo } from './modules/demo-data/seed';
import { loadCrmSample } from './modules/demo-data/crm-sample';
import { startEmbeddedSimulator, type EmbeddedPlatform } from './modules/platform/embedded-simulator';
import { realPlatformSettings } from './modules/platform/platform-settings';
import { WecomClient } from './modules/wecom/wecom-client';
import { WechatPayClient } from './modules/pay/wechatpay-client';
import { WechatOaClient } from './modules/wechat-oa/wechat-oa-client';
import { startBackgroundWork } from './queue/background-work';
import { systemClock, type Clock } from './lib/clock';

function readVersion(repoRoot: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(repoRoot, 'bff/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * Opens the database and the Redis store chosen by configuration. The embedded default also applies pending
 * migrations and seeds the small demo on first start, so that one command gives a working product.
 */
export interface Runtime extends AppDeps {
  /** Called by server.ts once the BFF listens: the embedded simulator then sends WeCom callbacks to `<url>/wecom/callback`. */
  setPublicBaseUrl(url: string): void;
  close(): Promise<void>;
}

/**
 * What happens to the database before the BFF serves: pending migrations (embedded default) and the demo seed.
 * With several worker processes the cluster primary runs this once, before the workers start (src/cluster.ts).
 */
export async function prepareDatabase(db: Database, config: Config, logger: Logger, clock: Clock = systemClock): Promise<void> {
  if (db.kind === 'embedded') {
    const applied = await applyMigrations(db.migrationAdapterFactory());
    if (applied.length) logger.info({ applied }, 'migrations applied');
  } else if (config.DATABASE_URL) {
    await assertMigrated(db, config.DATABASE_URL).catch(async (err: unknown) => {
      await db.close().catch(() => undefined);
      throw err;
    });
  }
  const piiKeys = { keyId: config.PII_KEY_ID, key: config.piiKey, indexKey: config.piiIndexKey };
  if (config.SEED_DEMO ?? db.kind === 'embedded') {
    const result = await seedDemo(db, piiKeys, { customers: 'demo', clock }, logger);
    logger.info(result, 'demo data');
    // The embedded default ships the sample head-office CRM export, loaded on first start through the same import
    // as `pnpm crm:import` (the seed already holds most of it; the sample adds customers and one ownership change).
    // It is generated for the seeding day (bff/fixtures/crm-sample/ holds the same generator's files for a fixed
    // day), so that its maturities are as near as the seed's whatever day the demo starts.
    if (result.status === 'seeded' && db.kind === 'embedded') {
      const crm = await loadCrmSample(db, piiKeys, new Date(`${result.day}T00:00:00Z`));
      logger.info({ files: crm.files.length, badRows: crm.badRows, ownershipConflicts: crm.ownershipConflicts, ms: crm.ms }, 'sample CRM imported');
    }
  }
}

export interface RuntimeOptions {
  /** The cluster primary already ran prepareDatabase: a worker only opens the database. */
  databasePrepared?: boolean;
}

/** Opens the configured database; a PostgreSQL that is missing, unreachable or refuses the login says so in one line. */
export async function openDatabaseExplained(config: Config): Promise<Database> {
  return openConfiguredDatabase(config).catch((err: unknown) => {
    throw config.DATABASE_URL ? explainConnectionError(err, config.DATABASE_URL) : err;
  });
}

export async function createRuntime(config: Config, logger: Logger, clock: Clock = systemClock, options: RuntimeOptions = {}): Promise<Runtime> {
  const db = await openDatabaseExplained(config);
  logger.info({ db: db.kind, schema: db.schema }, db.kind === 'embedded' ? `database: embedded PGlite in ${config.DATA_DIR}` : 'database: PostgreSQL');
  if (!options.databasePrepared) await prepareDatabase(db, config, logger, clock);
  const redis = openRedis({ url: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX, logger });
  const piiKeys = { keyId: config.PII_KEY_ID, key: config.piiKey, indexKey: config.piiIndexKey };
  // No platform configured: the simulator runs in this process, seeded with the demo org, staff and customers.
  let embedded: EmbeddedPlatform | undefined;
  try {
    // Tencent Cloud pointed at a simulator (TENCENTCLOUD_ENDPOINT_BASE): the in-process one accepts the configured keys,
    // so the demo can run the real SMS/FaceID adapters against it (http://127.0.0.1:<SIMULATOR_PORT>).
    const tc = config.tencentCloud?.endpointBase ? config.tencentCloud : undefined;
    const credentials = tc
      ? { tencentcloud: { secretId: tc.secretId, secretKey: tc.secretKey, smsSdkAppId: tc.smsSdkAppId, smsSignName: tc.smsSignName, smsTemplateId: tc.smsTemplateId, ...(tc.faceIdRuleId ? { faceIdRuleId: tc.faceIdRuleId } : {}) } }
      : undefined;
    embedded = config.platformKind === 'simulator' ? await startEmbeddedSimulator(db.prisma, { port: config.SIMULATOR_PORT, logger, credentials }) : undefined;
  } catch (err) {
    await redis.close();
    await db.close();
    throw err;
  }
  const platform = embedded?.settings ?? realPlatformSettings(config);
  const wecom = platform.wecom ? new WecomClient({ settings: platform.wecom, redis: redis.client, logger }) : null;
  let queue;
  try {
    queue = await startBackgroundWork(db, { config, logger, wecom, clock });
  } catch (err) {
    await embedded?.close();
    await redis.close();
    await db.close();
    throw err;
  }
  return {
    config,
    logger,
    db,
    redis,
    piiKeys,
    clock,
    sessions: new SessionStore(redis.client, config.SESSION_TTL_SECONDS),
    audit: new AuditLog(db.prisma, clock),
    version: readVersion(config.repoRoot),
    platform,
    wecom,
    queue,
    wechatPay: platform.pay && platform.wechat ? new WechatPayClient({ settings: platform.pay, appId: platform.wechat.appId, logger }) : null,
    wechatOa: platform.wechat ? new WechatOaClient({ settings: platform.wechat, redis: redis.client, logger }) : null,
    setPublicBaseUrl: (url) => embedded?.setPublicBaseUrl(url),
    close: async () => {
      await queue.close();
      await embedded?.close();
      await redis.close();
      await db.close();
    },
  };
}
