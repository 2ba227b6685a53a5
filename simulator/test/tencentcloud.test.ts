import http from 'node:http';
import { makeIdNumber, tc3Sign, TENCENTCLOUD_HOSTS, TENCENTCLOUD_VERSIONS, verifyTc3 } from '../src';
import { startSim, type Harness } from './helpers';

// The worked example of Tencent Cloud's "Signature v3" page (API 3.0, document/api/213/30654): CVM
// DescribeInstances, POST with a JSON body, timestamp 1551113065.
const DOC = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
  service: 'cvm',
  host: 'cvm.tencentcloudapi.com',
  timestamp: 1551113065,
  contentType: 'application/json; charset=utf-8',
  payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
};

describe('TC3-HMAC-SHA256', () => {
  it('reproduces the documented example step by step', () => {
    const s = tc3Sign(DOC);
    expect(s.canonicalRequest).toBe(
      'POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    expect(s.stringToSign).toBe('TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
    expect(s.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(s.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('the server side accepts the documented request and refuses any change to it', () => {
    const headers = { authorization: tc3Sign(DOC).authorization, 'content-type': DOC.contentType, host: DOC.host, 'x-tc-timestamp': String(DOC.timestamp) };
    const req = { method: 'POST', url: '/', headers, rawBody: DOC.payload };
    const creds = { secretId: DOC.secretId, secretKey: DOC.secretKey };
    expect(verifyTc3(req, creds, 'cvm', DOC.timestamp + 299)).toBeUndefined();
    expect(verifyTc3({ ...req, rawBody: DOC.payload.replace('1', '2') }, creds, 'cvm', DOC.timestamp)?.code).toBe('AuthFailure.SignatureFailure');
    expect(verifyTc3({ ...req, headers: { ...headers, host: 'sms.tencentcloudapi.com' } }, creds, 'cvm', DOC.timestamp)?.code).toBe('AuthFailure.SignatureFailure');
    expect(verifyTc3(req, creds, 'sms', DOC.timestamp)?.code).toBe('AuthFailure.SignatureFailure'); // scope names cvm
    expect(verifyTc3(req, { ...creds, secretKey: 'x' }, 'cvm', DOC.timestamp)?.code).toBe('AuthFailure.SignatureFailure');
    expect(verifyTc3(req, { ...creds, secretId: 'AKIDother' }, 'cvm', DOC.timestamp)?.code).toBe('AuthFailure.SecretIdNotFound');
    expect(verifyTc3(req, creds, 'cvm', DOC.timestamp + 301)?.code).toBe('AuthFailure.SignatureExpire');
    expect(verifyTc3({ ...req, headers: { ...headers, authorization: 'Bearer x' } }, creds, 'cvm', DOC.timestamp)?.code).toBe('AuthFailure.InvalidAuthorization');
  });
});

type Service = keyof typeof TENCENTCLOUD_HOSTS;

/** A signed API 3.0 call sent to the simulator with the real Host header (what the BFF's adapter does). */
function tcCall(
  h: Harness,
  service: Service,
  action: string,
  params: Record<string, unknown>,
  opts: { timestamp?: number; secretKey?: string; region?: string; version?: string; tamper?: (body: string) => string } = {},
): Promise<Record<string, unknown>> {
  const c = h.sim.credentials.tencentcloud;
  const body = JSON.stringify(params);
  const timestamp = opts.timestamp ?? h.sim.clock.nowSeconds();
  const host = TENCENTCLOUD_HOSTS[service];
  const { authorization } = tc3Sign({ secretId: c.secretId, secretKey: opts.secretKey ?? c.secretKey, service, host, timestamp, payload: body });
  const sent = opts.tamper ? opts.tamper(body) : body;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: h.server.port,
        method: 'POST',
        path: '/',
        headers: {
          Host: host,
          Authorization: authorization,
          'Content-Type': 'application/json',
          'X-TC-Action': action,
          'X-TC-Version': opts.version ?? TENCENTCLOUD_VERSIONS[service],
          'X-TC-Timestamp': String(timestamp),
          'X-TC-Region': opts.region ?? 'ap-guangzhou',
          'Content-Length': Buffer.byteLength(sent),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          expect(res.statusCode).toBe(200); // API 3.0 errors travel in the body
          resolve((JSON.parse(text) as { Response: Record<string, unknown> }).Response);
        });
      },
    );
    req.on('error', reject);
    req.end(sent);
  });
}

