import Router from '@koa/router';
import * as z from 'zod/mini';
import { errorBodySchema } from '@pfs/shared';
import { validate } from '../src/http/validate';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;

const probe = new Router({ prefix: '/api/test-probe' });
probe.post('/echo', validate({ body: z.object({ name: z.string().check(z.minLength(2)), age: z.number() }) }), (ctx) => {
  ctx.body = { ok: true };
});
probe.get('/boom', () => {
  throw new Error('secret database detail');
});

beforeAll(async () => {
  t = await createTestApp({ seed: false, env: { BODY_LIMIT_KB: '1', RATE_LIMIT_PER_MINUTE: '1000' }, extraRouters: [probe] });
});
afterAll(() => t.close());

function expectErrorShape(body: unknown, code: string): void {
  const parsed = errorBodySchema.parse(body);
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(parsed.error.message.length).toBeGreaterThan(0);
}

describe('one error shape with the right status', () => {
  it('malformed JSON → 400 BAD_JSON', async () => {
    const res = await t.http.post('/api/test-probe/echo').set('content-type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'BAD_JSON');
  });

  it('schema violation → 400 VALIDATION_FAILED with field details', async () => {
    const res = await t.http.post('/api/test-probe/echo').send({ name: 'x' });
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'VALIDATION_FAILED');
    const paths = (res.body.error.details as { path: string }[]).map((d) => d.path).sort();
    expect(paths).toEqual(['body.age', 'body.name']);
  });

  it('valid body passes validation', async () => {
    const res = await t.http.post('/api/test-probe/echo').send({ name: '王芳', age: 30 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('unknown route → 404 ROUTE_NOT_FOUND', async () => {
    const res = await t.http.get('/api/nothing-here');
    expect(res.status).toBe(404);
    expectErrorShape(res.body, 'ROUTE_NOT_FOUND');
  });

  it('wrong method on a known path → 405 with Allow', async () => {
    const res = await t.http.delete('/healthz');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toContain('GET');
    expectErrorShape(res.body, 'METHOD_NOT_ALLOWED');
  });

  it('body over the limit → 413', async () => {
    const res = await t.http.post('/api/test-probe/echo').send({ name: 'x'.repeat(4096), age: 1 });
    expect(res.status).toBe(413);
    expectErrorShape(res.body, 'PAYLOAD_TOO_LARGE');
  });

  it('unsupported media type → 415', async () => {
    const res = await t.http.post('/api/test-probe/echo').set('content-type', 'application/octet-stream').send(Buffer.from('abc'));
    expect(res.status).toBe(415);
    expectErrorShape(res.body, 'UNSUPPORTED_MEDIA_TYPE');
    const form = await t.http.post('/api/test-probe/echo').type('form').send('name=ab&age=3');
    expect(form.status).toBe(415);
  });

  it('unexpected error → 500 with the message hidden', async () => {
    const res = await t.http.get('/api/test-probe/boom');
    expect(res.status).toBe(500);
    expectErrorShape(res.body, 'INTERNAL');
    expect(JSON.stringify(res.body)).not.toContain('secret database detail');
  });

  it('echoes a well-formed incoming request id and sets security headers', async () => {
    const res = await t.http.get('/api/nothing').set('x-request-id', 'abcdef123456');
    expect(res.headers['x-request-id']).toBe('abcdef123456');
    expect(res.body.error.requestId).toBe('abcdef123456');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('rate limiting', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ seed: false, env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => limited.close());

  it('answers 429 with Retry-After once an IP exceeds its budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await limited.http.get('/healthz')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await limited.http.get('/healthz');
    expectErrorShape(res.body, 'RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
