// `pnpm --filter @pfs/bff build`: the production build, bff/dist/server.js, run by plain `node` (no tsx at run
// time). esbuild bundles the BFF's TypeScript with the workspace packages it imports (@pfs/shared and
// @pfs/simulator are TypeScript sources) and the generated Prisma client; every other package stays a require()
// of node_modules, so PGlite, pg-boss and the schema engine's WebAssembly load from their own files as under tsx.
// Skipped when none of its inputs changed since the build recorded in dist/.build-stamp.json.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const bffRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(bffRoot, '..');
export const DIST = join(bffRoot, 'dist');
export const SERVER_JS = join(DIST, 'server.js');
const STAMP = join(DIST, '.build-stamp.json');
const GENERATED_CLIENT = join(bffRoot, 'src/generated/prisma/client.ts');

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function inputFiles() {
  const dirs = ['bff/src', 'shared/src', 'simulator/src'].map((d) => join(repoRoot, d));
  const single = ['bff/package.json', 'shared/package.json', 'simulator/package.json', 'pnpm-lock.yaml', 'prisma/schema.prisma', 'tsconfig.base.json'].map((f) => join(repoRoot, f));
  single.push(fileURLToPath(import.meta.url));
  // Tests are not part of the bundle: editing one does not force a rebuild.
  const isInput = (f) => !/\.test\.tsx?$/.test(f);
  return [...dirs.flatMap((d) => listFiles(d)).filter(isInput), ...single.filter((f) => existsSync(f))].sort();
}

function inputsHash() {
  const hash = createHash('sha256');
  for (const file of inputFiles()) hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const fileHash = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Bare imports are node_modules packages and stay external, except the workspace's own TypeScript packages. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@pfs/') ? undefined : { path: args.path, external: true }));
  },
};

/** Builds unless up to date; returns { built, seconds }. Safe to run from two processes at once. */
export async function ensureBffBuild({ force = false } = {}) {
  // The generated client is not committed (pnpm install generates it); generate it if it is missing.
  if (!existsSync(GENERATED_CLIENT)) {
    const gen = spawnSync(process.execPath, [join(bffRoot, 'scripts/prisma-generate.mjs')], { stdio: 'inherit' });
    if (gen.status !== 0) throw new Error('prisma generate failed');
  }
  const inputs = inputsHash();
  const stamp = readStamp();
  if (!force && stamp?.inputs === inputs && existsSync(SERVER_JS) && stamp.output === fileHash(SERVER_JS)) return { built: false, seconds: 0 };

  const started = Date.now();
  // Written in memory, then each file under a temporary name and renamed: a concurrent run never sees half a file.
  const result = await esbuild.build({
    entryPoints: { server: join(bffRoot, 'src/server.ts') },
    outdir: DIST,
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    // Error and class names are read at run time (error handling, logs).
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [externalPackages],
  });
  mkdirSync(DIST, { recursive: true });
  const files = [...result.outputFiles].sort((a, b) => (a.path.endsWith('.map') ? -1 : b.path.endsWith('.map') ? 1 : 0));
  for (const file of files) {
    writeFileSync(`${file.path}.${process.pid}`, file.contents);
    renameSync(`${file.path}.${process.pid}`, file.path);
  }
  writeFileSync(`${STAMP}.${process.pid}`, `${JSON.stringify({ inputs, output: fileHash(SERVER_JS), builtAt: new Date().toISOString() }, null, 2)}\n`);
  renameSync(`${STAMP}.${process.pid}`, STAMP);
  return { built: true, seconds: (Date.now() - started) / 1000 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureBffBuild({ force: process.argv.includes('--force') }).then(
    ({ built, seconds }) => {
      const size = (statSync(SERVER_JS).size / 1024 / 1024).toFixed(1);
      process.stdout.write(built ? `bff build: ${relative(repoRoot, SERVER_JS)} (${size} MB) in ${seconds.toFixed(1)} s\n` : 'bff build: up to date\n');
    },
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
