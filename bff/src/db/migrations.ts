import fs from 'node:fs';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type * as SchemaEngineWasm from '@prisma/schema-engine-wasm';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { REPO_ROOT } from '../config/repo-root';

/**
 * Prisma's schema engine compiled to WebAssembly: migrations without the native binary that the Prisma CLI
 * would download (these machines cannot reach Prisma's servers). Same folder format as `prisma migrate`.
 */
const PRISMA_DIR = path.join(REPO_ROOT, 'prisma');
export const SCHEMA_PATH = path.join(PRISMA_DIR, 'schema.prisma');
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');
const NO_FILTERS = { externalTables: [], externalEnums: [] };

type EngineModule = typeof SchemaEngineWasm;
let enginePromise: Promise<EngineModule> | undefined;

async function loadEngineModule(): Promise<EngineModule> {
  enginePromise ??= (async () => {
    const bg = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as EngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
    const module = await WebAssembly.compile(fs.readFileSync(wasmPath));
    const instance = await WebAssembly.instantiate(module, { './schema_engine_bg.js': bg as never });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return enginePromise;
}

export function readSchema(): string {
  return fs.readFileSync(SCHEMA_PATH, 'utf8');
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationList {
  const lockPath = path.join(dir, 'migration_lock.toml');
  const dirs = fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: fs.existsSync(file)
            ? { tag: 'ok' as const, value: fs.readFileSync(file, 'utf8') }
            : { tag: 'error' as const, value: `missing ${file}` },
        },
      };
    }),
  };
}

/**
 * Both driver adapters mishandle migration scripts: adapter-pg splits them on every ";" (breaking function bodies)
 * and the PGlite adapter does not await its exec (errors vanish). Run each script whole, and wait for it.
 */
function runScriptsWhole(factory: SqlMigrationAwareDriverAdapterFactory, opened: SqlDriverAdapter[]): SqlMigrationAwareDriverAdapterFactory {
  const patch = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    opened.push(adapter);
    const client = (adapter as unknown as { client: { exec?: (s: string) => Promise<unknown>; query: (s: string) => Promise<unknown> } }).client;
    adapter.executeScript = async (script: string) => {
      await (client.exec ? client.exec(script) : client.query(script));
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  };
}

async function withEngine<T>(factory: SqlMigrationAwareDriverAdapterFactory, fn: (e: SchemaEngine) => Promise<T>): Promise<T> {
  const mod = await loadEngineModule();
  const opened: SqlDriverAdapter[] = [];
  const engine = await mod.SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, readSchema()]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(runScriptsWhole(factory, opened)),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
    // Closing the connections releases Prisma's migration advisory lock.
    await Promise.all(opened.map((a) => a.dispose().catch(() => undefined)));
  }
}

/** Applies pending migrations; returns the names just applied. */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  return withEngine(factory, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: readMigrations(), filters: NO_FILTERS });
    return out.appliedMigrationNames;
  });
}

/** SQL that would take a database built from the migrations to the schema; empty when they agree. */
export async function diffMigrationsToSchema(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  return withEngine(factory, async (engine) => {
    const out = await engine.diff({
      from: { tag: 'migrations', ...readMigrations() },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: readSchema() }] },
      script: true,
      exitCode: false,
      filters: NO_FILTERS,
    });
    return (out.stdout ?? '').replace(/^-- This is an empty migration\.\s*$/m, '').trim();
  });
}

/** Writes prisma/migrations/<timestamp>_<name>/migration.sql from the schema difference; null when nothing changed. */
export async function createMigration(factory: SqlMigrationAwareDriverAdapterFactory, name: string): Promise<string | null> {
  ensureLockfile();
  const sql = await diffMigrationsToSchema(factory);
  if (!sql) return null;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dirName = `${stamp}_${name.replace(/[^a-z0-9_]+/gi, '_').toLowerCase()}`;
  fs.mkdirSync(path.join(MIGRATIONS_DIR, dirName), { recursive: true });
  fs.writeFileSync(path.join(MIGRATIONS_DIR, dirName, 'migration.sql'), `${sql}\n`);
  return dirName;
}

function ensureLockfile(): void {
  const lock = path.join(MIGRATIONS_DIR, 'migration_lock.toml');
  if (fs.existsSync(lock)) return;
  fs.mkdirSync(MIGRATIONS_DIR, { recursive: true });
  fs.writeFileSync(lock, '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n');
}
