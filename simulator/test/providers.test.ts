import { makeIdNumber, signProviderRequest } from '../src';
import { providerFetch, startSim, type Harness } from './helpers';

describe('SMS provider', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSim();
  });
  afterAll(() => h.close());
  beforeEach(() => h.sim.control.reset());

  const send = (phone: string, code = '123456') => providerFetch(h, 'sms', 'POST', '/sms/v1/messages', { phone, templateId: 'OTP', params: { code } });

  it('sends and records an OTP; lastCode reads it back; status endpoint', async () => {
    const res = await send('+86 138-0013-8000', '654321');
    expect(res).toMatchObject({ status: 200, json: { code: 'OK' } });
    expect(h.sim.control.sms.lastCode('13800138000')).toBe('654321');
    const [msg] = h.sim.control.sms.messages();
    expect(msg).toMatchObject({ phone: '13800138000', templateId: 'OTP', signName: '模拟银行' });
    expect(msg?.content).toBe('【模拟银行】您的验证码为654321，5分钟内有效，请勿泄露给他人。');
    const status = await providerFetch(h, 'sms', 'GET', `/sms/v1/messages/${res.json.messageId as string}`);
    expect(status.json).toMatchObject({ code: 'OK', status: 'DELIVERED' });
  });

  it('rejects bad signatures, replayed nonces and invalid phones', async () => {
    const body = JSON.stringify({ phone: '13800138001', templateId: 'OTP', params: { code: '1234' } });
    const headers = signProviderRequest({ ...h.sim.credentials.sms, method: 'POST', target: '/sms/v1/messages', body, timestamp: h.sim.clock.nowSeconds() });
    const forged = await fetch(`${h.base}/sms/v1/messages`, { method: 'POST', headers: { ...headers, 'X-Sim-Signature': '0'.repeat(64) }, body });
    expect([forged.status, ((await forged.json()) as { code: string }).code]).toEqual([401, 'AUTH_FAILED']);
    const first = await fetch(`${h.base}/sms/v1/messages`, { method: 'POST', headers, body });
    expect(first.status).toBe(200);
    const replay = await fetch(`${h.base}/sms/v1/messages`, { method: 'POST', headers, body });
    expect(((await replay.json()) as { code: string }).code).toBe('REPLAYED_NONCE');
    expect((await send('12345')).json.code).toBe('INVALID_PHONE');
    expect(h.sim.control.sms.messages()).toHaveLength(1);
  });

  it('scripted failures and per-phone rate limits', async () => {
    h.sim.control.sms.failNext({ status: 500, code: 'PROVIDER_ERROR' });
    expect((await send('13800138002')).status).toBe(500);
    expect((await send('13800138002')).status).toBe(200);
    expect((await send('13800138002')).json.code).toBe('RATE_LIMITED'); // 1 per minute
    h.sim.control.clock.advance(61_000);
    expect((await send('13800138002')).status).toBe(200);
    h.sim.control.sms.failPhone('13800138003', { code: 'PHONE_BLACKLISTED' });
    expect(await send('13800138003')).toMatchObject({ status: 400, json: { code: 'PHONE_BLACKLISTED' } });
    expect(h.sim.control.sms.lastCode('13800138003')).toBeUndefined();
  });
});

describe('identity-verification provider', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSim({ idv: { timeoutDelayMs: 400 } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.sim.control.reset());

  const person = (idNumber: string) => ({ name: '王小明', idNumber, phone: '13800138000', redirectUrl: 'https://bank.example/h5/kyc/done?step=2' });

  it('start → hosted page redirects back with BizToken → result PASS', async () => {
    const id = makeIdNumber('19900101', '123');
    const start = await providerFetch(h, 'idv', 'POST', '/idv/v1/verifications', person(id));
    expect(start.status).toBe(200);
    const { bizToken, url } = start.json as { bizToken: string; url: string };
    expect(url).toBe(`${h.base}/idv/h5/verify?BizToken=${encodeURIComponent(bizToken)}`);
    expect((await providerFetch(h, 'idv', 'GET', `/idv/v1/verifications/${bizToken}`)).json.status).toBe('PENDING');
    const page = await fetch(url, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe(`https://bank.example/h5/kyc/done?step=2&BizToken=${encodeURIComponent(bizToken)}`);
    const result = await providerFetch(h, 'idv', 'GET', `/idv/v1/verifications/${bizToken}`);
    expect(result.json).toMatchObject({ code: 'OK', status: 'PASS', matched: { name: true, idNumber: true, phone: true } });
  });

  it('scripted mismatch per ID number; invalid ID numbers fail the GB 11643 check', async () => {
    const id = makeIdNumber('19851231', '456');
    h.sim.control.idv.script({ idNumber: id, outcome: 'mismatch', mismatchFields: ['phone'] });
    const { bizToken } = (await providerFetch(h, 'idv', 'POST', '/idv/v1/verifications', person(id))).json as { bizToken: string };
    h.sim.control.idv.complete(bizToken);
    const result = await providerFetch(h, 'idv', 'GET', `/idv/v1/verifications/${bizToken}`);
    expect(result.json).toMatchObject({ status: 'MISMATCH', matched: { name: true, idNumber: true, phone: false } });
    const bad = `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`;
    expect((await providerFetch(h, 'idv', 'POST', '/idv/v1/verifications', person(bad))).json.code).toBe('INVALID_ID_NUMBER');
    expect((await providerFetch(h, 'idv', 'POST', '/idv/v1/verifications', person('11010519491231002X'))).status).toBe(200);
  });

  it('provider trouble: 503 at once, or a hang longer than the client timeout', async () => {
    h.sim.control.idv.script({ outcome: 'unavailable' });
    const down = await providerFetch(h, 'idv', 'POST', '/idv/v1/verifications', person(makeIdNumber()));
    expect([down.status, down.json.code]).toEqual([503, 'PROVIDER_UNAVAILABLE']);

    h.sim.control.idv.script({ outcome: 'timeout' });
    const started = Date.now();
    await expect(providerFetch(h, 'idv', 'POST', '/idv/v1/verifications', person(makeIdNumber()), AbortSignal.timeout(150))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(400);
    // Without a client timeout the provider eventually answers 504.
    const late = await providerFetch(h, 'idv', 'POST', '/idv/v1/verifications', person(makeIdNumber()));
    expect([late.status, late.json.code]).toEqual([504, 'PROVIDER_TIMEOUT']);
    h.sim.control.idv.clearScripts();
    expect((await providerFetch(h, 'idv', 'POST', '/idv/v1/verifications', person(makeIdNumber()))).status).toBe(200);
  });
});
