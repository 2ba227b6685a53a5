// Shared by the size scripts: a production Taro build (unless --no-build) and a recursive file listing.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** A production Taro build; returns instead of exiting (Taro's progress bar and log are in `output`). */
export function taroBuild(type, env = {}) {
  const started = Date.now();
  const build = spawnSync(process.execPath, [join(root, 'node_modules/@tarojs/cli/bin/taro'), 'build', '--type', type], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env, NODE_ENV: 'production' },
  });
  return { ok: build.status === 0, status: build.status, output: build.stdout + build.stderr, seconds: (Date.now() - started) / 1000 };
}

export function buildUnlessSkipped(type) {
  if (process.argv.includes('--no-build')) return;
  // Taro's progress bar goes to stderr; show the output only when the build fails.
  const build = taroBuild(type);
  if (!build.ok) {
    process.stderr.write(build.output);
    process.exit(build.status ?? 1);
  }
  console.log(`${type} build: ${build.seconds.toFixed(1)} s`);
}

export function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
