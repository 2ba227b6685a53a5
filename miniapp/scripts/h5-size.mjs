// Builds the H5 app (unless --no-build) and reports raw and gzipped sizes: what index.html loads up front,
// and everything in dist/h5.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildUnlessSkipped, listFiles, root } from './taro-build.mjs';
import { gzipSync } from 'node:zlib';

const dist = join(root, 'dist', 'h5');

buildUnlessSkipped('h5');

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
const all = listFiles(dist).filter((f) => !f.endsWith('.map') && !f.endsWith('.LICENSE.txt'));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const first = measure(initial);
const everything = measure(all);
console.log(`initial load (${initial.map((f) => relative(dist, f)).join(', ')}):`);
console.log(`  ${kb(first.raw)} raw, ${kb(first.gzip)} gzipped`);
console.log(`all of dist/h5 (${all.length} files): ${kb(everything.raw)} raw, ${kb(everything.gzip)} gzipped`);
