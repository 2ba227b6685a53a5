import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { errorBodySchema } from '@pfs/shared';
import { captureLog } from './helpers/capture-log';
import { createTestApp, type TestApp } from './helpers/test-app';

/** Issue 13 §2.2: hostile input answers a 4xx in the error shape and logs no stack trace. */
let t: TestApp;
let token: string;
let baseUrl: string;
let server: http.Server;
const log = captureLog('debug');
const h5Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-'));

beforeAll(async () => {
  fs.writeFileSync(path.join(h5Dir, 'index.html'), '<!doctype html><title>h5</title>');
  t = await createTestApp({ platform: true, logger: log.logger, env: { H5_DIST_DIR: h5Dir, RATE_LIMIT_PER_MINUTE: '10000' } });
  token = await t.tokenFor('wangfang');
  server = http.createServer(t.app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
  fs.rmSync(h5Dir, { recursive: true, force: true });
});
beforeEach(() => log.clear());
afterEach(() => expect(log.errors()).toEqual([]));

function expectRefused(res: { status: number; body: unknown }, status: number, code?: string): void {
  expect(res.status).toBe(status);
  const body = errorBodySchema.parse(res.body);
  if (code) expect(body.error.code).toBe(code);
}

/** A raw request, path sent exactly as given (like curl --path-as-is). */
function raw(method: string, rawPath: string, headers: Record<string, string> = {}, body?: Buffer): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}/`, { method, path: rawPath, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON: the assertion on the shape fails */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const signedQuery = `msg_signature=${'a'.repeat(40)}&timestamp=1700000000&nonce=n1`;

describe('XML nested deeper than the parser allows', () => {
  it('POST /wecom/callback with 150 levels → 400, no signature needed to reach the parser', async () => {
    const deep = `<xml>${'<a>'.repeat(150)}x${'</a>'.repeat(150)}</xml>`;
    const res = await t.http.post(`/wecom/callback?${signedQuery}`).set('content-type', 'text/xml').send(deep);
    expectRefused(res, 400, 'BAD_REQUEST');
  });

  it('ten levels (past any WeCom event) → 400 as well', async () => {
    const deep = `<xml><Encrypt>abc</Encrypt>${'<a>'.repeat(10)}${'</a>'.repeat(10)}</xml>`;
    const res = await t.http.post(`/wecom/callback?${signedQuery}`).set('content-type', 'text/xml').send(deep);
    expectRefused(res, 400, 'BAD_REQUEST');
  });
});

describe('a body whose Content-Encoding does not decompress', () => {
  for (const encoding of ['gzip', 'deflate', 'br']) {
    it(`${encoding}: garbage → 400 on a JSON route and on the XML callback`, async () => {
      const json = await raw('POST', '/api/auth/wecom', { 'content-type': 'application/json', 'content-encoding': encoding }, Buffer.from('not compressed at all'));
      expectRefused(json, 400);
      const xml = await raw('POST', `/wecom/callback?${signedQuery}`, { 'content-type': 'text/xml', 'content-encoding': encoding }, Buffer.from('<xml></xml>'));
      expectRefused(xml, 400);
    });
  }

  it('a truncated gzip stream → 400; a valid one is read', async () => {
    const gz = zlib.gzipSync(Buffer.from(JSON.stringify({ code: 'abc' })));
    expectRefused(await raw('POST', '/api/auth/wecom', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gz.subarray(0, gz.length - 6)), 400);
    const ok = await raw('POST', '/api/auth/wecom', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gz);
    expectRefused(ok, 401, 'WECOM_CODE_INVALID');
  });

  it('an unknown encoding → 415', async () => {
    expectRefused(await raw('POST', '/api/auth/wecom', { 'content-type': 'application/json', 'content-encoding': 'zstd' }, Buffer.from('{}')), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('NUL and control characters', () => {
  const auth = (): [string, string] => ['authorization', `Bearer ${token}`];

  it('in a query parameter (%00) → 400 VALIDATION_FAILED', async () => {
    expectRefused(await t.http.get('/api/customers?q=%E7%8E%8B%00').set(...auth()), 400, 'VALIDATION_FAILED');
    expectRefused(await t.http.get('/api/customers?tagId=a%01b').set(...auth()), 400, 'VALIDATION_FAILED');
  });

  it('in a path parameter → 400', async () => {
    expectRefused(await t.http.get('/api/customers/abc%00def/profile').set(...auth()), 400, 'VALIDATION_FAILED');
    expectRefused(await t.http.get('/api/customers/by-external/wm%00x').set(...auth()), 400, 'VALIDATION_FAILED');
    expectRefused(await t.http.get('/api/h5/invitations/aaaaaaaaaaaaaaaaaaaaaa.b%00bbbb'), 400, 'VALIDATION_FAILED');
  });

  it('in a JSON string, a JSON key, or a nested value → 400', async () => {
    expectRefused(await t.http.post('/api/auth/wecom').send({ code: 'abc\u0000' }), 400, 'VALIDATION_FAILED');
    const c = await t.deps.db.prisma.advisorCustomer.findFirstOrThrow({ where: { staff: { wecomUserId: 'wangfang' } } });
    const reveal = await t.http.post(`/api/customers/${c.customerId}/id-number/reveal`).set(...auth()).send({ reason: '核对\u0000资料' });
    expect(reveal.status).toBeGreaterThanOrEqual(400);
    expect(reveal.status).toBeLessThan(500);
    expectRefused(await t.http.put(`/api/customers/${c.customerId}/tags`).set(...auth()).send({ tagIds: ['t\u0000'] }), 400, 'VALIDATION_FAILED');
    expectRefused(await t.http.post('/api/auth/wecom').send({ code: 'abc', ['k\u0000']: 1 }), 400, 'VALIDATION_FAILED');
    expectRefused(await t.http.post('/api/demo/chat-messages').send({ wecomUserId: 'wangfang', message: { text: { content: 'x\u0000' } } }), 400, 'VALIDATION_FAILED');
  });

  it('in a text/XML body → 400', async () => {
    expectRefused(await t.http.post(`/wecom/callback?${signedQuery}`).set('content-type', 'text/xml').send('<xml><Encrypt>a\u0000</Encrypt></xml>'), 400);
  });

  it('nesting deeper than any request of this service → 400', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = { a: deep };
    expectRefused(await t.http.post('/api/auth/wecom').send({ code: 'abc', deep }), 400, 'VALIDATION_FAILED');
  });

  it('a malformed percent-encoding in the path → 400', async () => {
    expectRefused(await raw('GET', '/api/customers/%E0%A4%A/profile', { authorization: `Bearer ${token}` }), 400, 'BAD_REQUEST');
  });

  it('line breaks stay allowed in a free-text JSON value the schema accepts', async () => {
    const res = await t.http.post('/api/demo/chat-messages').send({ wecomUserId: 'wangfang', message: { msgtype: 'text', text: { content: '第一行\n第二行' } } });
    expect(res.status).toBeLessThan(500);
    expect(res.body?.error?.code).not.toBe('VALIDATION_FAILED');
  });
});

describe('path traversal to the static H5 folder', () => {
  it('GET /../../etc/passwd as-is → 404 in the error shape', async () => {
    expectRefused(await raw('GET', '/../../etc/passwd'), 404, 'ROUTE_NOT_FOUND');
    expectRefused(await raw('GET', '/%2e%2e/%2e%2e/etc/passwd'), 404, 'ROUTE_NOT_FOUND');
    expectRefused(await raw('GET', '/static/..%2f..%2f..%2fetc%2fpasswd'), 404, 'ROUTE_NOT_FOUND');
  });

  it('the index page is still served', async () => {
    const res = await raw('GET', '/');
    expect(res.status).toBe(200);
    expect(String(res.body)).toContain('<title>h5</title>');
  });
});
