import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { WECHATPAY_NOTIFY_PATH } from './pay.routes';

// WeCom and WeChat Pay call us from a handful of their own IPs: the per-client-IP limit must not throttle them.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false, env: { RATE_LIMIT_PER_MINUTE: '2' } });
});
afterAll(() => t.close());

it('/wecom/callback and /wechatpay/notify are exempt from the per-IP limit; other paths are limited', async () => {
  for (let i = 0; i < 5; i++) {
    expect((await t.http.post('/wecom/callback').set('Content-Type', 'text/xml').send('<xml></xml>')).status).not.toBe(429);
    expect((await t.http.get('/wecom/callback')).status).not.toBe(429);
    expect((await t.http.post(WECHATPAY_NOTIFY_PATH).set('Content-Type', 'application/json').send('{}')).status).not.toBe(429);
  }
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await t.http.get('/healthz')).status);
  expect(statuses).toEqual([200, 200, 429]);
});
