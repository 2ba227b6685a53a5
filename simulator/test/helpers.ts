import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { createSimulator, type ListeningSimulator, type Simulator, type SimulatorOptions } from '../src';
import { buildPayAuthorization, signProviderRequest } from '../src';

export interface Harness {
  sim: Simulator;
  server: ListeningSimulator;
  base: string;
  close(): Promise<void>;
}

export async function startSim(options: SimulatorOptions = {}): Promise<Harness> {
  const sim = createSimulator({ timeScale: 0.001, ...options });
  const server = await sim.listen(0);
  return { sim, server, base: server.baseUrl, close: () => sim.close() };
}

export async function getJson(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url);
  return (await res.json()) as Record<string, unknown>;
}

export async function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
}

/** A WeCom access token via gettoken. */
export async function wecomToken(h: Harness): Promise<string> {
  const c = h.sim.credentials.wecom;
  const r = await getJson(`${h.base}/qyapi/cgi-bin/gettoken?corpid=${c.corpId}&corpsecret=${encodeURIComponent(c.corpSecret)}`);
  if (typeof r.access_token !== 'string') throw new Error(`gettoken failed: ${JSON.stringify(r)}`);
  return r.access_token;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export type Reply = { status: number; body?: string } | 'stall';

/** A small receiving Koa server (the BFF's role) whose answers a test scripts per request. */
export async function startReceiver(answer: (req: ReceivedRequest, index: number) => Reply | Promise<Reply>): Promise<{
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}> {
  const requests: ReceivedRequest[] = [];
  const app = new Koa();
  app.use(async (ctx) => {
    const chunks: Buffer[] = [];
    for await (const c of ctx.req) chunks.push(c as Buffer);
    const req: ReceivedRequest = { method: ctx.method, url: ctx.url, headers: ctx.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
    requests.push(req);
    const reply = await answer(req, requests.length - 1);
    if (reply === 'stall') {
      // Hold the request open until the client gives up (it destroys the socket).
      await new Promise<void>((resolve) => ctx.req.socket.once('close', () => resolve()));
      return;
    }
    ctx.status = reply.status;
    ctx.body = reply.body ?? '';
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A merchant-signed WeChat Pay request (the path is the real one; the base includes /mch). */
export async function payFetch(
  h: Harness,
  method: 'GET' | 'POST',
  pathWithQuery: string,
  body?: unknown,
  sign: { privateKey?: string; serialNo?: string; timestamp?: number } = {},
): Promise<{ status: number; headers: Headers; text: string; json: Record<string, unknown> | undefined }> {
  const pay = h.sim.credentials.pay;
  const raw = body === undefined ? '' : JSON.stringify(body);
  const authorization = buildPayAuthorization({
    mchId: pay.mchId,
    serialNo: sign.serialNo ?? pay.merchantSerialNo,
    privateKey: sign.privateKey ?? pay.merchantPrivateKey,
    method,
    pathWithQuery,
    body: raw,
    timestamp: sign.timestamp ?? h.sim.clock.nowSeconds(),
  });
  const res = await fetch(`${h.base}/mch${pathWithQuery}`, {
    method,
    headers: { Authorization: authorization, Accept: 'application/json', 'Content-Type': 'application/json', 'User-Agent': 'pfs-test' },
    body: method === 'POST' ? raw : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

/** An HMAC-signed SMS / IDV provider request. */
export async function providerFetch(
  h: Harness,
  provider: 'sms' | 'idv',
  method: 'GET' | 'POST',
  target: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const creds = h.sim.credentials[provider];
  const raw = body === undefined ? '' : JSON.stringify(body);
  const headers = signProviderRequest({ ...creds, method, target, body: raw, timestamp: h.sim.clock.nowSeconds() });
  const res = await fetch(`${h.base}${target}`, { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: method === 'POST' ? raw : undefined, signal });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
