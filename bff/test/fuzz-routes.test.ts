import http from 'node:http';
import { answerClientErrors } from '../src/http/client-errors';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import type Router from '@koa/router';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { errorBodySchema } from '@pfs/shared';
import { routeSchemasOf, type ValidationSchemas } from '../src/http/validate';
import { WECHATPAY_NOTIFY_PATH } from '../src/modules/pay/pay.routes';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * Issue 13 §4: property-based requests against every route the app registers (enumerated from the root router,
 * so a new route is covered without touching this file), built from the route's shared schemas where it has
 * them and then mutated the way an attacker would. Whatever arrives: never a 5xx, every 4xx in the error shape,
 * and a refused request writes nothing (row counts of every table before and after).
 */
const SEED = 1313;
/** At most this many requests, and at most this long: the sequence is fixed by the seed, a slow machine sends a prefix. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 4000);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 45);

type Schema = z.core.$ZodType;
interface Route {
  method: string;
  path: string;
  schemas: ValidationSchemas<Schema, Schema, Schema> | undefined;
}
interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  pattern?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
}

let t: TestApp;
let server: http.Server;
let port: number;
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
let routes: Route[] = [];
const tokens: Record<string, string> = {};
let realIds: string[] = [];
let countTables: () => Promise<Record<string, number>>;

beforeAll(async () => {
  t = await createTestApp({ platform: true, env: { RATE_LIMIT_PER_MINUTE: '1000000', H5_RATE_LIMIT_PER_MINUTE: '1000000' } });
  server = http.createServer(t.app.callback());
  answerClientErrors(server); // as server.ts does
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  routes = enumerateRoutes();
  for (const who of ['wangfang', 'chenjing', 'admin', 'yunying', 'hegui']) tokens[who] = await t.tokenFor(who);
  const prisma = t.deps.db.prisma;
  const customers = await prisma.customer.findMany({ take: 5, orderBy: { id: 'asc' }, select: { id: true, externalUserId: true } });
  const tags = await prisma.tag.findMany({ take: 3, select: { id: true } });
  realIds = [...customers.flatMap((c) => [c.id, c.externalUserId ?? c.id]), ...tags.map((x) => x.id), 'wangfang', 'chenjing'];
  const tables = (await t.deps.db.sql.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY 1`)).rows.map((r) => r.name);
  expect(tables).toEqual(expect.arrayContaining(['customer', 'audit_log', 'invitation', 'consent_record']));
  const countSql = `SELECT ${tables.map((name) => `(SELECT count(*) FROM "${name}")::int AS "${name}"`).join(', ')}`;
  countTables = async () => (await t.deps.db.sql.query<Record<string, number>>(countSql)).rows[0]!;
});
afterAll(async () => {
  agent.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

/** Every (method, path) of the root router, with the schemas its `validate()` registered. */
function enumerateRoutes(): Route[] {
  const root = t.app.middleware.map((mw) => (mw as { router?: Router }).router).find((r) => r !== undefined);
  if (!root) throw new Error('no root router in the app');
  const out: Route[] = [];
  for (const layer of root.stack) {
    for (const method of layer.methods) {
      if (method === 'HEAD') continue;
      out.push({ method, path: String(layer.path), schemas: routeSchemasOf(layer.stack) });
    }
  }
  return out;
}

// ---------- values ----------

const hostileString = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '%00', '\u0001\u001f', '\u007f\u009b', '\u202e', '\ud800', '../../etc/passwd', "' OR 1=1 --", '<script>alert(1)</script>', '${jndi:x}', '𠮷'.repeat(20), '\r\nX-Injected: 1', '__proto__', 'constructor', ' ', ''),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.integer({ min: 100, max: 20_000 }).map((n) => 'x'.repeat(n)),
);
/** Node's HTTP server answers 431 itself (before the app) past 16 KB of headers: keep the query under that. */
const MAX_QUERY = 6000;
const hostileNumber = fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0.5, -1, 0, 9_999_999_999, Number.MAX_SAFE_INTEGER);
const deepValue = fc.integer({ min: 30, max: 400 }).map((n) => {
  let v: unknown = 'x';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
});
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(true, null, [], {}, 'NaN', 'Infinity', '1e400', '-1', '99999999999999999999', [1, 2], { $gt: '' }),
  deepValue,
  fc.jsonValue({ maxDepth: 3 }),
);

