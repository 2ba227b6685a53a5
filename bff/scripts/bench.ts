// `pnpm bench [--customers N] [--connections C] [--seconds S]`: hot API paths of the BFF under load, on the
// configured database (embedded PGlite by default; DATABASE_URL/REDIS_URL for the real services). Seeds the demo
// at the requested scale first (idempotent; 160k takes about half a minute on PGlite), then prints p50/p95/p99
// latency and throughput for each path. Targets are stated in the issue that owns each path.
import http from 'node:http';
import autocannon from 'autocannon';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { processEnv } from '../src/config/env';
import { createLogger } from '../src/lib/logger';
import { openSession } from '../src/modules/auth/login.service';
import { seedDemo } from '../src/modules/demo-data/seed';
import { createRuntime } from '../src/runtime';
import { prepareBenchDatabase } from './bench-database';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const customers = arg('customers', 160_000);
  const connections = arg('connections', 50);
  const seconds = arg('seconds', 10);
  const config = loadConfig({ ...processEnv(), LOG_LEVEL: 'warn', SEED_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '100000000' });
  await prepareBenchDatabase(config);
  const runtime = await createRuntime(config, createLogger('warn'));
  const seeded = await seedDemo(runtime.db, runtime.piiKeys, { customers, force: false, clock: runtime.clock });
  process.stdout.write(`data: ${customers} customers (${seeded.status}), db ${runtime.db.kind}, redis ${runtime.redis.kind}\n`);
  const server = http.createServer(buildApp(runtime).callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;

  const advisor = (await openSession(runtime.db.prisma, runtime.sessions, 'wangfang')).token;
  const manager = (await openSession(runtime.db.prisma, runtime.sessions, 'chenjing')).token;
  const paths: { name: string; path: string; token?: string }[] = [
    { name: 'health', path: '/healthz' },
    { name: 'customer list (advisor, own)', path: '/api/customers?pageSize=20', token: advisor },
    { name: 'customer list (sub-branch manager, subtree)', path: '/api/customers?pageSize=20', token: manager },
  ];
  process.stdout.write(`load: ${connections} connections, ${seconds} s per path\n\n`);
  process.stdout.write('path                                          p50 ms  p97.5 ms  p99 ms    req/s   non-2xx\n');
  for (const p of paths) {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}${p.path}`,
      connections,
      duration: seconds,
      headers: p.token ? { authorization: `Bearer ${p.token}` } : {},
    });
    const l = result.latency as unknown as Record<string, number>;
    process.stdout.write(
      `${p.name.padEnd(44)} ${String(l.p50).padStart(6)}   ${String(l.p97_5).padStart(8)}   ${String(l.p99).padStart(6)}   ${result.requests.average.toFixed(0).padStart(6)}   ${result.non2xx}\n`,
    );
  }
  server.close();
  await runtime.close();
}

void main()
  .then(() => process.exit(0))
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
