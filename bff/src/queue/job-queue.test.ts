import { dropTestDatabase, openTestDatabase } from '../../test/helpers/test-app';
import { createLogger } from '../lib/logger';
import { bossSchemaFor, JobQueue } from './job-queue';

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
});
