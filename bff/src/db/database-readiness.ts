import pg from 'pg';
import type { Database } from './database';
import { readMigrations } from './migrations';

/**
 * The configured PostgreSQL database cannot serve yet (missing, unreachable, or not migrated). Its message says
 * what to run; server.ts prints it without a stack trace.
 */
export class DatabaseNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseNotReadyError';
  }
}

/** The database name in a PostgreSQL URL (`postgres://u@h:5432/name` → `name`). */
export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

/** Turns the driver's failure to reach the database into what to do about it; other errors are returned unchanged. */
export function explainConnectionError(err: unknown, url: string): unknown {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const name = databaseNameOf(url);
  if (e.code === '3D000') return new DatabaseNotReadyError(`database "${name}" does not exist: create it (createdb ${name}) and run \`pnpm db:migrate\``);
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT') {
    return new DatabaseNotReadyError(`cannot reach PostgreSQL at ${new URL(url).host} (${String(e.code)}): start it or correct DATABASE_URL`);
  }
  if (e.code === '28P01' || e.code === '28000') return new DatabaseNotReadyError(`PostgreSQL refused the login for DATABASE_URL (${String(e.code)}): check the user and password`);
  return err;
}

/** Migration folders not yet applied to this database (all of them on an empty one). */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const all = readMigrations().migrationDirectories.map((d) => d.path);
  let applied: Set<string>;
  try {
    const rows = await db.sql.query<{ name: string }>('SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
    applied = new Set(rows.rows.map((r) => r.name));
  } catch (err) {
    if ((err as { code?: unknown }).code !== '42P01') throw err; // 42P01: no migrations table, an empty database
    applied = new Set();
  }
  return all.filter((m) => !applied.has(m));
}

/**
 * On PostgreSQL the server does not migrate by itself (several processes and machines share the database; a
 * migration is a deploy step): it stops with a message naming the command when the schema is behind.
 */
export async function assertMigrated(db: Database, url: string): Promise<void> {
  let pending: string[];
  try {
    pending = await pendingMigrations(db);
  } catch (err) {
    throw explainConnectionError(err, url);
  }
  if (pending.length === 0) return;
  const schema = db.schema === 'public' ? '' : ` (schema ${db.schema})`;
  throw new DatabaseNotReadyError(
    `database "${databaseNameOf(url)}"${schema} is missing ${pending.length} migration(s), the first ${pending[0]}: run \`pnpm db:migrate\` with the same DATABASE_URL, then start again`,
  );
}

/** CREATE DATABASE when it does not exist yet (benches and first runs against a fresh PostgreSQL). */
export async function ensurePostgresDatabase(url: string): Promise<boolean> {
  const name = databaseNameOf(url);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new DatabaseNotReadyError(`database name must be a plain identifier to be created, got "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (err) {
    throw explainConnectionError(err, url);
  }
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount !== 0) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await client.end();
  }
}
