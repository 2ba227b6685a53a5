// Shared by the size scripts: a production Taro build (unless --no-build) and a recursive file listing.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

export function buildUnlessSkipped(type) {
  if (process.argv.includes('--no-build')) return;
  const started = Date.now();
  // Taro's progress bar goes to stderr; show the output only when the build fails.
  const build = spawnSync(process.execPath, [join(root, 'node_modules/@tarojs/cli/bin/taro'), 'build', '--type', type], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) {
    process.stderr.write(build.stdout + build.stderr);
    process.exit(build.status ?? 1);
  }
  console.log(`${type} build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
