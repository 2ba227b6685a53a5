import { spawn } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../config/config';
import { createLogger } from '../lib/logger';
import { createRuntime } from '../runtime';
import { testDatabaseUrl, uniqueName } from '../../test/helpers/test-env';
import { openDatabase } from './database';
import { DatabaseNotReadyError, databaseNameOf, explainConnectionError, pendingMigrations } from './database-readiness';
import { readMigrations } from './migrations';

/** Issue 13 §3.12: a missing or empty PostgreSQL database stops the server with what to run, not a stack trace. */
const silent = createLogger('silent');

describe('explaining an unready database', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/nosuchdb';
  it('a database that does not exist names it and the commands', () => {
    const err = explainConnectionError(Object.assign(new Error('database "nosuchdb" does not exist'), { code: '3D000' }), url);
    expect(err).toBeInstanceOf(DatabaseNotReadyError);
    expect((err as Error).message).toBe('database "nosuchdb" does not exist: create it (createdb nosuchdb) and run `pnpm db:migrate`');
  });

  it('an unreachable server says so; anything else passes through', () => {
    expect((explainConnectionError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), url) as Error).message).toContain('cannot reach PostgreSQL at 127.0.0.1:5432');
    const other = new Error('other');
    expect(explainConnectionError(other, url)).toBe(other);
    expect(databaseNameOf(url)).toBe('nosuchdb');
  });
});

describe('an empty embedded database: every migration is pending until applied', () => {
  it('pendingMigrations lists them all', async () => {
    const db = await openDatabase({ dataDir: 'memory://' });
    try {
      expect(await pendingMigrations(db)).toEqual(readMigrations().migrationDirectories.map((d) => d.path));
    } finally {
      await db.close();
    }
  });
});

(testDatabaseUrl ? describe : describe.skip)('the runtime on PostgreSQL', () => {
  const env = (over: Record<string, string>) => loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', REDIS_KEY_PREFIX: `${uniqueName('ready')}:`, ...over });

  it('a database that does not exist: DatabaseNotReadyError naming it and `pnpm db:migrate`', async () => {
    const missing = new URL(testDatabaseUrl!);
    missing.pathname = `/${uniqueName('missing')}`;
    const run = createRuntime(env({ DATABASE_URL: missing.toString() }), silent);
    await expect(run).rejects.toThrow(DatabaseNotReadyError);
    await expect(run).rejects.toThrow(/does not exist: create it \(createdb missing_\w+\) and run `pnpm db:migrate`/);
  });

  it('the server process prints the message, no stack trace, and exits 1', async () => {
    const missing = new URL(testDatabaseUrl!);
    missing.pathname = `/${uniqueName('missing')}`;
    const bff = path.resolve(__dirname, '../..');
    const child = spawn(path.join(bff, 'node_modules/.bin/tsx'), ['src/server.ts'], {
      cwd: bff,
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: missing.toString() },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('does not exist: create it');
    expect(stderr).toContain('pnpm db:migrate');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('an empty schema: DatabaseNotReadyError saying to run `pnpm db:migrate`', async () => {
    const schema = uniqueName('empty');
    const run = createRuntime(env({ DATABASE_URL: testDatabaseUrl!, DATABASE_SCHEMA: schema }), silent);
    await expect(run).rejects.toThrow(DatabaseNotReadyError);
    await expect(run).rejects.toThrow(/is missing \d+ migration\(s\), the first \w+: run `pnpm db:migrate`/);
    const db = await openDatabase({ url: testDatabaseUrl!, schema });
    await db.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.close();
  });
});
