import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { h5, h5Flow, newIdentity } from '../../../test/helpers/h5-flow';

// POST /api/h5/sms-codes: the code for the phone entered, through the simulator's SMS gateway, and its limits.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ platform: true, listen: true, env: { H5_RATE_LIMIT_PER_MINUTE: '1000', TRUST_PROXY: 'true' } });
});
afterAll(() => t.close());
const { prisma, smsCode, readyCustomer } = h5Flow(() => t);

describe('the SMS code', () => {
  it('SMS codes: wrong code, burnt after 5 wrong tries, single use; sends limited per phone', async () => {
    const r = await readyCustomer();
    const identity = newIdentity();
    const code = await smsCode(r.session, identity.phone);
    // 1 per minute per phone.
    const second = await t.http.post('/api/h5/sms-codes').set(h5(r.session)).send({ phone: identity.phone });
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(second.headers['retry-after']).toBeDefined();

    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 1; i <= 4; i++) {
      const res = await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: wrong });
      expect(res.body.error.code).toBe('SMS_CODE_INVALID');
      expect(res.body.error.message).toContain(`${5 - i}次`);
    }
    expect((await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: wrong })).body.error.code).toBe('TOO_MANY_ATTEMPTS');
    // Burnt: even the right code no longer works.
    expect((await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: code })).body.error.code).toBe('SMS_CODE_INVALID');
    expect(await prisma().verificationAttempt.count({ where: { openid: r.openid } })).toBe(0);
  });

  it('SMS sends limited per openid (10/day)', async () => {
    const r = await readyCustomer();
    for (let i = 0; i < 10; i++) await smsCode(r.session, newIdentity().phone);
    const over = await t.http.post('/api/h5/sms-codes').set(h5(r.session)).send({ phone: newIdentity().phone });
    expect(over.status).toBe(429);
    expect(over.body.error.message).toContain('今日');
  });
});
