import { Writable } from 'node:stream';
import pino from 'pino';
import { sessionInfoSchema } from '@pfs/shared';
import { WecomClient } from '../src/modules/wecom/wecom-client';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
const logLines: string[] = [];
const logger = pino(
  { level: 'trace' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  }),
);

beforeAll(async () => {
  t = await createTestApp({ platform: true, logger });
});
afterAll(() => t.close());

const loginCode = (userid: string): string => t.simulator!.control.wecom.loginCode(userid);

describe('POST /api/auth/wecom', () => {
  it('logs an advisor in with a wx.qy.login code; the session_key stays on the server', async () => {
    const exchange = jest.spyOn(WecomClient.prototype, 'jscode2session');
    const res = await t.http.post('/api/auth/wecom').send({ code: loginCode('wangfang') });
    expect(res.status).toBe(200);
    const info = sessionInfoSchema.parse(res.body);
    expect(info.staff).toMatchObject({ wecomUserId: 'wangfang', name: '王芳', roles: ['ADVISOR'] });
    const sessionKey = (await exchange.mock.results[0]!.value as { sessionKey: string }).sessionKey;
    exchange.mockRestore();
    expect(sessionKey).toBeTruthy();
    expect(res.text).not.toContain(sessionKey);
    expect(res.text).not.toMatch(/session_?key/i);
    expect(logLines.join('')).not.toContain(sessionKey);

    const me = await t.http.get('/api/me').set('authorization', `Bearer ${info.token}`);
    expect(me.status).toBe(200);
    expect(me.body.staff.wecomUserId).toBe('wangfang');
  });

  it('refuses the same code twice: 401 WECOM_CODE_INVALID', async () => {
    const code = loginCode('lijun');
    expect((await t.http.post('/api/auth/wecom').send({ code })).status).toBe(200);
    const again = await t.http.post('/api/auth/wecom').send({ code });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('WECOM_CODE_INVALID');
  });

  it('refuses an unknown code: 401 WECOM_CODE_INVALID', async () => {
    const res = await t.http.post('/api/auth/wecom').send({ code: 'not-a-code' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('WECOM_CODE_INVALID');
  });

  it('refuses a WeCom member who is not (or no longer) staff: 403 STAFF_NOT_FOUND', async () => {
    t.simulator!.control.seed({ users: [{ userid: 'outsider', name: '路人' }] });
    const res = await t.http.post('/api/auth/wecom').send({ code: loginCode('outsider') });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('STAFF_NOT_FOUND');
  });

  it('answers 503 UPSTREAM_UNAVAILABLE when WeCom keeps failing', async () => {
    t.simulator!.control.wecom.failNext('miniprogram/jscode2session', -1, 10);
    const res = await t.http.post('/api/auth/wecom').send({ code: loginCode('zhangwei') });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
    t.simulator!.control.reset();
  });

  it('validates the body', async () => {
    const res = await t.http.post('/api/auth/wecom').send({ code: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('POST /api/auth/wecom without a reachable platform', () => {
  it('answers 503 UPSTREAM_UNAVAILABLE', async () => {
    const down = await createTestApp({ seed: false });
    try {
      const res = await down.http.post('/api/auth/wecom').send({ code: 'abc' });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      await down.close();
    }
  });

  it('is rate-limited per IP', async () => {
    const limited = await createTestApp({ seed: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) statuses.push((await limited.http.post('/api/auth/wecom').send({ code: 'abc' })).status);
      expect(statuses.slice(0, 30).every((s) => s === 503)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });
});
