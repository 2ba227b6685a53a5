import pino from 'pino';
import { captureLog } from '../../test/helpers/capture-log';
import { dropTestDatabase, openTestDatabase } from '../../test/helpers/test-app';
import type { Database } from './database';

/** Issue 13 §2.3: a failed hand-written query must not carry its parameter values into a log. */
let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => dropTestDatabase(db));

const PHONE = '13812345678';

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected the query to fail');
}

describe('SqlRunner errors carry the SQL, never the parameter values', () => {
  it.each([
    ['query', () => db.sql.query('SELECT $1::int AS n', [PHONE + 'x'])],
    ['prepared query', () => db.sql.query('SELECT $1::int AS n WHERE $2::text IS NOT NULL', [1, PHONE], true).then(() => db.sql.query('SELECT $1::int', [`${PHONE}!`], true))],
    ['query in a transaction', () => db.sql.transaction((tx) => tx.query('SELECT $1::int AS n', [PHONE + 'x']))],
  ])('%s', async (_name, run) => {
    const err = await failureOf(run);
    const log = captureLog('trace');
    log.logger.error({ err }, 'unhandled error');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).not.toContain(PHONE);
    expect(JSON.stringify(pino.stdSerializers.err(err as Error))).not.toContain(PHONE);
    expect((err as Error).message).toBeTruthy();
  });
});
