import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start } from '../src/server';
import Redis from 'ioredis';
import { testRedisUrl, uniqueName } from './helpers/test-env';

/** The servers started here write rate-limit keys under their own prefix; remove them from a real Redis. */
async function dropRedisPrefix(prefix: string): Promise<void> {
  if (!testRedisUrl) return;
  const redis = new Redis(testRedisUrl);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

const BFF = path.resolve(__dirname, '..');
const TSX = path.join(BFF, 'node_modules/.bin/tsx');

function baseEnv(dataDir: string): Record<string, string> {
  const env: Record<string, string> = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_ENV: 'test', SEED_DEMO: 'false', H5_DIST_DIR: '/nonexistent' };
  // The server applies migrations only on the embedded path; the real-service run of this file uses PGlite for it too.
  if (testRedisUrl) env.REDIS_URL = testRedisUrl;
  return env;
}

describe('process lifecycle', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfs-lifecycle-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('a missing or malformed variable stops the process with a message naming it and a non-zero exit', async () => {
    const child = spawn(TSX, ['src/server.ts'], { cwd: BFF, env: { PATH: process.env.PATH ?? '', PORT: 'not-a-port' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('PORT:');
  });

  it('drains in-flight requests, then closes the database and Redis on stop()', async () => {
    const prefix = `${uniqueName('lc')}:`;
    const { server, stop } = await start({ ...baseEnv(path.join(dataDir, 'inproc')), REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    await stop();
    expect(server.listening).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    await dropRedisPrefix(prefix);
  });

  it('SIGTERM makes the server stop accepting, drain and exit 0', async () => {
    const prefix = `${uniqueName('lc')}:`;
    const child = spawn(TSX, ['src/server.ts'], { cwd: BFF, env: { PATH: process.env.PATH ?? '', ...baseEnv(path.join(dataDir, 'child')), REDIS_KEY_PREFIX: prefix } });
    let out = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
    });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(out).toContain('shutting down');
    expect(out).toContain('"msg":"stopped"');
    await dropRedisPrefix(prefix);
  });
});
