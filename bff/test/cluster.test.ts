import Redis from 'ioredis';
import { openDatabase } from '../src/db/database';
import { applyMigrations } from '../src/db/migrations';
import { bossSchemaFor } from '../src/queue/job-queue';
import { BffProcess, buildBff, getStatus, type LogLine } from './helpers/bff-process';
import { testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/test-env';

/** A complete WeCom group (nothing listens there): real platforms, so several processes are allowed. */
export const UNUSED_WECOM = {
  WECOM_CORP_ID: 'ww0123456789abcdef',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'cluster-test-secret',
  WECOM_CALLBACK_TOKEN: 'clustertoken',
  WECOM_CALLBACK_AES_KEY: 'a'.repeat(43),
  WECOM_API_BASE: 'http://127.0.0.1:9',
};

const services = Boolean(testDatabaseUrl && testRedisUrl);
if (!services) process.stderr.write('cluster.test: skipped — WEB_CONCURRENCY=2 needs PostgreSQL and Redis: set DATABASE_URL and REDIS_URL (the real-services pass does)\n');
const maybe = services ? describe : describe.skip;

const isWorkerListening = (l: LogLine) => l.role === 'primary' && l.msg === 'worker listening';

maybe('WEB_CONCURRENCY=2 on PostgreSQL + Redis (node bff/dist/server.js)', () => {
  const schema = uniqueName('cl');
  const prefix = `${uniqueName('cl')}:`;

  beforeAll(async () => {
    buildBff();
    const db = await openDatabase({ url: testDatabaseUrl, schema });
    await applyMigrations(db.migrationAdapterFactory());
    await db.close();
  });

  afterAll(async () => {
    const db = await openDatabase({ url: testDatabaseUrl, schema });
    await db.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${bossSchemaFor(db)}" CASCADE`);
    await db.close();
    const redis = new Redis(testRedisUrl!);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('serves from two workers, replaces one killed with SIGKILL while the other answers, and drains both on SIGTERM', async () => {
    const bff = new BffProcess({
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      H5_DIST_DIR: '/nonexistent',
      DATABASE_URL: testDatabaseUrl!,
      DATABASE_SCHEMA: schema,
      REDIS_URL: testRedisUrl!,
      REDIS_KEY_PREFIX: prefix,
      WEB_CONCURRENCY: '2',
      ...UNUSED_WECOM,
    });
    try {
      const workers = await bff.waitForLines('two workers', isWorkerListening, 2);
      const port = await bff.port();
      const url = `http://127.0.0.1:${port}/healthz`;
      const pids = workers.map((w) => w.pid as number);
      expect(new Set(pids).size).toBe(2);
      expect(pids).not.toContain(bff.pid);
      for (let i = 0; i < 6; i++) expect(await getStatus(url)).toBe(200);
      // No worker died on its own (e.g. racing the other one to create pg-boss's schema on this new database).
      const isWorkerExit = (l: LogLine) => l.msg === 'worker exited; a replacement starts after the backoff';
      expect(bff.lines().filter(isWorkerExit)).toEqual([]);

      process.kill(pids[0]!, 'SIGKILL');
      const [exit] = await bff.waitForLines('the primary to see the worker die', isWorkerExit);
      expect(exit).toMatchObject({ pid: pids[0], signal: 'SIGKILL', restartInMs: 1000 });
      // During the backoff the surviving worker answers every new connection.
      const meanwhile = await Promise.all(Array.from({ length: 10 }, () => getStatus(url)));
      expect(meanwhile).toEqual(Array(10).fill(200));

      const after = await bff.waitForLines('a replacement worker', isWorkerListening, 3);
      const replacement = after[2]!.pid as number;
      expect(pids).not.toContain(replacement);
      for (let i = 0; i < 6; i++) expect(await getStatus(url)).toBe(200);

      bff.child.kill('SIGTERM');
      expect(await bff.exited).toEqual({ code: 0, signal: null });
      const stopped = bff.lines().filter((l) => l.msg === 'stopped');
      // Both live workers ran their graceful stop, then the primary.
      expect(stopped.filter((l) => l.role !== 'primary')).toHaveLength(2);
      expect(stopped.filter((l) => l.role === 'primary')).toHaveLength(1);
      expect(await getStatus(url)).toBe('ECONNREFUSED');
    } finally {
      await bff.kill();
    }
  }, 150_000);
});
