// Starts the real BFF the way the root `start` script does (`tsx src/server.ts` in bff/), on the embedded path
// whatever this shell has configured: a fresh PGlite in a temporary DATA_DIR (migrated and seeded with the demo on
// start), the in-process Redis stand-in and the in-process platform simulator. It serves dist/h5 at `/`.
// `const bff = await startRealBff(); ... await bff.stop()` — stop sends SIGTERM and removes the data directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bffRoot = fileURLToPath(new URL('../../bff/', import.meta.url));
const tsxCli = createRequire(join(bffRoot, 'package.json')).resolve('tsx/cli');

// Every variable the BFF's config reads (bff/src/config/config.ts) is dropped from the inherited environment, so a
// DATABASE_URL, REDIS_URL, platform or Tencent Cloud credential, or an IDV_LEVEL in this shell cannot take the BFF off
// the embedded path (a test suite passes what it wants through `env`, e.g. IDV_LEVEL=face).
const BFF_CONFIG_VARS =
  /^(NODE_ENV|PORT|HOST|LOG_LEVEL|DATABASE_.*|DATA_DIR|REDIS_.*|SESSION_.*|PII_.*|CORS_ORIGINS|BODY_LIMIT_KB|RATE_LIMIT_.*|TRUST_PROXY|SEED_DEMO|H5_DIST_DIR|H5_RATE_LIMIT_.*|SHUTDOWN_TIMEOUT_MS|WECOM_.*|WECHAT_.*|WECHATPAY_.*|SIMULATOR_PORT|PUBLIC_BASE_URL|INVITATION_.*|TENCENTCLOUD_.*|SMS_.*|IDV_LEVEL|FACEID_.*|DEMO_MODE)$/;

export function embeddedEnv(overrides = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !BFF_CONFIG_VARS.test(key)));
  return { ...env, ...overrides };
}

async function waitForHealth(url, child, deadline) {
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`BFF exited with ${child.exitCode} before it was healthy`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return res.json();
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`BFF not healthy in time: ${last}`);
}

/**
 * Options: h5Dist (what to serve at `/`), timeoutMs (start-up budget), env (extra variables for the BFF).
 * Resolves once /healthz answers 200; `logs()` returns everything the BFF printed (pino JSON lines).
 */
export async function startRealBff({ h5Dist, timeoutMs = 60_000, env = {} } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pfs-e2e-data-'));
  const lines = [];
  const child = spawn(process.execPath, [tsxCli, 'src/server.ts'], {
    cwd: bffRoot,
    env: embeddedEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...(h5Dist ? { H5_DIST_DIR: h5Dist } : {}),
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffered = '';
  const onData = (chunk) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  };
  child.stdout.setEncoding('utf8').on('data', onData);
  child.stderr.setEncoding('utf8').on('data', onData);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    cleanup();
  };

  try {
    const deadline = Date.now() + timeoutMs;
    // PORT=0: the BFF picks a free port and logs it ("listening on http://localhost:<port>/").
    let port;
    while (!port) {
      if (child.exitCode !== null) throw new Error(`BFF exited with ${child.exitCode} during start-up`);
      if (Date.now() > deadline) throw new Error('BFF did not report its port in time');
      for (const line of lines) {
        const match = /"port":(\d+).*"msg":"listening on /.exec(line);
        if (match) port = Number(match[1]);
      }
      if (!port) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const url = `http://127.0.0.1:${port}`;
    const health = await waitForHealth(url, child, deadline);
    return {
      url,
      health,
      dataDir,
      logs: () => [...lines, ...(buffered ? [buffered] : [])],
      /** SIGTERM (the BFF drains and closes its stores), SIGKILL if it has not exited after `graceMs`. */
      async stop(graceMs = 15_000) {
        if (child.exitCode !== null || child.signalCode !== null) {
          cleanup();
          return exited;
        }
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const result = await exited;
        clearTimeout(timer);
        cleanup();
        return result;
      },
    };
  } catch (err) {
    await kill();
    err.message += `\n--- BFF output ---\n${lines.slice(-40).join('\n')}`;
    throw err;
  }
}
