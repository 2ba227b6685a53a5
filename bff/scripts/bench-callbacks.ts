// `pnpm bench:callbacks [--rate R] [--seconds S] [--connections C]`: WeCom callback intake under a steady load of
// distinct, correctly signed and encrypted add_external_contact events, on the configured database (embedded
// PGlite by default). Prints the intake latency (what WeCom waits for: verify, decrypt, record + enqueue) and then
// how long the queue worker takes to apply the backlog through the simulated WeCom API.
import http from 'node:http';
import autocannon from 'autocannon';
import { buildCallbackEnvelope, encryptWecomMessage, wecomSignature } from '@pfs/simulator';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { processEnv } from '../src/config/env';
import { createLogger } from '../src/lib/logger';
import { createRuntime } from '../src/runtime';
import { prepareBenchDatabase } from './bench-database';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  const rate = arg('rate', 300);
  const seconds = arg('seconds', 10);
  const connections = arg('connections', 20);
  // The simulated contacts follow the demo's advisors: the demo data is seeded on PostgreSQL too (idempotent).
  const env = processEnv();
  const config = loadConfig({ ...env, SEED_DEMO: env.SEED_DEMO ?? 'true', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000000' });
  if (config.platformKind !== 'simulator') throw new Error('bench:callbacks drives the in-process simulator: unset the platform variables');
  await prepareBenchDatabase(config);
  const runtime = await createRuntime(config, createLogger('warn'));
  const platform = runtime.platform;
  if (platform.kind !== 'simulator' || !platform.wecom) throw new Error('no simulator');
  const w = platform.wecom;

  // Contacts exist on the (simulated) platform, so that applying each event can read them with externalcontact/get.
  const total = rate * seconds + connections * 2;
  const run = Date.now().toString(36);
  const ids = Array.from({ length: total }, (_, i) => `wmBench${run}${i}`);
  platform.simulator.control.seed({ customers: ids.map((externalUserId, i) => ({ externalUserId, name: `压测客户${i}`, follows: [{ userid: 'wangfang' }] })) });
  const createTime = Math.floor(Date.now() / 1000);
  const requests = ids.map((id, i) => {
    const xml = `<xml><ToUserName><![CDATA[${w.corpId}]]></ToUserName>\n<FromUserName><![CDATA[sys]]></FromUserName>\n<CreateTime>${createTime}</CreateTime>\n<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[change_external_contact]]></Event>\n<ChangeType><![CDATA[add_external_contact]]></ChangeType>\n<UserID><![CDATA[wangfang]]></UserID>\n<ExternalUserID><![CDATA[${id}]]></ExternalUserID>\n<State><![CDATA[bench]]></State>\n</xml>`;
    const enc = encryptWecomMessage(w.callbackAesKey, xml, w.corpId);
    const nonce = String(100000 + i);
    const sig = wecomSignature(w.callbackToken, createTime, nonce, enc);
    return { path: `/wecom/callback?msg_signature=${sig}&timestamp=${createTime}&nonce=${nonce}`, body: buildCallbackEnvelope(w.corpId, w.agentId, enc) };
  });

  const server = http.createServer(buildApp(runtime).callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const before = await runtime.db.prisma.wecomEvent.count();
  process.stdout.write(`db ${runtime.db.kind}, redis ${runtime.redis.kind}; ${rate} events/s for ${seconds} s over ${connections} connections\n`);

  let next = 0;
  const started = Date.now();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    overallRate: rate,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const r = requests[next++ % requests.length]!;
          return { ...req, path: r.path, body: r.body, headers: { 'content-type': 'text/xml' } };
        },
      },
    ],
  });
  const l = result.latency as unknown as Record<string, number>;
  const accepted = (await runtime.db.prisma.wecomEvent.count()) - before;
  process.stdout.write('\nintake (HTTP 200 after the event and its job are committed)\n');
  process.stdout.write(`  requests ${result.requests.total}, non-2xx ${result.non2xx}, errors ${result.errors}, recorded ${accepted}\n`);
  process.stdout.write(`  latency p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms; ${result.requests.average.toFixed(0)} req/s\n`);

  // Then the backlog: wait until every recorded event has been applied.
  for (;;) {
    const pending = await runtime.db.prisma.wecomEvent.count({ where: { processedAt: null } });
    if (pending === 0) break;
    if (Date.now() - started > 15 * 60_000) throw new Error(`${pending} events still pending after 15 minutes`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const drainedS = (Date.now() - started) / 1000;
  const rows = await runtime.db.prisma.wecomEvent.findMany({ where: { dedupKey: { contains: `wmBench${run}` } }, select: { receivedAt: true, processedAt: true, outcome: true } });
  const lags = rows.map((r) => r.processedAt!.getTime() - r.receivedAt.getTime()).sort((a, b) => a - b);
  const applied = rows.filter((r) => r.outcome === 'applied').length;
  process.stdout.write('\nprocessing (queue worker: externalcontact/get + upserts, one process)\n');
  process.stdout.write(`  applied ${applied}/${rows.length}; all done ${drainedS.toFixed(1)} s after the load started (${(rows.length / drainedS).toFixed(0)} events/s)\n`);
  process.stdout.write(`  received → applied p50 ${pct(lags, 50)} ms, p99 ${pct(lags, 99)} ms\n`);
  server.close();
  await runtime.close();
}

void main()
  .then(() => process.exit(0))
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
