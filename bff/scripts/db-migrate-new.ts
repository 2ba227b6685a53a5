// `pnpm db:migrate:new <name>`: writes a migration from the difference between prisma/migrations and schema.prisma.
import { openDatabase } from '../src/db/database';
import { createMigration } from '../src/db/migrations';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/i.test(name)) {
    process.stderr.write('usage: pnpm db:migrate:new <name>   (letters, digits and _)\n');
    process.exit(2);
  }
  // The diff replays the migrations into a throw-away in-memory database: no server needed.
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    const dir = await createMigration(db.migrationAdapterFactory(), name);
    process.stdout.write(dir ? `created prisma/migrations/${dir}/migration.sql\n` : 'schema and migrations agree: nothing to create\n');
  } finally {
    await db.close();
  }
}

// The WebAssembly schema engine leaves a timer behind; a CLI run is over when main() is.
void main().then(() => process.exit(0)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
