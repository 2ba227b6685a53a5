import { createSimulator, type Simulator } from '@pfs/simulator';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { h5, h5Flow, newIdentity as identity } from '../../../test/helpers/h5-flow';
import { tencentCalls, tencentEnv } from '../../../test/helpers/tencent-cloud';
import { sealIdNumber } from '../../lib/pii';

// POST /api/h5/verification with Tencent Cloud SMS and the three-element check (PhoneVerification) configured: the
// BFF's adapters sign API 3.0 requests and a second simulator, standing in for Tencent Cloud, answers them.
let tc: Simulator;
let tcBase: string;
beforeAll(async () => {
  tc = createSimulator({ timeScale: 0.01 });
  tcBase = (await tc.listen(0)).baseUrl;
});
afterAll(() => tc.close());
const env = (level: 'three_element' | 'face') => tencentEnv(tc, tcBase, level);
const calls = () => tencentCalls(tc);
const newIdentity = (name = '周杰') => identity(name, 500);

/** The flow up to the form on app `t` (h5-flow.ts); the "phone" is the Tencent simulator's message log. */
const flow = (get: () => TestApp) => h5Flow(get, { smsCodeOf: (phone) => tc.control.sms.lastCode(phone) });

describe('three-element check through Tencent Cloud (IDV_LEVEL=three_element)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ platform: true, listen: true, env: env('three_element') });
  });
  afterAll(() => t.close());
  beforeEach(() => tc.control.reset());
  const f = flow(() => t);

  it('SendSms delivers the code, PhoneVerification passes (after one InternalError, retried): verified and bound', async () => {
    const r = await f.readyCustomer();
    const who = newIdentity('吴敏');
    const code = await f.smsCode(r.session, who.phone);
    expect(code).toMatch(/^\d{6}$/);
    expect(tc.control.sms.messages()[0]?.content).toBe(`【${tc.credentials.tencentcloud.smsSignName}】您的验证码为${code}，5分钟内有效，请勿泄露给他人。`);
    tc.control.tencentcloud.failNext('PhoneVerification', { code: 'InternalError' });
    const res = await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...who, smsCode: code });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'VERIFIED', advisorName: '王芳', crmMatched: false });
    expect(calls()).toEqual(['SendSms', 'PhoneVerification:InternalError', 'PhoneVerification']);
    expect(tc.control.tencentcloud.phoneVerifications()).toEqual([expect.objectContaining({ idNumber: who.idNumber, phone: who.phone, result: '0' })]);
    const customer = await t.deps.db.prisma.customer.findUniqueOrThrow({ where: { id: r.customer.id } });
    expect(customer).toMatchObject({ openid: r.openid, verifiedAt: expect.any(Date), idNumberHash: sealIdNumber(t.deps.piiKeys, who.idNumber).hash });
    const attempts = await t.deps.db.prisma.verificationAttempt.findMany({ where: { invitationId: r.invitationId } });
    expect(attempts.map((a) => [a.provider, a.status])).toEqual([['tencentcloud-faceid-3e', 'PASSED']]);
  });

  it('mismatch: 422 IDV_MISMATCH, one PhoneVerification (a verdict is never retried), nothing bound', async () => {
    const r = await f.readyCustomer();
    const who = newIdentity();
    tc.control.idv.script({ idNumber: who.idNumber, outcome: 'mismatch' });
    const code = await f.smsCode(r.session, who.phone);
    const res = await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...who, smsCode: code });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('IDV_MISMATCH');
    expect(calls()).toEqual(['SendSms', 'PhoneVerification']);
    expect((await t.deps.db.prisma.customer.findUniqueOrThrow({ where: { id: r.customer.id } })).verifiedAt).toBeNull();
  });

  it('the carrier source busy (Result -11): 503 PROVIDER_UNAVAILABLE and the same code works once it is back', async () => {
    const r = await f.readyCustomer();
    const who = newIdentity();
    tc.control.idv.script({ idNumber: who.idNumber, outcome: 'unavailable' });
    const code = await f.smsCode(r.session, who.phone);
    const down = await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...who, smsCode: code });
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('PROVIDER_UNAVAILABLE');
    tc.control.idv.clearScripts();
    await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...who, smsCode: code }).expect(200);
  });
});
