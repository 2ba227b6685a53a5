import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulator, makeIdNumber, tc3Sign, verifyTc3, type Simulator } from '@pfs/simulator';
import Sign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign';
import type { TencentCloudConfig } from '../../config/config';
import { ProviderRejectedError, ProviderUnavailableError } from './providers';
import { TencentFaceVerifier, TencentPhoneVerifier, TencentSmsProvider } from './tencentcloud';

// The worked example of Tencent Cloud's "Signature v3" page (document/api/213/30654).
const DOC = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
  timestamp: 1551113065,
  payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
};

describe('TC3-HMAC-SHA256 signing', () => {
  it("the SDK's signer reproduces Tencent's documented example", () => {
    const authorization = Sign.sign3({
      method: 'POST',
      url: 'https://cvm.tencentcloudapi.com/',
      payload: Buffer.from(DOC.payload),
      timestamp: DOC.timestamp,
      service: 'cvm',
      secretId: DOC.secretId,
      secretKey: DOC.secretKey,
      multipart: false,
      boundary: '',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
    expect(authorization).toBe(`TC3-HMAC-SHA256 Credential=${DOC.secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${DOC.signature}`);
  });

  it("the SDK, the simulator's signer and its verifier agree on other requests (Chinese text, another service and day)", () => {
    const payload = JSON.stringify({ PhoneNumberSet: ['+8613800138000'], SignName: '模拟银行', TemplateParamSet: ['042137'] });
    for (const timestamp of [1795546742, 1704067199, 1704067200]) {
      const sdk = Sign.sign3({
        method: 'POST',
        url: 'https://sms.tencentcloudapi.com/',
        payload: JSON.parse(payload) as unknown,
        timestamp,
        service: 'sms',
        secretId: 'AKIDtest',
        secretKey: 'secret-key-1234567890',
        multipart: false,
        boundary: '',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(sdk).toBe(tc3Sign({ secretId: 'AKIDtest', secretKey: 'secret-key-1234567890', service: 'sms', host: 'sms.tencentcloudapi.com', timestamp, payload }).authorization);
      const headers = { authorization: sdk, 'content-type': 'application/json', host: 'sms.tencentcloudapi.com', 'x-tc-timestamp': String(timestamp) };
      const creds = { secretId: 'AKIDtest', secretKey: 'secret-key-1234567890' };
      expect(verifyTc3({ method: 'POST', url: '/', headers, rawBody: payload }, creds, 'sms', timestamp)).toBeUndefined();
    }
  });
});

describe('Tencent Cloud adapters against the simulator (API 3.0 over the wire)', () => {
  let sim: Simulator;
  let base: string;
  let config: TencentCloudConfig;
  const opts = { minRetryDelayMs: 5 };

  beforeAll(async () => {
    sim = createSimulator({ timeScale: 0.01, idv: { timeoutDelayMs: 1500 } });
    base = (await sim.listen(0)).baseUrl;
    const c = sim.credentials.tencentcloud;
    config = {
      secretId: c.secretId,
      secretKey: c.secretKey,
      region: 'ap-guangzhou',
      endpointBase: base,
      timeoutMs: 2000,
      smsSdkAppId: c.smsSdkAppId,
      smsSignName: c.smsSignName,
      smsTemplateId: c.smsTemplateId,
      faceIdRuleId: c.faceIdRuleId,
    };
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  const calls = () => sim.control.tencentcloud.calls().map((c) => `${c.action}${c.error ? `:${c.error}` : ''}`);
  const person = (idNumber = makeIdNumber('19880808', '135')) => ({ name: '韩梅梅', idNumber, phone: '13800138000', redirectUrl: 'http://localhost:3000/api/h5/verification/return' });

  it('SendSms: the code reaches the phone; a second one within the minute is rate limited', async () => {
    const sms = new TencentSmsProvider(config, opts);
    const sent = await sms.sendCode('13900001111', '482913');
    expect(sent.messageId).toMatch(/^2433:\d+$/);
    expect(sim.control.sms.lastCode('13900001111')).toBe('482913');
    const again = await sms.sendCode('13900001111', '111111').catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ProviderRejectedError);
    expect(again).toMatchObject({ code: 'LimitExceeded.DeliveryFrequencyLimit', rateLimited: true });
    expect(calls()).toEqual(['SendSms', 'SendSms']); // a verdict-like refusal is not retried
    sms.close();
  });

  it('a bad signature (wrong key) and an expired timestamp are refused by the simulator: unavailable, not retried', async () => {
    const forged = new TencentSmsProvider({ ...config, secretKey: 'not-the-secret-key-000' }, opts);
    const err = await forged.sendCode('13900002222', '123456').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as ProviderUnavailableError).reason).toBe('SendSms AuthFailure.SignatureFailure');

    sim.control.clock.advance(10 * 60_000); // the simulator's clock runs 10 minutes ahead of ours
    const late = await new TencentPhoneVerifier(config, opts).start(person()).catch((e: unknown) => e);
    expect((late as ProviderUnavailableError).reason).toBe('PhoneVerification AuthFailure.SignatureExpire');
    expect(calls()).toEqual(['SendSms:AuthFailure.SignatureFailure', 'PhoneVerification:AuthFailure.SignatureExpire']);
    expect(sim.control.sms.messages()).toHaveLength(0);
    forged.close();
  });

  it('PhoneVerification: pass; InternalError twice is retried to success; a mismatch is a verdict, never retried', async () => {
    const idv = new TencentPhoneVerifier(config, opts);
    expect((await idv.start(person())).verdict).toEqual({ verdict: 'PASS' });

    sim.control.tencentcloud.failNext('PhoneVerification', { code: 'InternalError' }, 2);
    expect((await idv.start(person())).verdict).toEqual({ verdict: 'PASS' });

    const id = makeIdNumber('19700101', '246');
    sim.control.idv.script({ idNumber: id, outcome: 'mismatch', mismatchFields: ['phone'] });
    expect((await idv.start(person(id))).verdict).toEqual({ verdict: 'MISMATCH', fields: [] });
    expect(calls()).toEqual(['PhoneVerification', 'PhoneVerification:InternalError', 'PhoneVerification:InternalError', 'PhoneVerification', 'PhoneVerification']);
    expect(sim.control.tencentcloud.phoneVerifications().map((p) => p.result)).toEqual(['0', '0', '-4']);
    idv.close();
  });

  it('provider unavailable: Result -11 at once; InternalError that persists after 3 attempts; no answer in time; nothing listening', async () => {
    const idv = new TencentPhoneVerifier(config, opts);
    sim.control.idv.script({ outcome: 'unavailable' });
    await expect(idv.start(person())).rejects.toMatchObject({ name: 'ProviderUnavailableError', reason: 'PhoneVerification -11' });
    sim.control.idv.clearScripts();
    sim.control.tencentcloud.failNext('PhoneVerification', { code: 'InternalError' }, 3);
    await expect(idv.start(person())).rejects.toMatchObject({ name: 'ProviderUnavailableError', reason: 'PhoneVerification InternalError' });
    expect(calls()).toEqual(['PhoneVerification', ...Array(3).fill('PhoneVerification:InternalError')]);

    sim.control.idv.script({ outcome: 'timeout' });
    const slow = new TencentPhoneVerifier({ ...config, timeoutMs: 200 }, { ...opts, retries: 1 });
    const started = Date.now();
    await expect(slow.start(person())).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(Date.now() - started).toBeLessThan(1400);

    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const down = new TencentSmsProvider({ ...config, endpointBase: `http://127.0.0.1:${port}` }, opts);
    await expect(down.sendCode('13900003333', '123456')).rejects.toMatchObject({ name: 'ProviderUnavailableError', reason: 'SendSms network' });
    idv.close();
    slow.close();
    down.close();
  });

  it('face: DetectAuth → the hosted page returns to RedirectUrl?BizToken → GetDetectInfoEnhanced PASS with the verified ID number', async () => {
    const face = new TencentFaceVerifier(config, opts);
    const p = person();
    const started = await face.start({ ...p, extra: 'attempt-1' });
    expect(started.next.kind).toBe('redirect');
    const url = (started.next as { url: string }).url;
    expect(url).toBe(`${base}/idv/h5/verify?BizToken=${started.ref}`);
    expect(await face.complete(started.ref)).toEqual({ verdict: 'PENDING' });
    const page = await fetch(url, { redirect: 'manual' });
    expect(page.headers.get('location')).toBe(`${p.redirectUrl}?BizToken=${started.ref}`);
    expect(await face.complete(started.ref)).toEqual({ verdict: 'PASS', idNumber: p.idNumber });

    const other = makeIdNumber('19660606', '357');
    sim.control.idv.script({ idNumber: other, outcome: 'mismatch', mismatchFields: ['name'] });
    const second = await face.start(person(other));
    sim.control.idv.complete(second.ref);
    expect(await face.complete(second.ref)).toEqual({ verdict: 'MISMATCH', fields: [], reason: 'ErrCode 1101' });
    await expect(face.complete('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ name: 'ProviderRejectedError', code: 'InvalidParameterValue.BizTokenIllegal' });

    sim.control.tencentcloud.failNext('GetDetectInfoEnhanced', { code: 'InternalError' });
    expect((await face.complete(started.ref)).verdict).toBe('PASS');
    expect(calls().filter((c) => c.startsWith('GetDetectInfoEnhanced'))).toEqual([
      'GetDetectInfoEnhanced',
      'GetDetectInfoEnhanced',
      'GetDetectInfoEnhanced',
      'GetDetectInfoEnhanced:InvalidParameterValue.BizTokenIllegal',
      'GetDetectInfoEnhanced:InternalError',
      'GetDetectInfoEnhanced',
    ]);
    face.close();
  });
});
