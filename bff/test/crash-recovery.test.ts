import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildCallbackEnvelope, createSimulator, encryptWecomMessage, wecomSignature, type ListeningSimulator, type Simulator } from '@pfs/simulator';
import { loadConfig } from '../src/config/config';
import { openDatabase, type Database } from '../src/db/database';
import { applyMigrations } from '../src/db/migrations';
import { seedDemo } from '../src/modules/demo-data/seed';
import { systemClock } from '../src/lib/clock';
import { WECOM_EVENT_QUEUE_DEFINITION } from '../src/modules/wecom-callbacks/wecom-event-worker';
import { bossSchemaFor } from '../src/queue/job-queue';
import { BffProcess, buildBff } from './helpers/bff-process';
import { testDatabaseUrl, testRedisUrl, uniqueName } from './helpers/test-env';

/**
 * Crash recovery of WeCom callbacks, with the BFF as a child process (the production build) on PostgreSQL: signed
 * and encrypted add_external_contact events arrive at a steady rate, one BFF process is killed with SIGKILL while
 * it is in the middle of a job, and every event that got a 200 must end up applied exactly once. Events whose
 * delivery failed while the process was down are delivered again, as WeCom retries them.
 *
 * To kill a process mid-job on purpose, the BFF reaches the simulated WeCom through a proxy that holds the
 * externalcontact/get call of one chosen event; the kill comes once that call is held. That job stays active in
 * pg-boss until its expiry (WECOM_EVENT_QUEUE_DEFINITION.expireInSeconds, 30 s) and the next maintenance run of a
 * live process (at most 10 s later), so the last event is applied some 35–50 s after the kill: that figure is
 * printed, with the counts (acknowledged, applied exactly once, duplicates, lost) and the pg-boss job states.
 */

const RATE_PER_SECOND = 10;
const STAFF = 'wangfang';

if (!testDatabaseUrl) process.stderr.write('crash-recovery.test: skipped — it needs PostgreSQL: set DATABASE_URL (the real-services pass does)\n');
const maybe = testDatabaseUrl ? describe : describe.skip;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = http.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Forwards one BFF process's WeCom API calls to the simulator; can hold the call that names a chosen contact. */
class WecomProxy {
  private server?: http.Server;
  private holdFor?: string;
  private onHeld?: () => void;
  port = 0;

  constructor(private readonly upstream: ListeningSimulator) {}