function stringArb(js: JsonSchema): fc.Arbitrary<string> {
  const pattern = js.pattern;
  if (typeof pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(pattern)).filter((s) => s.length <= (js.maxLength ?? 200) && s.length >= (js.minLength ?? 0));
    } catch {
      /* a pattern fast-check cannot generate from: plain strings */
    }
  }
  return fc.string({ minLength: js.minLength ?? 0, maxLength: Math.min(js.maxLength ?? 24, 40) });
}

/** Values that fit a JSON Schema (what `z.toJSONSchema` says a route's input looks like). */
function fromJsonSchema(js: JsonSchema, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  if (js.const !== undefined) return fc.constant(js.const);
  if (js.enum?.length) return fc.constantFrom(...js.enum);
  const alternatives = js.anyOf ?? js.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => fromJsonSchema(a, ids, depth + 1)));
  const type = Array.isArray(js.type) ? js.type[0] : js.type;
  switch (type) {
    case 'string':
      return fc.oneof({ weight: 3, arbitrary: stringArb(js as JsonSchema & { pattern?: string }) }, { weight: 1, arbitrary: fc.constantFrom(...ids) });
    case 'integer':
      return fc.integer({ min: Math.max(js.minimum ?? -1000, -1e9), max: Math.min(js.maximum ?? 1000, 1e9) });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: js.minimum ?? -1e6, max: js.maximum ?? 1e6 });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(js.items && depth < 4 ? fromJsonSchema(js.items, ids, depth + 1) : fc.jsonValue({ maxDepth: 1 }), { maxLength: Math.min(js.maxItems ?? 4, 4) });
    case 'object': {
      const props = js.properties ?? {};
      if (Object.keys(props).length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) shape[k] = fromJsonSchema(v, ids, depth + 1);
      return fc.record(shape, { requiredKeys: (js.required ?? []).filter((k) => k in shape) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function jsonSchemaOf(schema: Schema | undefined): JsonSchema {
  if (!schema) return { type: 'object', properties: {} };
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** A valid-looking value, then with probability: a field replaced by something hostile, an extra field, or the whole thing. */
function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: base },
    {
      weight: 3,
      arbitrary: fc.tuple(base, fc.string({ maxLength: 12 }), hostileValue).map(([v, key, bad]) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) return bad;
        const keys = Object.keys(v);
        const target = keys.length ? keys[key.length % keys.length]! : key;
        return { ...(v as Record<string, unknown>), [target]: bad };
      }),
    },
    { weight: 1, arbitrary: fc.tuple(base, fc.string({ minLength: 1, maxLength: 12 }), hostileValue).map(([v, key, bad]) => (v && typeof v === 'object' && !Array.isArray(v) ? { ...v, [key]: bad } : v)) },
    { weight: 1, arbitrary: hostileValue },
  );
}

// ---------- requests ----------

interface Spec {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  route: string;
}

const AUTHS = ['anonymous', 'wangfang', 'chenjing', 'admin', 'yunying', 'hegui', 'bad-bearer', 'bad-h5'] as const;

function authHeader(who: (typeof AUTHS)[number]): Record<string, string> {
  if (who === 'anonymous') return {};
  if (who === 'bad-bearer') return { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
  if (who === 'bad-h5') return { authorization: 'H5 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
  return { authorization: `Bearer ${tokens[who]}` };
}

/** encodeURIComponent throws on a lone surrogate: those travel as U+FFFD (a raw path segment covers bad bytes). */
const enc = (v: string): string => encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'));

function queryString(value: unknown, repeatKey: boolean): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `v=${enc(String(value))}`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const s = typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
    parts.push(`${enc(k)}=${enc(s)}`);
    if (repeatKey) parts.push(`${enc(k)}=${enc(s)}`);
  }
  const qs = parts.join('&');
  return qs.length > MAX_QUERY ? qs.slice(0, MAX_QUERY).replace(/%[0-9A-Fa-f]?$/, '') : qs;
}

