import { randomBytes } from 'node:crypto';

/**
 * Tests run on the embedded path (PGlite + in-process Redis) unless DATABASE_URL / REDIS_URL name real services;
 * each test file then works in its own PostgreSQL schema and Redis key prefix, and removes them afterwards.
 * `pnpm test` runs the suite on both paths when they are set (.ci/run sets them when the services answer).
 */
export const testDatabaseUrl = process.env.DATABASE_URL || undefined;
export const testRedisUrl = process.env.REDIS_URL || undefined;

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Polls until `check` returns a value other than undefined/false, or fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
