// `pnpm crm:import [--batch-size N] [--show N] <folder or files>...`: imports head-office CRM export files (customers,
// ownership, tags, holdings; CSV or JSON Lines) into the configured database. Bad rows are printed as
// `file:line: reason` and skipped; totals at the end. Exit code 0 when every row landed, 2 when some were rejected,
// 1 on a fatal error. On the embedded database, stop the BFF first (one process at a time may open PGlite's files).
import fs from 'node:fs';
import path from 'node:path';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { loadConfig } from '../src/config/config';
import { processEnv } from '../src/config/env';
import { applyMigrations } from '../src/db/migrations';
import { openConfiguredDatabase } from '../src/db/open-configured';
import { CRM_KINDS, findOwnershipConflicts, importCrmFiles, type ImportSummary, type KindTotals } from '../src/modules/crm';

const USAGE = 'usage: pnpm crm:import [--batch-size N] [--show N] <folder or files>...  (e.g. pnpm crm:import bff/fixtures/crm-sample)';

interface Args {
  inputs: string[];
  batchSize: number;
  show: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { inputs: [], batchSize: 500, show: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--batch-size' || a === '--show') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < (a === '--show' ? 0 : 1) || n > 100_000) throw new Error(`${a} takes a whole number up to 100000\n${USAGE}`);
      if (a === '--batch-size') args.batchSize = n;
      else args.show = n;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (a === '--') continue;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else args.inputs.push(a);
  }
  if (!args.inputs.length) throw new Error(USAGE);
  return args;
}

/** `pnpm --filter` runs scripts in bff/: a path given from the repository root is found there too. */
function resolveInput(input: string, repoRoot: string): string {
  if (path.isAbsolute(input) || fs.existsSync(input)) return path.resolve(input);
  const fromRoot = path.join(repoRoot, input);
  return fs.existsSync(fromRoot) ? fromRoot : input;
}

/** Paths as seen from the repository root (where `pnpm crm:import` is usually typed). */
function shown(p: string, repoRoot: string): string {
  const rel = path.relative(repoRoot, path.resolve(p));
  return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

function table(summary: ImportSummary): string {
  const cols: (keyof KindTotals)[] = ['rows', 'inserted', 'updated', 'unchanged', 'rejected'];
  const total = Object.fromEntries(cols.map((c) => [c, CRM_KINDS.reduce((n, k) => n + summary.totals[k][c], 0)])) as unknown as KindTotals;
  const lines = [['', ...cols], ...CRM_KINDS.map((k) => [k, ...cols.map((c) => String(summary.totals[k][c]))]), ['total', ...cols.map((c) => String(total[c]))]];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

async function main(): Promise<number> {
  const config = loadConfig(processEnv());
  const args = parseArgs(process.argv.slice(2));
  const inputs = args.inputs.map((i) => resolveInput(i, config.repoRoot));
  const db = await openConfiguredDatabase(config);
  const tty = Boolean(process.stderr.isTTY);
  const bars = tty ? new MultiBar({ format: 'CRM import [{bar}] {percentage}% | {file} | rows {rows} | rejected {rejected}', hideCursor: true, clearOnComplete: true }, Presets.shades_classic) : null;
  let bar: SingleBar | undefined;
  let listed = 0;
  let hidden = 0;
  // With a bar on the terminal, bad rows are listed once it is gone (the bar shows the running count meanwhile).
  const deferred: string[] = [];
  const print = (text: string): void => {
    if (bars) deferred.push(text);
    else process.stdout.write(`${text}\n`);
  };
  try {
    await applyMigrations(db.migrationAdapterFactory());
    const summary = await importCrmFiles(db, { keyId: config.PII_KEY_ID, key: config.piiKey, indexKey: config.piiIndexKey }, inputs, {
      batchSize: args.batchSize,
      onFile: (file, index, count) => {
        if (!bars) print(`[${index + 1}/${count}] ${shown(file.path, config.repoRoot)} (${file.kind}, ${file.format})`);
      },
      onBadRow: (bad) => {
        if (listed < args.show) {
          listed += 1;
          print(`  ${shown(bad.file, config.repoRoot)}:${bad.line}: ${bad.reason}`);
        } else hidden += 1;
      },
      onProgress: (p) => {
        if (!bars) return;
        const payload = { file: path.basename(p.file), rows: p.rows, rejected: p.rejected };
        if (!bar) bar = bars.create(Math.max(1, p.bytesTotal), p.bytesDone, payload);
        else bar.update(p.bytesDone, payload);
      },
    });
    bar?.update(bar.getTotal());
    bars?.stop();
    const out: string[] = [...deferred];
    if (hidden) out.push(`  … and ${hidden} more bad rows (raise --show to list them)`);
    for (const p of summary.ignored) out.push(`ignored (not a CRM file name): ${shown(p, config.repoRoot)}`);
    out.push(`\nCRM import: ${summary.files.length} files in ${(summary.ms / 1000).toFixed(1)} s (${db.kind} database)`);
    for (const f of summary.files) if (f.error) out.push(`  refused ${shown(f.path, config.repoRoot)}: ${f.error}`);
    out.push(table(summary));
    out.push(`bad rows: ${summary.badRows}`);
    out.push(`ownership conflicts (CRM owner is not a WeCom follower): ${summary.ownershipConflicts}`);
    for (const c of await findOwnershipConflicts(db, 10)) out.push(`  ${c.crmNo}: CRM owner ${c.ownerWecomUserId}, followed by ${c.followerWecomUserIds.join(', ')}`);
    process.stdout.write(`${out.join('\n')}\n`);
    return summary.badRows > 0 ? 2 : 0;
  } finally {
    bars?.stop();
    await db.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
