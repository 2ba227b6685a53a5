// Builds the mini-program and reports its package sizes the way WeChat counts them: the main package is
// everything outside the subpackage roots listed in app.json. Fails above WeChat's 2 MB main-package cap,
// and warns above our 1 MB budget. `--no-build` measures the existing dist/weapp.
import { readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildUnlessSkipped, listFiles, root } from './taro-build.mjs';

const dist = join(root, 'dist', 'weapp');
const LIMIT = 2 * 1024 * 1024;
const BUDGET = 1024 * 1024;

buildUnlessSkipped('weapp');

const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8'));
const subRoots = (app.subPackages ?? app.subpackages ?? []).map((pkg) => pkg.root.replace(/\/$/, '') + '/');
const perPackage = new Map([['(main)', 0], ...subRoots.map((r) => [r, 0])]);
let total = 0;
for (const file of listFiles(dist)) {
  if (file.endsWith('.map')) continue; // source maps are not uploaded
  const rel = relative(dist, file).split(sep).join('/');
  const size = statSync(file).size;
  total += size;
  const owner = subRoots.find((r) => rel.startsWith(r)) ?? '(main)';
  perPackage.set(owner, perPackage.get(owner) + size);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const [name, size] of perPackage) console.log(`  ${name.padEnd(14)} ${kb(size)}`);
const main = perPackage.get('(main)');
console.log(`main package: ${kb(main)} (limit 2048 KB, budget 1024 KB)`);
console.log(`total:        ${kb(total)}`);
if (main > LIMIT) {
  console.error('FAIL: the main package exceeds WeChat\'s 2 MB limit');
  process.exit(1);
}
if (main > BUDGET) console.warn('WARNING: the main package is over the 1 MB budget; move feature code into subpackages');