describe('Tencent Cloud SMS and FaceID on the simulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSim({ idv: { timeoutDelayMs: 300 } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.sim.control.reset());

  const sms = (phone: string, code = '123456', extra: Record<string, unknown> = {}) => {
    const c = h.sim.credentials.tencentcloud;
    return tcCall(h, 'sms', 'SendSms', { PhoneNumberSet: [phone], SmsSdkAppId: c.smsSdkAppId, SignName: c.smsSignName, TemplateId: c.smsTemplateId, TemplateParamSet: [code], ...extra });
  };

  it('SendSms: Ok per number, the message recorded for lastCode; per-number codes for bad phones and limits', async () => {
    const r = await sms('+8613800138000', '654321');
    expect(r.RequestId).toEqual(expect.any(String));
    expect(r.SendStatusSet).toEqual([expect.objectContaining({ PhoneNumber: '+8613800138000', Code: 'Ok', Fee: 1, SerialNo: expect.stringMatching(/^2433:/) })]);
    expect(h.sim.control.sms.lastCode('13800138000')).toBe('654321');
    expect(h.sim.control.sms.messages()[0]?.content).toBe('【模拟银行】您的验证码为654321，5分钟内有效，请勿泄露给他人。');
    expect(((await sms('+8613800138000')).SendStatusSet as { Code: string }[])[0]?.Code).toBe('LimitExceeded.DeliveryFrequencyLimit');
    expect(((await sms('+86123')).SendStatusSet as { Code: string }[])[0]?.Code).toBe('InvalidParameterValue.IncorrectPhoneNumber');
    expect((await sms('+8613800138001', '1', {})).Error).toMatchObject({ Code: 'InvalidParameterValue.TemplateParameterFormatError' });
    expect((await sms('+8613800138001', '123456', { TemplateId: '999' })).Error).toMatchObject({ Code: 'FailedOperation.TemplateIncorrectOrUnapproved' });
    expect((await sms('+8613800138001', '123456', { SmsSdkAppId: '1400000000' })).Error).toMatchObject({ Code: 'UnauthorizedOperation.SmsSdkAppIdVerifyFail' });
    expect(h.sim.control.sms.messages()).toHaveLength(1);
  });

  it('refuses a bad signature, an expired timestamp, a wrong version or region, an unknown action', async () => {
    const c = h.sim.credentials.tencentcloud;
    const params = { PhoneNumberSet: ['+8613800138002'], SmsSdkAppId: c.smsSdkAppId, SignName: c.smsSignName, TemplateId: c.smsTemplateId, TemplateParamSet: ['1234'] };
    expect((await tcCall(h, 'sms', 'SendSms', params, { secretKey: 'wrong' })).Error).toMatchObject({ Code: 'AuthFailure.SignatureFailure' });
    expect((await tcCall(h, 'sms', 'SendSms', params, { tamper: (b) => b.replace('1234', '4321') })).Error).toMatchObject({ Code: 'AuthFailure.SignatureFailure' });
    expect((await tcCall(h, 'sms', 'SendSms', params, { timestamp: h.sim.clock.nowSeconds() - 301 })).Error).toMatchObject({ Code: 'AuthFailure.SignatureExpire' });
    expect((await tcCall(h, 'sms', 'SendSms', params, { version: '2019-07-11' })).Error).toMatchObject({ Code: 'NoSuchVersion' });
    expect((await tcCall(h, 'sms', 'SendSms', params, { region: 'ap-tokyo' })).Error).toMatchObject({ Code: 'UnsupportedRegion' });
    expect((await tcCall(h, 'faceid', 'SendSms', params)).Error).toMatchObject({ Code: 'InvalidAction' });
    expect(h.sim.control.sms.messages()).toHaveLength(0);
    expect(h.sim.control.tencentcloud.calls().map((x) => x.error)).toEqual([
      'AuthFailure.SignatureFailure',
      'AuthFailure.SignatureFailure',
      'AuthFailure.SignatureExpire',
      'NoSuchVersion',
      'UnsupportedRegion',
      'InvalidAction',
    ]);
  });

  it('PhoneVerification: "0" consistent, "-4" by script, "-7" for a bad ID number, "-11" when the source is down', async () => {
    const id = makeIdNumber('19900101', '321');
    const check = (idCard: string, extra: Record<string, unknown> = {}) => tcCall(h, 'faceid', 'PhoneVerification', { IdCard: idCard, Name: '王小明', Phone: '13800138000', ...extra });
    expect(await check(id)).toMatchObject({ Result: '0', Description: '三要素信息一致' });
    h.sim.control.idv.script({ idNumber: id, outcome: 'mismatch', mismatchFields: ['name'] });
    expect(await check(id, { VerifyMode: '1' })).toMatchObject({ Result: '-4', ResultDetail: 'PhoneNameMismatch' });
    expect((await check(`${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`)).Result).toBe('-7');
    h.sim.control.idv.script({ outcome: 'unavailable' });
    expect((await check(makeIdNumber())).Result).toBe('-11');
    h.sim.control.idv.clearScripts();
    h.sim.control.tencentcloud.failNext('PhoneVerification', { code: 'InternalError' });
    expect((await check(id)).Error).toMatchObject({ Code: 'InternalError' });
    expect((await check(id)).Result).toBe('0');
    expect(h.sim.control.tencentcloud.phoneVerifications().map((p) => p.result)).toEqual(['0', '-4', '-7', '-11', '0']);
  });

  it('DetectAuth → hosted page → RedirectUrl?BizToken → GetDetectInfoEnhanced ErrCode 0; mismatch and unknown tokens', async () => {
    const rule = h.sim.credentials.tencentcloud.faceIdRuleId;
    const id = makeIdNumber('19851231', '456');
    const start = await tcCall(h, 'faceid', 'DetectAuth', { RuleId: rule, IdCard: id, Name: '李雷', RedirectUrl: 'https://bank.example/api/h5/verification/return', Extra: 'inv-1' });
    const bizToken = start.BizToken as string;
    expect(bizToken).toMatch(/^[0-9A-F-]{36}$/);
    expect(start.Url).toBe(`${h.base}/idv/h5/verify?BizToken=${bizToken}`);
    const pending = await tcCall(h, 'faceid', 'GetDetectInfoEnhanced', { BizToken: bizToken, RuleId: rule, InfoType: '1' });
    expect(pending.Text).toMatchObject({ ErrCode: null, IdCard: id });
    const page = await fetch(start.Url as string, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe(`https://bank.example/api/h5/verification/return?BizToken=${bizToken}`);
    const done = await tcCall(h, 'faceid', 'GetDetectInfoEnhanced', { BizToken: bizToken, RuleId: rule, InfoType: '1' });
    expect(done.Text).toMatchObject({ ErrCode: 0, IdCard: id, Name: '李雷', Extra: 'inv-1' });

    h.sim.control.idv.script({ idNumber: id, outcome: 'mismatch', mismatchFields: ['idNumber'] });
    const second = await tcCall(h, 'faceid', 'DetectAuth', { RuleId: rule, IdCard: id, Name: '李雷', RedirectUrl: 'https://bank.example/r' });
    h.sim.control.idv.complete(second.BizToken as string);
    expect(((await tcCall(h, 'faceid', 'GetDetectInfoEnhanced', { BizToken: second.BizToken, RuleId: rule })).Text as { ErrCode: number }).ErrCode).toBe(1101);
    expect((await tcCall(h, 'faceid', 'GetDetectInfoEnhanced', { BizToken: 'NOPE', RuleId: rule })).Error).toMatchObject({ Code: 'InvalidParameterValue.BizTokenIllegal' });
    expect((await tcCall(h, 'faceid', 'DetectAuth', { RuleId: '999', IdCard: id, Name: '李雷' })).Error).toMatchObject({ Code: 'InvalidParameterValue.RuleIdNotExist' });
    h.sim.control.idv.script({ outcome: 'unavailable' });
    expect((await tcCall(h, 'faceid', 'DetectAuth', { RuleId: rule, IdCard: makeIdNumber(), Name: '李雷' })).Error).toMatchObject({ Code: 'InternalError' });
  });

  it('an unfinished BizToken expires after 7200 s', async () => {
    const rule = h.sim.credentials.tencentcloud.faceIdRuleId;
    const start = await tcCall(h, 'faceid', 'DetectAuth', { RuleId: rule, IdCard: makeIdNumber(), Name: '韩梅梅', RedirectUrl: 'https://bank.example/r' });
    h.sim.control.clock.advance(7201_000);
    const r = await tcCall(h, 'faceid', 'GetDetectInfoEnhanced', { BizToken: start.BizToken, RuleId: rule });
    expect(r.Error).toMatchObject({ Code: 'InvalidParameterValue.BizTokenExpired' });
  });
});
