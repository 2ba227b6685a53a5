// `pnpm bench:profile [--customers N] [--connections C] [--seconds S] [--advisor wecomUserId]`: the sidebar profile
// API (`GET /api/customers/by-external/:externalUserId`) under load on the 160k-customer seed, rotating through
// verified and unverified customers of one advisor. Target (issue #5): p95 ≤ 50 ms at 50 concurrent requests.
// It measures one server process, then two (WEB_CONCURRENCY=2: node:cluster workers sharing the port, as
// src/cluster.ts runs them), which needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL); the last line is the
// customer list with two processes, or with one where two are not possible.
//
// It never touches the repository's own database: embedded PGlite goes to DATA_DIR (default /tmp/bench160k); with
// DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/bench160k) the database is created when missing. The seed
// is idempotent (a second run reuses it). p95 is computed from every response time recorded (autocannon itself
// reports p97.5, not p95).
import { fork, type ChildProcess } from 'node:child_process';
import cluster, { type Worker } from 'node:cluster';
import http from 'node:http';
import autocannon from 'autocannon';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { processEnv } from '../src/config/env';
import { applyMigrations } from '../src/db/migrations';
import { openConfiguredDatabase } from '../src/db/open-configured';
import { createLogger } from '../src/lib/logger';
import { openSession } from '../src/modules/auth/login.service';
import { seedDemo } from '../src/modules/demo-data/seed';
import { systemClock } from '../src/lib/clock';
import { createRuntime } from '../src/runtime';
import { ensurePostgresDatabase } from '../src/db/database-readiness';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

interface Run {
  name: string;
  paths: string[];
  token: string;
}

async function measure(port: number, run: Run, connections: number, seconds: number): Promise<string> {
  const latencies: number[] = [];
  let next = 0;
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: seconds,
        headers: { authorization: `Bearer ${run.token}` },
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: run.paths[next++ % run.paths.length] }) }],
      },
      (err, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)),
    );
  });
  instance?.on('response', (_client, _status, _bytes, responseTime) => {
    latencies.push(responseTime);
  });
  const result = await done;
  latencies.sort((a, b) => a - b);
  const f = (v: number): string => v.toFixed(1).padStart(7);
  return `${run.name.padEnd(46)} ${f(percentile(latencies, 50))} ${f(percentile(latencies, 95))} ${f(percentile(latencies, 99))}  ${result.requests.average.toFixed(0).padStart(6)}  ${String(result.non2xx).padStart(6)}  ${String(result.errors + result.timeouts).padStart(5)}`;
}

/** What the server process reports once it listens. */
interface Ready {
  port: number;
  token: string;
  mixed: string[];
  verified: number;
  unverified: number;
  ownCount: number;
  db: string;
  redis: string;
}

/**
 * The BFF under test, in its own process as in production (the load generator must not share its event loop).
 * Reports {port, token, paths} over IPC; on 'stop' it stops accepting, lets in-flight requests finish, then closes.
 */
