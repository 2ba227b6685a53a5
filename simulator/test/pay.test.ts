import { generateKeyPairSync } from 'node:crypto';
import { decryptPayResource, PAY_RETRY_SCHEDULE_SECONDS, paySignMessage, rsaSign, verifyPaySignature } from '../src';
import { payFetch, startReceiver, startSim, type Harness, type Reply } from './helpers';

describe('WeChat Pay v3', () => {
  let h: Harness;
  let replies: Reply[] = [];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let openid: string;
  beforeAll(async () => {
    h = await startSim();
    receiver = await startReceiver((_r, i) => replies[i] ?? { status: 204 });
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });
  beforeEach(() => {
    h.sim.control.reset();
    replies = [];
    receiver.requests.length = 0;
    openid = h.sim.control.seed({ oaUsers: [{ nickname: '付款人' }] }).oaUsers[0]!.openid;
  });

  const order = (outTradeNo: string, extra: Record<string, unknown> = {}) => ({
    appid: h.sim.credentials.oa.appId,
    mchid: h.sim.credentials.pay.mchId,
    description: '稳健理财A-认购',
    out_trade_no: outTradeNo,
    notify_url: `${receiver.url}/pay/notify`,
    amount: { total: 100, currency: 'CNY' },
    payer: { openid },
    ...extra,
  });

  const verifyResponse = (res: { headers: Headers; text: string }) => {
    expect(res.headers.get('wechatpay-serial')).toBe(h.sim.credentials.pay.platformPublicKeyId);
    expect(res.headers.get('wechatpay-serial')).toMatch(/^PUB_KEY_ID_\d{32}$/);
    const ok = verifyPaySignature(
      h.sim.credentials.pay.platformPublicKey,
      { timestamp: res.headers.get('wechatpay-timestamp') ?? '', nonce: res.headers.get('wechatpay-nonce') ?? '', signature: res.headers.get('wechatpay-signature') ?? '' },
      res.text,
    );
    expect(ok).toBe(true);
  };

  it('creates a JSAPI order with a valid merchant signature; the signed response verifies with the platform key', async () => {
    const res = await payFetch(h, 'POST', '/v3/pay/transactions/jsapi', order('PFS20261124001'));
    expect(res.status).toBe(200);
    expect(res.json?.prepay_id).toMatch(/^wx\w{20,}$/);
    verifyResponse(res);
    // Identical re-submission: same prepay_id. Same number, different content: 400 INVALID_REQUEST.
    expect((await payFetch(h, 'POST', '/v3/pay/transactions/jsapi', order('PFS20261124001'))).json?.prepay_id).toBe(res.json?.prepay_id);
    const conflict = await payFetch(h, 'POST', '/v3/pay/transactions/jsapi', order('PFS20261124001', { amount: { total: 200 } }));
    expect([conflict.status, conflict.json?.code]).toEqual([400, 'INVALID_REQUEST']);

    const q = await payFetch(h, 'GET', `/v3/pay/transactions/out-trade-no/PFS20261124001?mchid=${h.sim.credentials.pay.mchId}`);
    expect(q.status).toBe(200);
    expect(q.json).toMatchObject({ out_trade_no: 'PFS20261124001', trade_state: 'NOTPAY', amount: { total: 100 } });
    verifyResponse(q);
    const missing = await payFetch(h, 'GET', `/v3/pay/transactions/out-trade-no/NOPE000001?mchid=${h.sim.credentials.pay.mchId}`);
    expect([missing.status, missing.json?.code]).toEqual([404, 'ORDER_NOT_EXIST']);

    // Closing answers 204 with an empty, still signed, body; a closed order cannot be paid.
    const closed = await payFetch(h, 'POST', '/v3/pay/transactions/out-trade-no/PFS20261124001/close', { mchid: h.sim.credentials.pay.mchId });
    expect([closed.status, closed.text]).toEqual([204, '']);
    verifyResponse(closed);
    expect(h.sim.control.pay.order('PFS20261124001')?.tradeState).toBe('CLOSED');
    expect(() => h.sim.control.pay.pay('PFS20261124001')).toThrow(/CLOSED/);
  });

  it('rejects a bad merchant signature, a tampered body, a stale timestamp and a wrong serial with 401 SIGN_ERROR', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const wrongKey = await payFetch(h, 'POST', '/v3/pay/transactions/jsapi', order('PFS0000000002'), { privateKey: otherKey.privateKey });
    expect([wrongKey.status, wrongKey.json?.code]).toEqual([401, 'SIGN_ERROR']);
    verifyResponse(wrongKey);
    const stale = await payFetch(h, 'POST', '/v3/pay/transactions/jsapi', order('PFS0000000002'), { timestamp: h.sim.clock.nowSeconds() - 600 });
    expect(stale.status).toBe(401);
    const serial = await payFetch(h, 'POST', '/v3/pay/transactions/jsapi', order('PFS0000000002'), { serialNo: 'ABCDEF' });
    expect(serial.status).toBe(401);
    // Signature over the body actually sent, not a re-serialisation: change one byte after signing.
    const pay = h.sim.credentials.pay;
    const { buildPayAuthorization } = await import('../src');
    const body = JSON.stringify(order('PFS0000000002'));
    const auth = buildPayAuthorization({ mchId: pay.mchId, serialNo: pay.merchantSerialNo, privateKey: pay.merchantPrivateKey, method: 'POST', pathWithQuery: '/v3/pay/transactions/jsapi', body, timestamp: h.sim.clock.nowSeconds() });
    const tampered = await fetch(`${h.base}/mch/v3/pay/transactions/jsapi`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: body.replace('100', '1') });
    expect(tampered.status).toBe(401);
    const none = await fetch(`${h.base}/mch/v3/pay/transactions/jsapi`, { method: 'POST', body });
    expect(none.status).toBe(401);
    expect(h.sim.control.pay.orders()).toHaveLength(0);
  });

  it('validates like the gateway: https notify_url without query, appid bound to the mchid, amount', async () => {
    const bad = async (extra: Record<string, unknown>) => (await payFetch(h, 'POST', '/v3/pay/transactions/jsapi', order('PFS0000000003', extra))).json?.code;
    expect(await bad({ notify_url: 'http://bank.example/notify' })).toBe('PARAM_ERROR');
    expect(await bad({ notify_url: `${receiver.url}/notify?x=1` })).toBe('PARAM_ERROR');
    expect(await bad({ appid: 'wxnotbound000000' })).toBe('APPID_MCHID_NOT_MATCH');
    expect(await bad({ amount: { total: 0 } })).toBe('PARAM_ERROR');
    expect(await bad({ out_trade_no: 'a b' })).toBe('PARAM_ERROR');
    h.sim.control.pay.failNext('jsapi', { status: 500, code: 'SYSTEM_ERROR' });
    expect(await bad({})).toBe('SYSTEM_ERROR');
    expect((await payFetch(h, 'POST', '/v3/pay/transactions/jsapi', order('PFS0000000003'))).status).toBe(200);
  });

  it('pay → TRANSACTION.SUCCESS notification: platform-signed, AES-GCM encrypted, retried on the scaled schedule until 204', async () => {
    await payFetch(h, 'POST', '/v3/pay/transactions/jsapi', order('PFS0000000004', { attach: 'lead=42' }));
    replies = [{ status: 500 }, { status: 500, body: '{"code":"FAIL","message":"失败"}' }, { status: 503 }, { status: 204 }];
    const paid = h.sim.control.pay.pay('PFS0000000004');
    const record = await paid.delivered;
    expect(record.status).toBe('delivered');
    expect(record.attempts.map((a) => a.status)).toEqual([500, 500, 503, 204]);
    const gaps = record.attempts.slice(1).map((a, i) => a.realAt - record.attempts[i]!.realAt);
    // 15 s, 15 s, 30 s × 0.001 (each gap at least the scheduled delay, and not wildly more).
    [15, 15, 30].forEach((ms, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(ms - 1);
      expect(gaps[i]).toBeLessThan(ms + 200);
    });

    expect(receiver.requests).toHaveLength(4);
    const apiV3Key = h.sim.credentials.pay.apiV3Key;
    for (const req of receiver.requests) {
      const hd = (n: string) => String(req.headers[n] ?? '');
      expect(hd('wechatpay-serial')).toBe(h.sim.credentials.pay.platformPublicKeyId);
      expect(hd('wechatpay-signature-type')).toBe('WECHATPAY2-SHA256-RSA2048');
      expect(verifyPaySignature(h.sim.credentials.pay.platformPublicKey, { timestamp: hd('wechatpay-timestamp'), nonce: hd('wechatpay-nonce'), signature: hd('wechatpay-signature') }, req.body)).toBe(true);
    }
    // Re-signed per attempt (fresh nonce), same notification id.
    expect(new Set(receiver.requests.map((r) => r.headers['wechatpay-nonce'])).size).toBe(4);
    const body = JSON.parse(receiver.requests[0]!.body) as { id: string; event_type: string; resource_type: string; resource: { algorithm: string; ciphertext: string; nonce: string; associated_data: string; original_type: string } };
    expect(body).toMatchObject({ event_type: 'TRANSACTION.SUCCESS', resource_type: 'encrypt-resource', resource: { algorithm: 'AEAD_AES_256_GCM', original_type: 'transaction' } });
    expect(body.resource.nonce).toHaveLength(12);
    const tx = JSON.parse(decryptPayResource(apiV3Key, body.resource.ciphertext, body.resource.nonce, body.resource.associated_data)) as Record<string, unknown>;
    expect(tx).toMatchObject({
      mchid: h.sim.credentials.pay.mchId,
      appid: h.sim.credentials.oa.appId,
      out_trade_no: 'PFS0000000004',
      transaction_id: paid.transactionId,
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      attach: 'lead=42',
      payer: { openid },
      amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
    });
    expect(tx.success_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(() => decryptPayResource('x'.repeat(32), body.resource.ciphertext, body.resource.nonce, body.resource.associated_data)).toThrow();

    const q = await payFetch(h, 'GET', `/v3/pay/transactions/out-trade-no/PFS0000000004?mchid=${h.sim.credentials.pay.mchId}`);
    expect(q.json).toMatchObject({ trade_state: 'SUCCESS', transaction_id: paid.transactionId });
  });

  it('runs the whole 16-attempt schedule when the receiver never succeeds (a 200 with a FAIL body counts as success)', async () => {
    const fast = await startSim({ timeScale: 0.00001, credentials: h.sim.credentials });
    try {
      const failing = await startReceiver(() => ({ status: 500 }));
      const lenient = await startReceiver(() => ({ status: 200, body: '{"code":"FAIL","message":"失败"}' }));
      try {
        fast.sim.control.seed({ oaUsers: [{ openid }] });
        for (const [no, url] of [['PFS0000000005', failing.url], ['PFS0000000006', lenient.url]] as const) {
          const r = await payFetch(fast, 'POST', '/v3/pay/transactions/jsapi', { ...order(no), notify_url: `${url}/n` });
          expect(r.status).toBe(200);
        }
        const [failed, ok] = await Promise.all([fast.sim.control.pay.pay('PFS0000000005').delivered, fast.sim.control.pay.pay('PFS0000000006').delivered]);
        expect(failed.status).toBe('failed');
        expect(failed.attempts).toHaveLength(1 + PAY_RETRY_SCHEDULE_SECONDS.length);
        expect(failing.requests).toHaveLength(16);
        const total = failed.attempts[15]!.realAt - failed.attempts[0]!.realAt;
        expect(total).toBeGreaterThanOrEqual(86_640 * 1000 * 0.00001 - 5); // ≈ 24 h 4 m scaled
        expect(ok.status).toBe('delivered');
        expect(ok.attempts).toHaveLength(1);
      } finally {
        await failing.close();
        await lenient.close();
      }
    } finally {
      await fast.close();
    }
  });

  it('verifies a JSAPI paySign made with the merchant key', () => {
    const pay = h.sim.credentials.pay;
    const input = { appId: h.sim.credentials.oa.appId, timeStamp: '1700000000', nonceStr: 'abc', package: 'prepay_id=wx1' };
    const paySign = rsaSign(pay.merchantPrivateKey, paySignMessage(input.appId, input.timeStamp, input.nonceStr, input.package));
    expect(h.sim.control.pay.verifyPaySign({ ...input, paySign })).toBe(true);
    expect(h.sim.control.pay.verifyPaySign({ ...input, package: 'prepay_id=wx2', paySign })).toBe(false);
  });
});
