import type { Config } from '../src/config/config';
import { ensurePostgresDatabase } from '../src/db/database-readiness';
import { applyMigrations } from '../src/db/migrations';
import { openConfiguredDatabase } from '../src/db/open-configured';

/**
 * Benches run on a database of their own: on PostgreSQL it is created when missing and migrated (the server itself
 * only checks, see assertMigrated); the embedded database is migrated by the runtime.
 */
export async function prepareBenchDatabase(config: Config): Promise<void> {
  if (!config.DATABASE_URL) return;
  if (await ensurePostgresDatabase(config.DATABASE_URL)) process.stdout.write(`created database ${new URL(config.DATABASE_URL).pathname.slice(1)}\n`);
  const db = await openConfiguredDatabase(config);
  try {
    await applyMigrations(db.migrationAdapterFactory());
  } finally {
    await db.close();
  }
}