const RAW_PATH_SEGMENTS = ['%00', '%E0%A4%A', '..%2f..%2fetc', '%2e%2e', '%ff', 'a%20b', '%F0%9F%98%80', 'x'.repeat(3000)];

type BodyMode = 'none' | 'json' | 'json-as-text' | 'bad-json' | 'xml' | 'form' | 'octet' | 'gzip' | 'gzip-garbage' | 'br-garbage' | 'huge';

function bodyOf(mode: BodyMode, value: unknown): { body?: Buffer; headers: Record<string, string> } {
  const json = Buffer.from(JSON.stringify(value ?? null));
  switch (mode) {
    case 'none':
      return { headers: {} };
    case 'json':
      return { body: json, headers: { 'content-type': 'application/json' } };
    case 'json-as-text':
      return { body: json, headers: { 'content-type': 'text/plain' } };
    case 'bad-json':
      return { body: Buffer.concat([json.subarray(0, Math.max(1, json.length - 1)), Buffer.from('\u0000{')]), headers: { 'content-type': 'application/json; charset=utf-8' } };
    case 'xml':
      return { body: Buffer.from(`<xml><Encrypt><![CDATA[${JSON.stringify(value)}]]></Encrypt><a><b>${'<c>'.repeat(120)}${'</c>'.repeat(120)}</b></a></xml>`), headers: { 'content-type': 'text/xml' } };
    case 'form':
      return { body: Buffer.from('a=1&b=%00'), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    case 'octet':
      return { body: Buffer.from([0, 1, 2, 255]), headers: { 'content-type': 'application/octet-stream' } };
    case 'gzip':
      return { body: zlib.gzipSync(json), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } };
    case 'gzip-garbage':
      return { body: Buffer.from('definitely not gzip'), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } };
    case 'br-garbage':
      return { body: Buffer.from('not brotli either'), headers: { 'content-type': 'text/xml', 'content-encoding': 'br' } };
    case 'huge':
      return { body: Buffer.from(JSON.stringify({ a: 'x'.repeat(300 * 1024) })), headers: { 'content-type': 'application/json' } };
  }
}

function specFor(route: Route): fc.Arbitrary<Spec> {
  const ids = realIds.length ? realIds : ['x'];
  const paramNames = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
  const paramsJs = jsonSchemaOf(route.schemas?.params);
  const paramArbs: Record<string, fc.Arbitrary<unknown>> = {};
  for (const name of paramNames) paramArbs[name] = paramsJs.properties?.[name] ? fromJsonSchema(paramsJs.properties[name]!, ids) : fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 30 }));
  const params = fc.record(paramArbs);
  const query = mutated(fromJsonSchema(jsonSchemaOf(route.schemas?.query), ids));
  const body = mutated(fromJsonSchema(jsonSchemaOf(route.schemas?.body), ids));
  const bodyModes: BodyMode[] = ['none', 'json', 'json', 'json', 'json-as-text', 'bad-json', 'xml', 'form', 'octet', 'gzip', 'gzip-garbage', 'br-garbage', 'huge'];
  return fc
    .record({
      params,
      rawSegment: fc.option(fc.constantFrom(...RAW_PATH_SEGMENTS), { freq: 6 }),
      query,
      withQuery: fc.boolean(),
      repeatKey: fc.boolean(),
      body,
      bodyMode: fc.constantFrom(...bodyModes),
      auth: fc.constantFrom(...AUTHS),
      method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') }),
    })
    .map((r) => {
      let path = route.path;
      for (const name of paramNames) path = path.replace(`:${name}`, enc(String(r.params[name] ?? '')));
      if (r.rawSegment && paramNames.length) path = path.replace(enc(String(r.params[paramNames[0]!] ?? '')), r.rawSegment);
      else if (r.rawSegment) path = `${path}/${r.rawSegment}`;
      if (path === '') path = '/';
      const qs = r.withQuery ? queryString(r.query, r.repeatKey) : '';
      const withBody = r.method !== 'GET' && r.method !== 'OPTIONS' ? bodyOf(r.bodyMode, r.body) : { headers: {} as Record<string, string> };
      return {
        method: r.method,
        path: qs ? `${path}?${qs}` : path,
        headers: { ...authHeader(r.auth), ...withBody.headers },
        body: withBody.body,
        route: `${route.method} ${route.path}`,
      };
    });
}

