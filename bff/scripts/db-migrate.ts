// `pnpm db:migrate`: applies pending migrations to the configured database (PGlite by default, PostgreSQL with DATABASE_URL).
import { loadConfig } from '../src/config/config';
import { processEnv } from '../src/config/env';
import { openConfiguredDatabase } from '../src/db/open-configured';
import { applyMigrations } from '../src/db/migrations';

async function main(): Promise<void> {
  const config = loadConfig(processEnv());
  const db = await openConfiguredDatabase(config);
  try {
    const applied = await applyMigrations(db.migrationAdapterFactory());
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  } finally {
    await db.close();
  }
}

// The WebAssembly schema engine leaves a timer behind; a CLI run is over when main() is.
void main().then(() => process.exit(0)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
