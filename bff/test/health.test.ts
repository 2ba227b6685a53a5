import { healthSchema } from '@pfs/shared';
import { createTestApp, type TestApp } from './helpers/test-app';
import { testDatabaseUrl, testRedisUrl } from './helpers/test-env';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
});
afterAll(() => t.close());

it('GET /healthz reports the database and Redis, and which kind each is', async () => {
  const res = await t.http.get('/healthz');
  expect(res.status).toBe(200);
  const body = healthSchema.parse(res.body);
  expect(body.status).toBe('ok');
  expect(body.db).toMatchObject({ status: 'ok', kind: testDatabaseUrl ? 'external' : 'embedded' });
  expect(body.redis).toMatchObject({ status: 'ok', kind: testRedisUrl ? 'external' : 'embedded' });
});

it('answers 503 degraded when a dependency is down', async () => {
  const ping = jest.spyOn(t.deps.redis.client, 'ping').mockRejectedValueOnce(new Error('down'));
  const res = await t.http.get('/healthz');
  expect(res.status).toBe(503);
  expect(res.body.status).toBe('degraded');
  expect(res.body.redis.status).toBe('down');
  ping.mockRestore();
});

it('GET /favicon.ico answers the app icon (pages that are not index.html ask for it)', async () => {
  const res = await t.http.get('/favicon.ico');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
  expect(String(res.text ?? res.body)).toContain('<svg');
});
