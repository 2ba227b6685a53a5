import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { h5, h5Flow, newIdentity } from '../../../test/helpers/h5-flow';

// POST /api/h5/consent (and its withdrawal before verification): the session it needs, the text version, and
// consent being required again once withdrawn.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ platform: true, listen: true, env: { H5_RATE_LIMIT_PER_MINUTE: '1000', TRUST_PROXY: 'true' } });
});
afterAll(() => t.close());
const { prisma, readyCustomer } = h5Flow(() => t);

describe('consent', () => {
  it('H5 calls need the session; consent can be withdrawn and is then required again', async () => {
    const r = await readyCustomer();
    expect((await t.http.post('/api/h5/sms-codes').send({ phone: '13900000001' })).body.error.code).toBe('H5_SESSION_REQUIRED');
    expect((await t.http.post('/api/h5/consent').set(h5(r.session)).send({ version: 'old' })).status).toBe(400);
    const w = await t.http.post('/api/h5/consent/withdraw').set(h5(r.session)).expect(200);
    expect(w.body.withdrawnAt).toEqual(expect.any(String));
    expect((await prisma().consentRecord.findFirstOrThrow({ where: { openid: r.openid } })).withdrawnAt).not.toBeNull();
    const identity = newIdentity();
    expect((await t.http.post('/api/h5/sms-codes').set(h5(r.session)).send({ phone: identity.phone })).body.error.code).toBe('CONSENT_REQUIRED');
    expect((await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: '123456' })).body.error.code).toBe('CONSENT_REQUIRED');
  });
});