  async listen(): Promise<void> {
    this.server = http.createServer((req, res) => {
      if (this.holdFor && req.url?.includes(this.holdFor)) {
        // Held until the BFF process that made the call dies (its socket closes).
        this.holdFor = undefined;
        this.onHeld?.();
        return;
      }
      const up = http.request({ host: '127.0.0.1', port: this.upstream.port, path: req.url, method: req.method, headers: req.headers }, (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Resolves once a call about `externalUserId` arrived (and is being held). */
  hold(externalUserId: string): Promise<void> {
    this.holdFor = externalUserId;
    return new Promise((resolve) => (this.onHeld = resolve));
  }

  /** Stops waiting for a call to hold (another process's proxy got it). */
  release(): void {
    this.holdFor = undefined;
  }

  apiBase(): string {
    return `http://127.0.0.1:${this.port}${new URL(this.upstream.urls.wecom).pathname.replace(/\/+$/, '')}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

interface Delivery {
  externalUserId: string;
  path: string;
  body: string;
  deliveries: number;
  /** Whether a delivery of it got a 200 (the event is then the BFF's responsibility). */
  acknowledged: boolean;
  firstAcknowledged: boolean;
}

/** One isolated world: its own schema, simulator, and events signed with the simulator's callback keys. */
class Scenario {
  readonly schema = uniqueName('crash');
  readonly prefix = `${uniqueName('crash')}:`;
  readonly run = Math.random().toString(36).slice(2, 8);
  readonly deliveries: Delivery[] = [];
  /** Seconds since the scenario started at each step, printed with the figures. */
  readonly timeline: string[] = [];
  private readonly startedAt = Date.now();
  db!: Database;
  simulator!: Simulator;
  upstream!: ListeningSimulator;
  private seq = 0;

  step(name: string): void {
    this.timeline.push(`${name} ${((Date.now() - this.startedAt) / 1000).toFixed(1)}`);
  }

  async setUp(): Promise<void> {
    this.db = await openDatabase({ url: testDatabaseUrl, schema: this.schema });
    await applyMigrations(this.db.migrationAdapterFactory());
    const config = loadConfig({});
    await seedDemo(this.db, { keyId: config.PII_KEY_ID, key: config.piiKey, indexKey: config.piiIndexKey }, { customers: 20, clock: systemClock }); // the BFF child process runs on system time too
    this.simulator = createSimulator({ seed: { departments: [{ id: 1, name: '总行' }], users: [{ userid: STAFF, name: '王芳', department: [1] }] } });
    this.upstream = await this.simulator.listen(0);
    this.step('set up');
  }

  env(port: number, proxy: WecomProxy): Record<string, string> {
    const w = this.simulator.credentials.wecom;
    return {
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      H5_DIST_DIR: '/nonexistent',
      SEED_DEMO: 'false',
      RATE_LIMIT_PER_MINUTE: '1000000',
      DATABASE_URL: testDatabaseUrl!,
      DATABASE_SCHEMA: this.schema,
      ...(testRedisUrl ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: this.prefix } : {}),
      // One process each: the scenarios run separate processes the way separate machines would.
      WEB_CONCURRENCY: '1',
      WECOM_CORP_ID: w.corpId,
      WECOM_AGENT_ID: String(w.agentId),
      WECOM_SECRET: w.corpSecret,
      WECOM_CALLBACK_TOKEN: w.callbackToken,
      WECOM_CALLBACK_AES_KEY: w.encodingAESKey,
      WECOM_API_BASE: proxy.apiBase(),
    };
  }

  /** A new contact on the simulated platform and its signed, encrypted add_external_contact callback. */
  nextEvent(): Delivery {
    const i = this.seq++;
    const externalUserId = `wmCrash${this.run}${i}`;
    this.simulator.control.seed({ customers: [{ externalUserId, name: `崩溃测试客户${i}`, follows: [{ userid: STAFF }] }] });
    const w = this.simulator.credentials.wecom;
    const createTime = Math.floor(Date.now() / 1000);
    const xml = `<xml><ToUserName><![CDATA[${w.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[${STAFF}]]></UserID><ExternalUserID><![CDATA[${externalUserId}]]></ExternalUserID><State><![CDATA[crash]]></State></xml>`;
    const enc = encryptWecomMessage(w.encodingAESKey, xml, w.corpId);
    const nonce = String(100000 + i);
    const sig = wecomSignature(w.callbackToken, createTime, nonce, enc);
    const delivery: Delivery = {
      externalUserId,
      path: `/wecom/callback?msg_signature=${sig}&timestamp=${createTime}&nonce=${nonce}`,
      body: buildCallbackEnvelope(w.corpId, String(w.agentId), enc),
      deliveries: 0,
      acknowledged: false,
      firstAcknowledged: false,
    };
    this.deliveries.push(delivery);
    return delivery;
  }

  /** POSTs one delivery; true on a 200. A refused or reset connection is a failed delivery, as WeCom sees it. */
  deliver(port: number, d: Delivery): Promise<boolean> {
    const first = ++d.deliveries === 1;
    return new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path: d.path, method: 'POST', agent: false, timeout: 10_000, headers: { 'content-type': 'text/xml' } }, (res) => {
        res.resume();
        res.on('end', () => {
          const ok = res.statusCode === 200;
          if (ok && first) d.firstAcknowledged = true;
          if (ok) d.acknowledged = true;
          resolve(ok);
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(false));
      req.end(d.body);
    });
  }

  /** Sends a new event every 1/RATE s to `target()` until `stop` resolves. */
  async steady(target: () => number, stop: Promise<unknown>): Promise<void> {
    let done = false;
    void stop.then(() => (done = true));
    const inFlight: Promise<boolean>[] = [];
    while (!done) {
      inFlight.push(this.deliver(target(), this.nextEvent()));
      await sleep(1000 / RATE_PER_SECOND);
    }
    await Promise.all(inFlight);
  }

  /** WeCom's retry: every delivery that got no 200 is sent again until it does; plus a few duplicate deliveries. */
  async redeliver(port: number): Promise<number> {
    const pending = this.deliveries.filter((d) => !d.acknowledged);
    const queue = [...pending, ...this.deliveries.slice(0, 5)];
    const sender = async (): Promise<void> => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        for (let attempt = 0; !(await this.deliver(port, d)); attempt++) {
          if (attempt > 20) throw new Error(`delivery of ${d.externalUserId} keeps failing`);
          await sleep(250);
        }
      }
    };
    // WeCom retries side by side; a few connections at a time.
    await Promise.all(Array.from({ length: 6 }, sender));
    return pending.length;
  }

  /** Waits until every delivered event is applied; returns when the last one was (its processedAt). */
  async lastApplied(timeoutMs: number): Promise<Date> {
    const deadline = Date.now() + timeoutMs;
    const ids = this.deliveries.map((d) => d.externalUserId);
    for (;;) {
      const rows = await this.db.prisma.wecomEvent.findMany({ where: { dedupKey: { contains: `wmCrash${this.run}` } }, select: { processedAt: true } });
      if (rows.length >= ids.length && rows.every((r) => r.processedAt)) return new Date(Math.max(...rows.map((r) => r.processedAt!.getTime())));
      if (Date.now() > deadline) throw new Error(`${rows.filter((r) => !r.processedAt).length} of ${ids.length} events still not applied`);
      await sleep(250);
    }
  }

  /**
   * Waits until no job of the queue is still to run (created, retry, active). A job of the killed process's batch
   * whose event the batch had already applied expires and runs once more (skipping it) after the event is applied.
   */
  async jobsSettled(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const boss = bossSchemaFor(this.db);
    for (;;) {
      const r = await this.db.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${boss}".job WHERE name = $1 AND state::text IN ('created', 'retry', 'active')`, [WECOM_EVENT_QUEUE_DEFINITION.name]);
      if (Number(r.rows[0]?.n ?? 0) === 0) return;
      if (Date.now() > deadline) throw new Error(`${r.rows[0]?.n} jobs still to run`);
      await sleep(250);
    }
  }

  /** Per event: rows written by applying it, and its jobs in pg-boss. Anything other than one of each is a defect. */
  async effects(held: Delivery): Promise<{ applied: number; duplicates: number; lost: number; heldAttempts: number; rerun: number; jobs: Record<string, number> }> {
    const ids = this.deliveries.map((d) => d.externalUserId);
    const events = await this.db.prisma.wecomEvent.findMany({ where: { dedupKey: { contains: `wmCrash${this.run}` } }, select: { id: true, dedupKey: true, outcome: true, processedAt: true, attempts: true } });
    const customers = await this.db.prisma.customer.findMany({ where: { externalUserId: { in: ids } }, select: { externalUserId: true } });
    const relationships = await this.db.prisma.advisorCustomer.findMany({ where: { customer: { externalUserId: { in: ids } } }, select: { customer: { select: { externalUserId: true } } } });
    const relationshipEvents = await this.db.prisma.relationshipEvent.findMany({
      where: { relationship: { customer: { externalUserId: { in: ids } } } },
      select: { sourceEventId: true, relationship: { select: { customer: { select: { externalUserId: true } } } } },
    });
    const boss = bossSchemaFor(this.db);
    const jobs = await this.db.sql.query<{ event_id: string; state: string }>(
      `SELECT data->>'eventId' AS event_id, state::text AS state FROM "${boss}".job WHERE name = $1
       UNION ALL SELECT data->>'eventId', state::text FROM "${boss}".archive WHERE name = $1`,
      [WECOM_EVENT_QUEUE_DEFINITION.name],
    );
    const countBy = <T>(rows: T[], key: (r: T) => string | null | undefined) => {
      const m = new Map<string, number>();
      for (const r of rows) {
        const k = key(r) ?? '';
        m.set(k, (m.get(k) ?? 0) + 1);
      }
      return m;
    };
    const eventsBy = countBy(events, (e) => e.dedupKey.split('|')[3]);
    const customersBy = countBy(customers, (c) => c.externalUserId);
    const relationshipsBy = countBy(relationships, (r) => r.customer.externalUserId);
    const relEventsBy = countBy(relationshipEvents, (r) => r.relationship.customer.externalUserId);
    const eventIdOf = new Map(events.map((e) => [e.dedupKey.split('|')[3], e.id]));
    const jobsBy = countBy(jobs.rows, (j) => j.event_id);
    let applied = 0;
    let duplicates = 0;
    let lost = 0;
    for (const id of ids) {
      const eventId = eventIdOf.get(id) ?? '';
      const counts = [eventsBy.get(id) ?? 0, customersBy.get(id) ?? 0, relationshipsBy.get(id) ?? 0, relEventsBy.get(id) ?? 0, jobsBy.get(eventId) ?? 0];
      const row = events.find((e) => e.id === eventId);
      const sourced = relationshipEvents.filter((r) => r.sourceEventId === eventId).length;
      if (counts.every((c) => c === 1) && row?.outcome === 'applied' && row.processedAt && sourced === 1) applied++;
      if (counts.some((c) => c === 0) || !row?.processedAt) lost++;
      duplicates += counts.reduce((sum, c) => sum + Math.max(0, c - 1), 0);
    }
    const states: Record<string, number> = {};
    for (const j of jobs.rows) states[j.state] = (states[j.state] ?? 0) + 1;
    // Jobs of the killed process's batch run again after the expiry: the held one is applied then, the others were
    // applied already and are skipped (attempts counts every run).
    const heldAttempts = events.find((e) => e.dedupKey.split('|')[3] === held.externalUserId)?.attempts ?? 0;
    return { applied, duplicates, lost, heldAttempts, rerun: events.filter((e) => e.attempts > 1).length, jobs: states };
  }

  async tearDown(): Promise<void> {
    await this.simulator?.close();
    if (this.db) {
      await this.db.sql.exec(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE; DROP SCHEMA IF EXISTS "${bossSchemaFor(this.db)}" CASCADE`);
      await this.db.close();
    }
  }
}

function report(name: string, s: Scenario, e: Awaited<ReturnType<Scenario['effects']>>, redelivered: number, seconds: { fromKill: number; fromRestart?: number }): void {
  const acknowledgedFirst = s.deliveries.filter((d) => d.firstAcknowledged).length;
  console.log(
    `crash-recovery (${name}): events ${s.deliveries.length}, acknowledged on first delivery ${acknowledgedFirst}, redelivered after failing ${redelivered}, ` +
      `applied exactly once ${e.applied}, duplicates ${e.duplicates}, lost ${e.lost}; jobs ${JSON.stringify(e.jobs)}, run again after the expiry ${e.rerun}; ` +
      `last event applied ${seconds.fromKill.toFixed(1)} s after the kill` +
      `${seconds.fromRestart === undefined ? '' : `, ${seconds.fromRestart.toFixed(1)} s after the restart`} (expireInSeconds ${WECOM_EVENT_QUEUE_DEFINITION.expireInSeconds}); ` +
      `timeline (s): ${s.timeline.join(', ')}`,
  );
}

// The two scenarios run side by side (own schema, simulator and processes each): most of their time is the wait
// for the killed job's expiry.
maybe('crash recovery of WeCom callbacks on PostgreSQL (SIGKILL mid-job)', () => {
  test.concurrent(
    'one BFF process killed and restarted: every acknowledged event is applied exactly once',
    async () => {
      buildBff();
      const s = new Scenario();
      let proxy: WecomProxy | undefined;
      let bff: BffProcess | undefined;
      try {
        await s.setUp();
        proxy = new WecomProxy(s.upstream);
        await proxy.listen();
        const port = await freePort();
        bff = new BffProcess(s.env(port, proxy));
        await bff.port();
        s.step('listening');

        // Steady traffic throughout: before the kill, while the process is down, and after the restart.
        let stopTraffic!: () => void;
        const traffic = s.steady(() => port, new Promise<void>((r) => (stopTraffic = r)));
        await sleep(1500);
        const poison = s.nextEvent();
        const held = proxy.hold(poison.externalUserId);
        await s.deliver(port, poison);
        await held;
        await sleep(300);
        bff.child.kill('SIGKILL');
        s.step('killed');
        await bff.exited;
        const killedAt = Date.now();
        const restarted = new BffProcess(s.env(port, proxy));
        bff = restarted;
        await restarted.port();
        s.step('restarted');
        const restartedAt = Date.now();
        await sleep(1000);
        stopTraffic();
        await traffic;
        const redelivered = await s.redeliver(port);
        s.step('redelivered');

        const last = await s.lastApplied(75_000);
        s.step('all applied');
        await s.jobsSettled(60_000);
        const e = await s.effects(poison);
        report('one process, restarted', s, e, redelivered, { fromKill: (last.getTime() - killedAt) / 1000, fromRestart: (last.getTime() - restartedAt) / 1000 });
        expect(s.deliveries.every((d) => d.acknowledged)).toBe(true);
        expect(e).toMatchObject({ applied: s.deliveries.length, duplicates: 0, lost: 0 });
        expect(e.jobs).toEqual({ completed: s.deliveries.length });
        // The held event's job was running in the killed process: it ran again (and only then applied) after its expiry.
        expect(e.heldAttempts).toBe(2);
      } finally {
        await bff?.kill();
        await proxy?.close();
        await s.tearDown();
      }
    },
    150_000,
  );

  test.concurrent(
    'two BFF processes on one database, one killed: the other applies every acknowledged event exactly once',
    async () => {
      buildBff();
      const s = new Scenario();
      let processes: { bff: BffProcess; proxy: WecomProxy; port: number }[] = [];
      try {
        await s.setUp();
        for (let i = 0; i < 2; i++) {
          const proxy = new WecomProxy(s.upstream);
          await proxy.listen();
          const port = await freePort();
          processes.push({ bff: new BffProcess(s.env(port, proxy)), proxy, port });
        }
        await Promise.all(processes.map((p) => p.bff.port()));
        s.step('both listening');

        // A load balancer's round robin; once one process is dead, only the survivor gets traffic.
        let next = 0;
        const live = () => processes.filter((p) => p.bff.child.exitCode === null && p.bff.child.signalCode === null);
        let stopTraffic!: () => void;
        const traffic = s.steady(() => live()[next++ % live().length]!.port, new Promise<void>((r) => (stopTraffic = r)));
        await sleep(1500);
        const poison = s.nextEvent();
        const heldBy = await Promise.race([
          ...processes.map((p) => p.proxy.hold(poison.externalUserId).then(() => p)),
          s.deliver(processes[0]!.port, poison).then(() => new Promise<never>(() => {})),
        ]);
        for (const p of processes) p.proxy.release();
        await sleep(300);
        heldBy.bff.child.kill('SIGKILL');
        s.step('killed');
        await heldBy.bff.exited;
        const killedAt = Date.now();
        const survivor = processes.find((p) => p !== heldBy)!;
        await sleep(1500);
        stopTraffic();
        await traffic;
        const redelivered = await s.redeliver(survivor.port);
        s.step('redelivered');

        const last = await s.lastApplied(75_000);
        s.step('all applied');
        await s.jobsSettled(60_000);
        const e = await s.effects(poison);
        report('two processes, one killed', s, e, redelivered, { fromKill: (last.getTime() - killedAt) / 1000 });
        expect(s.deliveries.every((d) => d.acknowledged)).toBe(true);
        expect(e).toMatchObject({ applied: s.deliveries.length, duplicates: 0, lost: 0 });
        expect(e.jobs).toEqual({ completed: s.deliveries.length });
        expect(e.heldAttempts).toBe(2);
      } finally {
        for (const p of processes) {
          await p.bff.kill();
          await p.proxy.close();
        }
        processes = [];
        await s.tearDown();
      }
    },
    150_000,
  );
});
