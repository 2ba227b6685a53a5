// The H5 production build (miniapp/dist/h5), rebuilt only when its inputs changed since the last build made here.
// Inputs: the app's source, config and manifests, the shared package's source and the lockfile, plus the build-time
// settings (PFS_API_BASE, PFS_DEMO, PFS_WECOM_CORP_ID). A stamp beside dist/h5 records their hash and the
// index.html the build produced, so a build made another way (other settings, `taro build` by hand) is not taken
// for this one. `pnpm start` and the browser tests (test-e2e/h5-build.mjs) both go through here.
// `node scripts/h5-build.mjs [--force]` builds with the settings of the shell.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles, root as miniappRoot, taroBuild } from './taro-build.mjs';

const repoRoot = join(miniappRoot, '..');
export const H5_DIST = join(miniappRoot, 'dist', 'h5');
const STAMP = join(miniappRoot, 'dist', '.h5-stamp.json');

/** The build-time settings as the shell gives them, with config/index.ts's defaults. */
export function h5BuildEnvFrom(env) {
  return { PFS_API_BASE: env.PFS_API_BASE ?? '', PFS_DEMO: env.PFS_DEMO ?? '1', PFS_WECOM_CORP_ID: env.PFS_WECOM_CORP_ID ?? '' };
}

function inputFiles() {
  const dirs = [join(miniappRoot, 'src'), join(miniappRoot, 'config'), join(repoRoot, 'shared', 'src')];
  const single = ['package.json', 'babel.config.js', 'tsconfig.json'].map((f) => join(miniappRoot, f));
  single.push(join(repoRoot, 'shared', 'package.json'), join(repoRoot, 'pnpm-lock.yaml'));
  // Unit tests are not part of the bundle; leaving them out keeps a test edit from forcing a rebuild.
  const isBuildInput = (f) => !/\.test\.tsx?$/.test(f);
  return [...dirs.flatMap((d) => listFiles(d)).filter(isBuildInput), ...single.filter((f) => existsSync(f))].sort();
}

export function inputsHash(buildEnv) {
  const hash = createHash('sha256').update(JSON.stringify(buildEnv));
  for (const file of inputFiles()) hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const indexHash = () => createHash('sha256').update(readFileSync(join(H5_DIST, 'index.html'))).digest('hex');

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Returns how the build was obtained; throws with Taro's output when the build fails. */
export function ensureH5Build({ env = h5BuildEnvFrom(process.env), force = false } = {}) {
  const inputs = inputsHash(env);
  const stamp = readStamp();
  if (!force && stamp?.inputs === inputs && existsSync(join(H5_DIST, 'index.html')) && stamp.index === indexHash()) {
    return { built: false, seconds: 0 };
  }
  const build = taroBuild('h5', env);
  if (!build.ok) throw new Error(`H5 build failed (exit ${build.status}):\n${build.output.slice(-4000)}`);
  writeFileSync(`${STAMP}.${process.pid}`, `${JSON.stringify({ inputs, index: indexHash(), builtAt: new Date().toISOString() }, null, 2)}\n`);
  renameSync(`${STAMP}.${process.pid}`, STAMP);
  return { built: true, seconds: build.seconds };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const { built, seconds } = ensureH5Build({ force: process.argv.includes('--force') });
    process.stdout.write(built ? `h5 build: ${relative(repoRoot, H5_DIST)} in ${seconds.toFixed(1)} s\n` : 'h5 build: up to date\n');
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
