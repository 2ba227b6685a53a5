// The H5 build the browser tests run against: rebuilt only when its inputs changed since the last build made here.
// Inputs: the app's source, config and manifests, the shared package's source and the lockfile, plus the build-time
// settings (forced to the same-origin demo build). A stamp beside dist/h5 records their hash and the index.html
// the build produced, so a build made by someone else (other settings, other source) is not taken for ours.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { listFiles, root as miniappRoot, taroBuild } from '../scripts/taro-build.mjs';

const repoRoot = join(miniappRoot, '..');
export const H5_DIST = join(miniappRoot, 'dist', 'h5');
const STAMP = join(miniappRoot, 'dist', '.h5-e2e-stamp.json');

/** Same origin as the BFF that serves it, with the demo switcher on. */
export const E2E_BUILD_ENV = { PFS_API_BASE: '', PFS_DEMO: '1', PFS_WECOM_CORP_ID: '' };

function inputFiles() {
  const dirs = [join(miniappRoot, 'src'), join(miniappRoot, 'config'), join(repoRoot, 'shared', 'src')];
  const single = ['package.json', 'babel.config.js', 'tsconfig.json'].map((f) => join(miniappRoot, f));
  single.push(join(repoRoot, 'shared', 'package.json'), join(repoRoot, 'pnpm-lock.yaml'));
  // Unit tests are not part of the bundle; leaving them out keeps a test edit from forcing a rebuild.
  const isBuildInput = (f) => !/\.test\.tsx?$/.test(f);
  return [...dirs.flatMap((d) => listFiles(d)).filter(isBuildInput), ...single.filter((f) => existsSync(f))].sort();
}

export function inputsHash() {
  const hash = createHash('sha256').update(JSON.stringify(E2E_BUILD_ENV));
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
export function ensureH5Build({ force = false } = {}) {
  const inputs = inputsHash();
  const stamp = readStamp();
  if (!force && stamp?.inputs === inputs && existsSync(join(H5_DIST, 'index.html')) && stamp.index === indexHash()) {
    return { built: false, seconds: 0 };
  }
  const build = taroBuild('h5', E2E_BUILD_ENV);
  if (!build.ok) throw new Error(`H5 build failed (exit ${build.status}):\n${build.output.slice(-4000)}`);
  writeFileSync(STAMP, `${JSON.stringify({ inputs, index: indexHash(), builtAt: new Date().toISOString() }, null, 2)}\n`);
  return { built: true, seconds: build.seconds };
}
