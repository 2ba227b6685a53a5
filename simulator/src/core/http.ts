import http from 'node:http';
import https from 'node:https';
import type Koa from 'koa';

/**
 * Mounts `mw` under `prefix` and strips the prefix while it runs, so handlers see the real platform path
 * (`/mch/v3/pay/...` becomes `/v3/pay/...`, which is what the WeChat Pay signature covers).
 */
export function mount(prefix: string, mw: Koa.Middleware): Koa.Middleware {
  return async (ctx, next) => {
    const original = ctx.path;
    if (original !== prefix && !original.startsWith(`${prefix}/`)) {
      await next();
      return;
    }
    ctx.path = original.slice(prefix.length) || '/';
    try {
      await mw(ctx, async () => {
        ctx.path = original;
        await next();
      });
    } finally {
      ctx.path = original;
    }
  };
}

export class BodyTooLargeError extends Error {}

/** Reads the exact request bytes: signatures (Pay, SMS, IDV) are computed over the raw body, not a re-serialisation. */
export async function readRawBody(ctx: Koa.Context, limit = 1024 * 1024): Promise<string> {
  const cached = (ctx.state as { rawBody?: string }).rawBody;
  if (cached !== undefined) return cached;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) throw new BodyTooLargeError(`body larger than ${limit} bytes`);
    chunks.push(buf);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  (ctx.state as { rawBody?: string }).rawBody = raw;
  return raw;
}

/** Writes a JSON body byte-for-byte as serialised here (so a signature over it stays valid). */
export function sendJson(ctx: Koa.Context, status: number, body: unknown, contentType = 'application/json; charset=utf-8'): string {
  const text = JSON.stringify(body);
  ctx.status = status;
  ctx.set('Content-Type', contentType);
  ctx.body = text;
  return text;
}

export type AttemptOutcome = 'ok' | 'http_error' | 'timeout' | 'network_error';

export interface HttpResult {
  status?: number;
  body?: string;
  headers: Record<string, string>;
  outcome: AttemptOutcome;
  error?: string;
  durationMs: number;
}

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Which statuses count as success; the caller's platform rules decide (WeCom: 200 only; Pay: 200/204). */
  isSuccess?: (status: number) => boolean;
}

/**
 * One outbound HTTP request without connection pooling: every callback attempt is a fresh connection, a
 * stalled receiver is cut off after `timeoutMs` like the platforms do, and nothing lingers after close().
 */
export function httpRequest(url: string, options: HttpRequestOptions): Promise<HttpResult> {
  const started = Date.now();
  const isSuccess = options.isSuccess ?? ((s: number) => s === 200);
  return new Promise<HttpResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<HttpResult, 'durationMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, durationMs: Date.now() - started });
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      finish({ headers: {}, outcome: 'network_error', error: `invalid URL: ${url}` });
      return;
    }
    const lib = target.protocol === 'https:' ? https : http;
    const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
    const headers: Record<string, string | number> = { Connection: 'close', ...(options.headers ?? {}) };
    if (body) headers['Content-Length'] = body.length;
    const req = lib.request(target, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const resHeaders: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) resHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
        finish({
          status,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: resHeaders,
          outcome: isSuccess(status) ? 'ok' : 'http_error',
        });
      });
      res.on('error', (e) => finish({ status: res.statusCode, headers: {}, outcome: 'network_error', error: e.message }));
    });
    const timer = setTimeout(() => {
      finish({ headers: {}, outcome: 'timeout', error: `no response within ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (e) => finish({ headers: {}, outcome: 'network_error', error: e.message }));
    if (body) req.write(body);
    req.end();
  });
}

/**
 * Appends parameters the way the platforms do when redirecting: the existing query is left byte-for-byte as
 * it was and a #fragment (hash-router SPAs) stays after the new parameters.
 */
export function addQueryParams(url: string, params: [string, string][]): string {
  const hashAt = url.indexOf('#');
  const main = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  const sep = main.includes('?') ? (main.endsWith('?') || main.endsWith('&') ? '' : '&') : '?';
  return `${main}${sep}${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}${hash}`;
}

export function appendQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/** Koa's query values may be arrays; the platforms read the first. */
export function q(ctx: Koa.Context, name: string): string | undefined {
  const v = ctx.query[name];
  return Array.isArray(v) ? v[0] : v;
}
