import { generateKeyPairSync } from 'node:crypto';
import { createSimulator, type Simulator } from '@pfs/simulator';
import type { WechatPaySettings } from '../platform/platform-settings';
import { WechatPayClient, type WechatPayClientOptions } from './wechatpay-client';
import { WechatPayApiError, WechatPayUnavailableError } from './wechatpay-errors';

let sim: Simulator;
let settings: WechatPaySettings;
let appId: string;
let seq = 0;

beforeAll(async () => {
  sim = createSimulator({ timeScale: 0.001 });
  const { urls } = await sim.listen(0);
  const c = sim.credentials.pay;
  appId = sim.credentials.oa.appId;
  settings = {
    apiBase: urls.pay,
    mchId: c.mchId,
    serial: c.merchantSerialNo,
    privateKey: c.merchantPrivateKey,
    apiV3Key: c.apiV3Key,
    publicKey: c.platformPublicKey,
    publicKeyId: c.platformPublicKeyId,
  };
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => sim.control.reset());

const client = (opts: Partial<WechatPayClientOptions> = {}) => new WechatPayClient({ settings, appId, minRetryDelayMs: 5, ...opts });
const otherKeys = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const order = (overrides: Record<string, unknown> = {}) => ({
  outTradeNo: `T${Date.now()}${++seq}`,
  description: '理财产品认购费',
  amountFen: 1234,
  payerOpenid: 'o_payer_0001',
  // Loopback http is what the simulator accepts besides https.
  notifyUrl: 'http://127.0.0.1:9/wechatpay/notify',
  ...overrides,
});
const calls = (api: string) => sim.control.pay.callLog().filter((c) => c.api === api);

describe('WechatPayClient against the simulator', () => {
  it('creates a JSAPI order signed with the merchant key (the simulator verifies it) and gets a prepay_id', async () => {
    const input = order({ attach: 'campaign=2026', timeExpire: new Date(Date.now() + 30 * 60_000) });
    const { prepayId } = await client().createJsapiOrder(input);
    expect(prepayId).toMatch(/^wx\w+$/);
    expect(calls('jsapi').map((c) => c.errcode)).toEqual([200]);
    const stored = sim.control.pay.order(input.outTradeNo);
    expect(stored).toMatchObject({
      appid: appId,
      mchid: settings.mchId,
      prepayId,
      notifyUrl: input.notifyUrl,
      attach: 'campaign=2026',
      amount: { total: 1234, currency: 'CNY' },
      payer: { openid: 'o_payer_0001' },
      tradeState: 'NOTPAY',
    });
    expect(stored?.timeExpire).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  });

  it('signs the payment-sheet parameters with the merchant key', async () => {
    const c = client();
    const { prepayId } = await c.createJsapiOrder(order());
    const params = c.paymentParams(prepayId);
    expect(params).toMatchObject({ appId, package: `prepay_id=${prepayId}`, signType: 'RSA' });
    expect(params.nonceStr).toMatch(/^[0-9a-f]{32}$/);
    expect(sim.control.pay.verifyPaySign(params)).toBe(true);
    expect(sim.control.pay.verifyPaySign({ ...params, package: 'prepay_id=wx000' })).toBe(false);
  });

  it('queries an order: NOTPAY, then SUCCESS with the transaction id once paid', async () => {
    const c = client();
    const input = order();
    await c.createJsapiOrder(input);
    expect(await c.queryOrder(input.outTradeNo)).toMatchObject({ out_trade_no: input.outTradeNo, trade_state: 'NOTPAY', amount: { total: 1234 } });
    // Nobody listens on port 9: the notification is not delivered (retried until the reset), the order is paid.
    const paid = sim.control.pay.pay(input.outTradeNo);
    const tx = await c.queryOrder(input.outTradeNo);
    expect(tx).toMatchObject({ trade_state: 'SUCCESS', transaction_id: paid.transactionId, payer: { openid: 'o_payer_0001' }, mchid: settings.mchId });
    expect(tx.success_time).toMatch(/\+08:00$/);
  });

  it('an unknown order is a typed 404 ORDER_NOT_EXIST, not retried', async () => {
    const err = await client()
      .queryOrder('NOSUCHORDER1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatPayApiError);
    expect(err).toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST' });
    expect(calls('query')).toHaveLength(1);
  });

  it('closes an unpaid order', async () => {
    const c = client();
    const input = order();
    await c.createJsapiOrder(input);
    await c.closeOrder(input.outTradeNo);
    expect(sim.control.pay.order(input.outTradeNo)?.tradeState).toBe('CLOSED');
  });

  it('a request signed with the wrong merchant key is refused (401 SIGN_ERROR) and not retried', async () => {
    const err = await client({ settings: { ...settings, privateKey: otherKeys().privateKey } })
      .createJsapiOrder(order())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 401, code: 'SIGN_ERROR' });
    expect(calls('jsapi')).toHaveLength(1);
  });

  it('refuses answers not signed by the configured WeChat Pay public key', async () => {
    const wrongKey = await client({ settings: { ...settings, publicKey: otherKeys().publicKey }, retries: 0 })
      .createJsapiOrder(order())
      .catch((e: unknown) => e);
    expect(wrongKey).toBeInstanceOf(WechatPayUnavailableError);
    expect(wrongKey).toMatchObject({ reason: 'response signature: bad_signature' });
    const wrongSerial = await client({ settings: { ...settings, publicKeyId: 'PUB_KEY_ID_00000000000000000000000000000000' }, retries: 0 })
      .createJsapiOrder(order())
      .catch((e: unknown) => e);
    expect(wrongSerial).toMatchObject({ reason: 'response signature: unknown_serial' });
  });

  it('retries a gateway error (500 SYSTEM_ERROR) and then succeeds; the re-submission is the same order', async () => {
    sim.control.pay.failNext('jsapi', { status: 500, code: 'SYSTEM_ERROR' }, 2);
    const input = order();
    const { prepayId } = await client().createJsapiOrder(input);
    expect(calls('jsapi').map((c) => c.errcode)).toEqual([500, 500, 200]);
    expect(sim.control.pay.order(input.outTradeNo)?.prepayId).toBe(prepayId);
  });

  it('an unreachable host is a typed WechatPayUnavailableError after bounded retries', async () => {
    const err = await client({ settings: { ...settings, apiBase: 'http://127.0.0.1:9/mch' }, retries: 1, timeoutMs: 500 })
      .queryOrder('ANYORDER01')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatPayUnavailableError);
    expect(err).toMatchObject({ api: '/v3/pay/transactions/out-trade-no/{no}' });
  });
});
