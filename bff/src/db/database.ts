import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type DbKind = 'embedded' | 'external';

/** Raw SQL for code that must run beside Prisma (queues, bulk loads): parameterised or multi-statement scripts. */
export interface SqlRunner {
  /**
   * `prepared` marks a hot statement: PostgreSQL then parses and plans it once per connection instead of on every
   * call (planning the sidebar profile cost more than running it). Only for texts from a small fixed set.
   */
  query<T = Record<string, unknown>>(text: string, values?: unknown[], prepared?: boolean): Promise<{ rows: T[] }>;
  exec(script: string): Promise<void>;
}

/** A SqlRunner that can also run a function inside one transaction (commit on return, rollback on throw). */
export interface TransactionalSqlRunner extends SqlRunner {
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

export interface Database {
  kind: DbKind;
  prisma: PrismaClient;
  sql: TransactionalSqlRunner;
  /**
   * A driver-adapter factory for the schema engine (migrations). On PostgreSQL it opens its own connections, closed
   * when the migration is done: Prisma holds a session advisory lock that must not linger in the shared pool.
   */
  migrationAdapterFactory(): SqlMigrationAwareDriverAdapterFactory;
  /** PostgreSQL schema the tables live in. */
  schema: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; absent = embedded PGlite. */
  url?: string;
  /** PostgreSQL schema (external only); tests use one per file. */
  schema?: string;
  /** PGlite data folder; 'memory://' keeps it in memory. */
  dataDir?: string;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts.schema ?? 'public') : openPglite(opts.dataDir ?? 'memory://');
}

async function openPostgres(url: string, schema: string): Promise<Database> {
  const poolConfig = { connectionString: url, options: `-c search_path="${schema}"` };
  const pool = new pg.Pool({ ...poolConfig, max: 10 });
  if (schema !== 'public') await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const adapterFactory = new PrismaPg(pool, { schema });
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind: 'external',
    prisma,
    schema,
    migrationAdapterFactory: () => new PrismaPg({ ...poolConfig, max: 1 }, { schema }),
    sql: {
      query: (text, values, prepared) => withoutParameters(pool.query(pgQuery(text, values, prepared)) as never),
      exec: async (script) => {
        await withoutParameters(pool.query(script));
      },
      transaction: async (fn) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn({
            query: (text, values, prepared) => withoutParameters(client.query(pgQuery(text, values, prepared)) as never),
            exec: async (script) => {
              await withoutParameters(client.query(script));
            },
          });
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      },
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * Properties a driver attaches to a query error that can hold the query's values: PGlite's `params`, and the
 * server's `detail` (e.g. `Key (phone_hash)=(…) already exists`).
 */
const VALUE_PROPERTIES = ['params', 'parameters', 'values', 'queryOptions', 'detail'] as const;

/**
 * A failed query's error is logged upstream (the error handler, a job's failure): it must not carry the
 * parameter values, which may be a phone number someone searched for. PostgreSQL also quotes the offending value
 * in some messages (`invalid input syntax for type integer: "138…"`), so a server error keeps only its SQLSTATE,
 * routine and SQL text (which has no values: they are always parameters).
 */
export async function withoutParameters<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    if (typeof err === 'object' && err !== null) {
      const e = err as Record<string, unknown> & { message?: unknown; stack?: unknown };
      for (const p of VALUE_PROPERTIES) if (p in e) delete e[p];
      if (typeof e.severity === 'string' && typeof e.code === 'string' && typeof e.message === 'string') {
        const original = e.message;
        const message = `database error ${e.code}${typeof e.routine === 'string' ? ` in ${e.routine}` : ''}`;
        e.message = message;
        if (typeof e.stack === 'string') e.stack = e.stack.split(original).join(message);
      }
    }
    throw err;
  }
}

const statementNames = new Map<string, string>();

/** A named statement is prepared once per connection; the name is derived from the text so it can never mismatch. */
function pgQuery(text: string, values: unknown[] | undefined, prepared: boolean | undefined): pg.QueryConfig {
  if (!prepared) return { text, values: values ?? [] };
  let name = statementNames.get(text);
  if (!name) {
    name = `pfs_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return { name, text, values: values ?? [] };
}

async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const { PGlite: PGliteCtor } = await import('@electric-sql/pglite');
  const pglite: PGlite = await PGliteCtor.create(dataDir);
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind: 'embedded',
    prisma,
    schema: 'public',
    migrationAdapterFactory: () => adapterFactory,
    sql: {
      ...pgliteRunner(pglite),
      transaction: (fn) => pglite.transaction((tx) => fn(pgliteRunner(tx))),
    },
    close: async () => {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/**
 * PGlite refuses multi-statement text in a prepared statement: scripts without parameters go to exec(). Named
 * statements are not kept: PGlite runs in this process, so there is no round trip or separate planner to save.
 */
function pgliteRunner(target: Pick<PGlite, 'query' | 'exec'>): SqlRunner {
  return {
    query: async (text, values) => {
      if (values && values.length > 0) return withoutParameters(target.query(text, values) as never);
      const results = await withoutParameters(target.exec(text));
      return (results[results.length - 1] ?? { rows: [] }) as never;
    },
    exec: async (script) => {
      await withoutParameters(target.exec(script));
    },
  };
}
