import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { createClock, Timers, type Clock } from './core/clock';
import { mount } from './core/http';
import { applySeed } from './core/seed';
import type { Sim } from './core/sim';
import { World } from './core/world';
import { createCredentials, type SimulatorCredentials } from './credentials';
import type { Control } from './control';
import { controlHost } from './control/router';
import { createIdvControl } from './idv/control';
import { idvHost } from './idv/router';
import { openWeixinHost } from './oa/authorize';
import { createOaControl } from './oa/control';
import { oaHost } from './oa/router';
import { resolveOptions, type SimulatorOptions } from './options';
import { createPayControl } from './pay/control';
import { payHost } from './pay/router';
import { createSmsControl } from './sms/control';
import { smsHost } from './sms/router';
import { createTencentCloudControl } from './tencentcloud/control';
import { tencentCloudHost } from './tencentcloud/router';
import { createWecomControl } from './wecom/control';
import { wecomHost } from './wecom/router';

/** Path prefix of each simulated host on the one HTTP server. */
export const PREFIXES = {
  wecom: '/qyapi',
  oa: '/api-weixin',
  openWeixin: '/open-weixin',
  pay: '/mch',
  sms: '/sms',
  idv: '/idv',
  control: '/control',
} as const;

export type BaseUrls = { -readonly [K in keyof typeof PREFIXES]: string };

/** Base URLs to configure in place of the real hosts, e.g. wecom → replaces https://qyapi.weixin.qq.com. */
export function baseUrls(baseUrl: string): BaseUrls {
  const out = {} as BaseUrls;
  for (const [k, p] of Object.entries(PREFIXES) as [keyof typeof PREFIXES, string][]) out[k] = `${baseUrl}${p}`;
  return out;
}

export interface ListeningSimulator {
  port: number;
  baseUrl: string;
  urls: BaseUrls;
  close(): Promise<void>;
}

export interface Simulator {
  /** The Koa app serving every host (mount it or call listen()). */
  app: Koa;
  credentials: SimulatorCredentials;
  control: Control;
  /** The in-memory world (a new object after each reset). */
  readonly state: World;
  clock: Clock;
  listen(port?: number, host?: string): Promise<ListeningSimulator>;
  /** Cancels pending retries and closes every server opened by listen(). */
  close(): Promise<void>;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const resolved = resolveOptions(options);
  const clock = createClock(options.now);
  const sim: Sim = {
    world: new World(),
    clock,
    timers: new Timers(),
    credentials: createCredentials(options.credentials),
    options: resolved,
    runtime: { wecomCallbackUrl: resolved.wecom.callbackUrl, publicBaseUrl: resolved.publicBaseUrl },
  };
  const freshWorld = (): World => {
    const world = new World();
    applySeed(world, resolved.seed ?? {}, clock.nowSeconds());
    return world;
  };
  sim.world = freshWorld();

  const oaControl = createOaControl(sim);
  const control: Control = {
    reset: () => {
      sim.timers.cancelAll();
      clock.resetOffset();
      sim.world = freshWorld();
    },
    seed: (input) => applySeed(sim.world, input, clock.nowSeconds()),
    clock: { now: () => clock.now(), advance: (ms) => clock.advance(ms) },
    wecom: createWecomControl(sim),
    oa: oaControl,
    wechat: oaControl,
    pay: createPayControl(sim),
    sms: createSmsControl(sim),
    idv: createIdvControl(sim),
    tencentcloud: createTencentCloudControl(sim),
  };

  const app = new Koa();
  // Tencent Cloud API 3.0 is told apart by its Host header (the real host names), not by a path prefix.
  app.use(tencentCloudHost(sim));
  app.use(mount(PREFIXES.wecom, wecomHost(sim)));
  app.use(mount(PREFIXES.oa, oaHost(sim)));
  app.use(mount(PREFIXES.openWeixin, openWeixinHost(sim)));
  app.use(mount(PREFIXES.pay, payHost(sim)));
  app.use(mount(PREFIXES.sms, smsHost(sim)));
  app.use(mount(PREFIXES.idv, idvHost(sim)));
  app.use(mount(PREFIXES.control, controlHost(sim, control)));

  const servers = new Set<http.Server>();
  const closeServer = (server: http.Server): Promise<void> =>
    new Promise((resolve) => {
      servers.delete(server);
      server.close(() => resolve());
      // Stalled keep-alive or long-poll connections must not hold close() (or jest) open.
      server.closeAllConnections();
    });

  return {
    app,
    credentials: sim.credentials,
    control,
    get state() {
      return sim.world;
    },
    clock,
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise<ListeningSimulator>((resolve, reject) => {
        const server = http.createServer(app.callback());
        server.once('error', reject);
        server.listen(port, host, () => {
          servers.add(server);
          const actual = (server.address() as AddressInfo).port;
          const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
          sim.runtime.publicBaseUrl ??= baseUrl;
          resolve({ port: actual, baseUrl, urls: baseUrls(baseUrl), close: () => closeServer(server) });
        });
      }),
    close: async () => {
      sim.timers.cancelAll();
      await Promise.all([...servers].map(closeServer));
    },
  };
}