async function serve(): Promise<void> {
  const advisorId = arg('advisor', 'wangfang');
  const config = benchConfig();
  const runtime = await createRuntime(config, createLogger('warn'));
  // Requests still being handled when the load stops (their sockets already closed) must finish before the runtime
  // closes Redis and the pool under them.
  const handle = buildApp(runtime).callback();
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = http.createServer((req, res) => {
    inFlight++;
    void handle(req, res).finally(() => {
      if (--inFlight === 0) drained?.();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;

  const prisma = runtime.db.prisma;
  const pick = (verified: boolean) =>
    prisma.advisorCustomer.findMany({
      where: { status: 'ACTIVE', staff: { wecomUserId: advisorId }, customer: { externalUserId: { not: null }, verifiedAt: verified ? { not: null } : null } },
      select: { customer: { select: { externalUserId: true } } },
      orderBy: { addedAt: 'desc' },
      take: 10,
    });
  const [verified, unverified] = await Promise.all([pick(true), pick(false)]);
  const profilePath = (r: { customer: { externalUserId: string | null } }): string => `/api/customers/by-external/${encodeURIComponent(r.customer.externalUserId ?? '')}`;
  const mixed = verified.flatMap((v, i) => [profilePath(v), ...(unverified[i] ? [profilePath(unverified[i])] : [])]);
  const ownCount = await prisma.advisorCustomer.count({ where: { status: 'ACTIVE', staff: { wecomUserId: advisorId } } });
  const token = (await openSession(prisma, runtime.sessions, advisorId)).token;
  const ready: Ready = { port, token, mixed, verified: verified.length, unverified: unverified.length, ownCount, db: runtime.db.kind, redis: runtime.redis.kind };
  process.send?.(ready);
  process.on('message', (msg) => {
    if (msg !== 'stop') return;
    server.close();
    server.closeIdleConnections();
    const idle = inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => (drained = r));
    void idle.then(() => runtime.close()).then(() => process.exit(0), fail);
  });
}

function benchConfig() {
  return loadConfig({
    DATA_DIR: '/tmp/bench160k',
    REDIS_KEY_PREFIX: 'bench-profile:',
    ...processEnv(),
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
}

/**
 * `--serve --processes N` (N > 1): a node:cluster primary whose N workers each run serve() on the shared port
 * (listen(0) in a cluster worker gets the primary's one port). Reports once every worker is ready; on 'stop', stops
 * them all.
 */
function servePrimary(processes: number): void {
  const workers: Worker[] = Array.from({ length: processes }, () => cluster.fork());
  const readies: Ready[] = [];
  let stopping = false;
  for (const worker of workers) {
    worker.on('message', (ready: Ready) => {
      readies.push(ready);
      if (readies.length === processes) process.send?.(readies[0]);
    });
    worker.once('exit', (code) => {
      if (!stopping) fail(new Error(`bench worker exited early (code ${code})`));
    });
  }
  process.on('message', (msg) => {
    if (msg !== 'stop') return;
    stopping = true;
    const exited = workers.map((w) => new Promise<void>((r) => (w.isDead() ? r() : w.once('exit', () => r()))));
    for (const w of workers) w.send('stop');
    void Promise.all(exited).then(() => process.exit(0));
  });
}

function startServer(processes: number): Promise<{ child: ChildProcess; ready: Ready }> {
  const passOn = process.argv.slice(2).filter((a) => a !== '--cpu-prof');
  const execArgv = ['--import', 'tsx', ...(process.argv.includes('--cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir=/tmp/bench-profile-cpu'] : [])];
  const child = fork(__filename, [...passOn, '--serve', '--processes', String(processes)], { execArgv, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ready: ready as Ready }));
    child.once('exit', (code) => reject(new Error(`bench server exited early (code ${code})`)));
  });
}

async function main(): Promise<void> {
  const customers = Number(arg('customers', '160000'));
  const connections = Number(arg('connections', '50'));
  const seconds = Number(arg('seconds', '10'));
  const advisorId = arg('advisor', 'wangfang');
  const env = processEnv();
  if (env.DATABASE_URL) await ensurePostgresDatabase(env.DATABASE_URL);
  const config = benchConfig();
  // Schema and data first (the runtime applies migrations only to the embedded database).
  const setup = await openConfiguredDatabase(config);
  const started = performance.now();
  let seeded;
  try {
    await applyMigrations(setup.migrationAdapterFactory());
    seeded = await seedDemo(setup, { keyId: config.PII_KEY_ID, key: config.piiKey, indexKey: config.piiIndexKey }, { customers, force: false, clock: systemClock });
  } finally {
    await setup.close();
  }
  // Several processes share sessions and rate limits through Redis: PGlite and the in-process store are one process's.
  const rounds = env.DATABASE_URL && env.REDIS_URL ? [1, 2] : [1];
  if (rounds.length === 1) process.stdout.write('WEB_CONCURRENCY=2: not measured (needs DATABASE_URL and REDIS_URL)\n');
  for (const processes of rounds) {
    const { child, ready } = await startServer(processes);
    if (processes === 1) {
      process.stdout.write(
        `data: ${customers} customers (${seeded.status} in ${((performance.now() - started) / 1000).toFixed(1)} s), db ${ready.db}${ready.db === 'embedded' ? ` (${config.DATA_DIR})` : ''}, redis ${ready.redis}; server in its own process\n`,
      );
    }
    const { port, token, mixed } = ready;

    // Warm-up: connections, caches, JIT, the database's plan cache (every worker gets some of it).
    const bytes: number[] = [];
    for (let i = 0; i < 5 * processes; i++) {
      for (const p of mixed) bytes.push((await (await fetch(`http://127.0.0.1:${port}${p}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer()).byteLength);
    }
    const runs: Run[] = [
      { name: `sidebar profile (${ready.verified} verified + ${ready.unverified} unverified)`, paths: mixed, token },
      { name: 'customer list (advisor, page 1 of 20)', paths: ['/api/customers?pageSize=20'], token },
    ];
    if (processes === 1) {
      process.stdout.write(`profile response: ${Math.min(...bytes)}–${Math.max(...bytes)} bytes\n`);
      process.stdout.write(`advisor ${advisorId}: ${ready.ownCount} customers; load: ${connections} connections, ${seconds} s per path\n`);
    }
    process.stdout.write(`\n${processes === 1 ? 'one process' : `WEB_CONCURRENCY=${processes} (${processes} worker processes, one port)`}\n`);
    process.stdout.write(`${'path'.padEnd(46)}  p50 ms  p95 ms  p99 ms   req/s  non2xx  errors\n`);
    for (const run of runs) process.stdout.write(`${await measure(port, run, connections, seconds)}\n`);
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send('stop');
    });
  }
}

const fail = (err: unknown): void => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
};
const processes = Number(arg('processes', '1'));
if (process.argv.includes('--serve') && cluster.isPrimary && processes > 1) servePrimary(processes);
else if (process.argv.includes('--serve')) void serve().catch(fail);
else void main().then(() => process.exit(0), fail);
