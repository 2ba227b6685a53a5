import { dropTestDatabase, openTestDatabase } from '../../test/helpers/test-app';
import { createLogger } from '../lib/logger';
import { testDatabaseUrl } from '../../test/helpers/test-env';
import { bossSchemaFor, JobQueue } from './job-queue';

// Side-by-side processes exist only on PostgreSQL (PGlite is one connection in one process).
const onPostgres = testDatabaseUrl ? it : it.skip;

describe('job queue definitions', () => {
  it('bring a queue created by an earlier version up to the current definition (expiry, retries)', async () => {
    const db = await openTestDatabase();
    const queue = await JobQueue.open(db, createLogger('silent'));
    try {
      await queue.define({ name: 'defined-twice', retryLimit: 8, retryDelaySeconds: 2, expireInSeconds: 120 });
      await queue.define({ name: 'defined-twice', retryLimit: 3, retryDelaySeconds: 5, expireInSeconds: 30 });
      const { rows } = await db.sql.query<{ expire_seconds: number; retry_limit: number; retry_delay: number }>(
        `SELECT expire_seconds, retry_limit, retry_delay FROM "${bossSchemaFor(db)}".queue WHERE name = $1`,
        ['defined-twice'],
      );
      expect(rows).toEqual([{ expire_seconds: 30, retry_limit: 3, retry_delay: 5 }]);
    } finally {
      await queue.close(1);
      await dropTestDatabase(db);
    }
  });

  onPostgres('processes starting side by side on a new database all start (they race to create the schema)', async () => {
    const db = await openTestDatabase();
    const queues = await Promise.all([1, 2, 3].map(() => JobQueue.open(db, createLogger('silent'))));
    try {
      const { rows } = await db.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM information_schema.schemata WHERE schema_name = $1`, [bossSchemaFor(db)]);
      expect(rows).toEqual([{ n: '1' }]);
      expect(queues).toHaveLength(3);
    } finally {
      for (const q of queues) await q.close(1);
      await dropTestDatabase(db);
    }
  });
});