const wechatPayRefusal = z.object({ code: z.literal('FAIL'), message: z.string() });

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

function send(spec: Spec): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, agent, method: spec.method, path: spec.path, headers: { ...spec.headers, ...(spec.body ? { 'content-length': String(spec.body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    // Headers and body in separate segments would wait on Nagle + delayed ACK (~40 ms a request).
    req.on('socket', (socket) => socket.setNoDelay(true));
    req.end(spec.body);
  });
}

function describeSpec(spec: Spec): string {
  return `${spec.method} ${spec.path.slice(0, 300)} [${spec.route}] ${JSON.stringify(spec.headers).slice(0, 200)} body=${spec.body?.toString().slice(0, 300) ?? ''}`;
}

it('every route: never a 5xx, 4xx in the error shape, a refused request writes nothing', async () => {
  expect(routes.length).toBeGreaterThan(30);
  // The schema-driven part really is driven by schemas: the routes that validate input registered them.
  expect(routes.filter((r) => r.schemas).map((r) => `${r.method} ${r.path}`)).toEqual(
    expect.arrayContaining(['GET /api/customers', 'PUT /api/customers/:id/tags', 'POST /api/h5/verification', 'GET /api/reports/verification-funnel']),
  );
  let sent = 0;
  let serverErrors = 0;
  const perRoute = new Map<string, number>();
  const slow = new Map<string, number>();
  const anyRequest = fc.oneof(...routes.map((r) => specFor(r)));
  const started = Date.now();
  const outcome = await fc.check(
    fc.asyncProperty(anyRequest, async (spec) => {
      const before = await countTables();
      const t0 = Date.now();
      const res = await send(spec);
      slow.set(spec.route, (slow.get(spec.route) ?? 0) + Date.now() - t0);
      sent += 1;
      perRoute.set(spec.route, (perRoute.get(spec.route) ?? 0) + 1);
      if (res.status >= 500) serverErrors += 1;
      const where = describeSpec(spec);
      if (res.status >= 500) throw new Error(`${res.status} for ${where}: ${res.text.slice(0, 300)}`);
      if (res.status >= 400) {
        if (!res.contentType.includes('application/json')) throw new Error(`${res.status} without JSON for ${where}`);
        const body: unknown = JSON.parse(res.text);
        // WeChat Pay's notify_url answers in WeChat Pay's protocol ({code: "FAIL", message}), which its retries read.
        // (Refused before the route, e.g. a body that is not JSON, it gets the shared shape like every path.)
        const ok = errorBodySchema.safeParse(body).success || (spec.path.split('?')[0] === WECHATPAY_NOTIFY_PATH && wechatPayRefusal.safeParse(body).success);
        if (!ok) throw new Error(`${res.status} not in the error shape for ${where}: ${res.text.slice(0, 200)}`);
        const after = await countTables();
        const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
        if (changed.length) throw new Error(`refused (${res.status} ${res.text.slice(0, 80)}) but wrote to ${changed.join(', ')}: ${where}`);
      }
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true, interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false },
  );
  // fast-check's own report prints the whole counterexample (bodies of 300 KB); the property's message says enough.
  if (outcome.failed) throw new Error(`fuzz failed after ${sent} requests (seed ${SEED}): ${String((outcome.errorInstance as Error | undefined)?.message ?? 'see fast-check').slice(0, 1500)}`);
  console.log(`fuzz: ${sent} requests over ${perRoute.size} of ${routes.length} routes, ${serverErrors} 5xx (seed ${SEED}, ${t.deps.db.kind} database, ${Math.round((Date.now() - started) / 1000)} s)`);
  if (process.env.FUZZ_PROFILE) console.log([...slow].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([r, ms]) => `${r}: ${ms} ms / ${perRoute.get(r)}`).join('\n'));
  expect(sent).toBeGreaterThanOrEqual(Math.min(RUNS, 200));
  expect(perRoute.size).toBe(routes.length);
}, (SECONDS + 60) * 1000);
