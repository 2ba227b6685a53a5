// `pnpm db:seed [--customers N] [--force]`: deterministic demo data (faker zh_CN, fixed seed) with a progress bar.
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../src/config/config';
import { processEnv } from '../src/config/env';
import { openConfiguredDatabase } from '../src/db/open-configured';
import { applyMigrations } from '../src/db/migrations';
import { seedDemo, SeedRefusedError } from '../src/modules/demo-data/seed';
import { systemClock } from '../src/lib/clock';

function parseArgs(argv: string[]): { customers: number | 'demo'; force: boolean } {
  let customers: number | 'demo' = 'demo';
  const i = argv.indexOf('--customers');
  if (i >= 0) {
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n < 1 || n > 2_000_000) throw new Error('--customers takes a whole number from 1 to 2000000');
    customers = n;
  }
  return { customers, force: argv.includes('--force') };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig(processEnv());
  const db = await openConfiguredDatabase(config);
  const bar = new SingleBar({ format: '写入客户 [{bar}] {percentage}% | {value}/{total} | 已用 {duration}s', hideCursor: true }, Presets.shades_classic);
  try {
    await applyMigrations(db.migrationAdapterFactory());
    let barStarted = false;
    const result = await seedDemo(db, { keyId: config.PII_KEY_ID, key: config.piiKey, indexKey: config.piiIndexKey }, {
      customers: args.customers,
      force: args.force,
      clock: systemClock,
      onProgress: (done, total) => {
        if (!barStarted) {
          bar.start(total, done);
          barStarted = true;
        } else bar.update(done);
      },
    });
    if (barStarted) bar.stop();
    process.stdout.write(
      result.status === 'seeded'
        ? `seeded ${result.customers} customers and ${result.staff} staff for ${result.day} in ${(result.ms / 1000).toFixed(1)} s (${db.kind})\n`
        : `already seeded with ${result.customers} customers for ${result.day}: nothing to do (--force seeds anew for today)\n`,
    );
  } finally {
    bar.stop();
    await db.close();
  }
}

void main()
  .then(() => process.exit(0))
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof SeedRefusedError || err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
