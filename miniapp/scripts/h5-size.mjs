// Builds the H5 app (unless --no-build) and reports raw and gzipped sizes: what index.html loads up front,
// and everything in dist/h5.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist', 'h5');

if (!process.argv.includes('--no-build')) {
  const started = Date.now();
  // Taro's progress bar goes to stderr; show the output only when the build fails.
  const build = spawnSync(process.execPath, [join(root, 'node_modules/@tarojs/cli/bin/taro'), 'build', '--type', 'h5'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) {
    process.stderr.write(build.stdout + build.stderr);
    process.exit(build.status ?? 1);
  }
  console.log(`h5 build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const files = (dir) =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
const measure = (paths) =>
  paths.reduce(
    (acc, path) => {
      const bytes = readFileSync(path);
      return { raw: acc.raw + bytes.length, gzip: acc.gzip + gzipSync(bytes, { level: 9 }).length };
    },
    { raw: 0, gzip: 0 },
  );

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [join(dist, 'index.html'), ...[...html.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => join(dist, m[1]))];
const all = files(dist).filter((f) => !f.endsWith('.map') && !f.endsWith('.LICENSE.txt'));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const first = measure(initial);
const everything = measure(all);
console.log(`initial load (${initial.map((f) => relative(dist, f)).join(', ')}):`);
console.log(`  ${kb(first.raw)} raw, ${kb(first.gzip)} gzipped`);
console.log(`all of dist/h5 (${all.length} files): ${kb(everything.raw)} raw, ${kb(everything.gzip)} gzipped`);
