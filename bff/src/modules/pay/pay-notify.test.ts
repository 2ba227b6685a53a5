import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createSimulator, encryptPayResource, payResponseMessage, rsaSign, type Simulator } from '@pfs/simulator';
import pino from 'pino';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { PayService } from './pay.service';
import { notifyUrlFrom, WECHATPAY_NOTIFY_PATH } from './pay.routes';
import { WechatPayClient } from './wechatpay-client';

let t: TestApp;
let sim: Simulator;
let server: http.Server;
let notifyUrl: string;
let service: PayService;
const logLines: string[] = [];

beforeAll(async () => {
  // The app on its own database and Redis, with WeChat Pay pointed at a simulator of this file (only Pay is needed:
  // no WeCom seed). Routes read deps per request, so wiring the client after buildApp is the same as at start-up.
  t = await createTestApp({ seed: false, logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }) });
  // Fast retries, but WeChat Pay's real 5 s answer timeout: a cold first request may take a moment.
  sim = createSimulator({ timeScale: 0.001, pay: { notifyTimeoutMs: 5000 } });
  const { urls } = await sim.listen(0);
  const c = sim.credentials.pay;
  t.deps.wechatPay = new WechatPayClient({
    settings: { apiBase: urls.pay, mchId: c.mchId, serial: c.merchantSerialNo, privateKey: c.merchantPrivateKey, apiV3Key: c.apiV3Key, publicKey: c.platformPublicKey, publicKeyId: c.platformPublicKeyId },
    appId: sim.credentials.oa.appId,
    minRetryDelayMs: 5,
  });
  server = http.createServer(t.app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  notifyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WECHATPAY_NOTIFY_PATH}`;
  service = new PayService(t.deps.db.prisma, t.deps.wechatPay!, t.deps.clock);
});
afterAll(async () => {
  await sim?.close();
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  await t?.close();
});

const prisma = () => t.deps.db.prisma;
const newOrder = () => service.createJsapiOrder({ description: '基金申购手续费', amountFen: 880, payerOpenid: 'o_notify_payer', notifyUrl });

/** A notification as WeChat Pay would build it, with knobs to make it wrong. */
function notification(
  transaction: Record<string, unknown>,
  opts: { timestamp?: number; serial?: string; apiV3Key?: string; signWith?: string } = {},
): { body: string; headers: Record<string, string> } {
  const pay = sim.credentials.pay;
  const nonce = 'n0nce4tests0';
  const body = JSON.stringify({
    id: randomUUID(),
    create_time: '2026-11-24T10:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: encryptPayResource(opts.apiV3Key ?? pay.apiV3Key, JSON.stringify(transaction), nonce, 'transaction'),
      associated_data: 'transaction',
      nonce,
    },
  });
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const headerNonce = randomUUID().replace(/-/g, '').toUpperCase();
  return {
    body,
    headers: {
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': headerNonce,
      'Wechatpay-Signature': rsaSign(opts.signWith ?? pay.platformPrivateKey, payResponseMessage(timestamp, headerNonce, body)),
      'Wechatpay-Serial': opts.serial ?? pay.platformPublicKeyId,
      'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
    },
  };
}

const paidTransaction = (outTradeNo: string, transactionId = `4200${Date.now()}`) => ({
  appid: sim.credentials.oa.appId,
  mchid: sim.credentials.pay.mchId,
  out_trade_no: outTradeNo,
  transaction_id: transactionId,
  trade_type: 'JSAPI',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  bank_type: 'OTHERS',
  attach: '',
  success_time: '2026-11-24T10:00:00+08:00',
  payer: { openid: 'o_notify_payer' },
  amount: { total: 880, payer_total: 880, currency: 'CNY', payer_currency: 'CNY' },
});

const post = (n: { body: string; headers: Record<string, string> }) =>
  t.http.post(WECHATPAY_NOTIFY_PATH).set(n.headers).set('Content-Type', 'application/json').send(n.body);

describe('WeChat Pay notifications (POST /wechatpay/notify)', () => {
  it('creates the order row, then the simulator pays: the notification is accepted once and the order is SUCCESS', async () => {
    const created = await newOrder();
    expect(await prisma().paymentOrder.findUnique({ where: { outTradeNo: created.outTradeNo } })).toMatchObject({
      tradeState: 'NOTPAY',
      prepayId: created.prepayId,
      amountFen: 880n,
      transactionId: null,
    });
    expect(sim.control.pay.verifyPaySign(created.payment)).toBe(true);

    const paid = sim.control.pay.pay(created.outTradeNo);
    const record = await paid.delivered;
    expect(record.status).toBe('delivered');
    expect(record.attempts.map((a) => a.status)).toEqual([204]);

    const order = await prisma().paymentOrder.findUnique({ where: { outTradeNo: created.outTradeNo } });
    expect(order).toMatchObject({ tradeState: 'SUCCESS', transactionId: paid.transactionId });
    expect(order?.paidAt).toBeInstanceOf(Date);
    const rows = await prisma().paymentNotification.findMany({ where: { outTradeNo: created.outTradeNo } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ transactionId: paid.transactionId, eventType: 'TRANSACTION.SUCCESS', tradeState: 'SUCCESS', amountFen: 880n });

    // WeChat Pay sends it again (a new delivery, new notification id, same transaction): 2xx, no second effect.
    const again = await sim.control.pay.resendNotification(created.outTradeNo).delivered;
    expect(again.attempts.map((a) => a.status)).toEqual([204]);
    // And the very same request once more (same body and signature, still fresh).
    const replayed = await post({ body: record.body, headers: record.attempts[0]!.requestHeaders! });
    expect(replayed.status).toBe(204);
    expect(await prisma().paymentNotification.count({ where: { outTradeNo: created.outTradeNo } })).toBe(1);
    expect(await prisma().paymentOrder.findUnique({ where: { outTradeNo: created.outTradeNo } })).toMatchObject({ tradeState: 'SUCCESS', paidAt: order?.paidAt });
  });

  it('concurrent deliveries of one transaction (retry racing a resend): both 2xx, one row', async () => {
    const { outTradeNo } = await newOrder();
    const tx = paidTransaction(outTradeNo);
    const results = await Promise.all([post(notification(tx)), post(notification(tx)), post(notification(tx))]);
    expect(results.map((r) => r.status)).toEqual([204, 204, 204]);
    expect(await prisma().paymentNotification.count({ where: { outTradeNo } })).toBe(1);
    expect((await prisma().paymentOrder.findUnique({ where: { outTradeNo } }))?.transactionId).toBe(tx.transaction_id);
  });

  it('a tampered body is refused: 401 {"code":"FAIL"}, nothing recorded', async () => {
    const { outTradeNo } = await newOrder();
    const n = notification(paidTransaction(outTradeNo));
    const res = await post({ ...n, body: n.body.replace('支付成功', '支付成功 ') });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 'FAIL', message: expect.any(String) });
    expect(await prisma().paymentNotification.count({ where: { outTradeNo } })).toBe(0);
    expect((await prisma().paymentOrder.findUnique({ where: { outTradeNo } }))?.tradeState).toBe('NOTPAY');
  });

  it('an unknown Wechatpay-Serial is refused (401), even when the signature itself is good', async () => {
    const { outTradeNo } = await newOrder();
    const res = await post(notification(paidTransaction(outTradeNo), { serial: 'PUB_KEY_ID_01142321349124100000000000000000' }));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('FAIL');
    expect(await prisma().paymentNotification.count({ where: { outTradeNo } })).toBe(0);
  });

  it('a replay older than 5 minutes is refused (401) although correctly signed; a fresh copy is accepted', async () => {
    const { outTradeNo } = await newOrder();
    const tx = paidTransaction(outTradeNo);
    const old = await post(notification(tx, { timestamp: Math.floor(Date.now() / 1000) - 301 }));
    expect(old.status).toBe(401);
    expect(old.body).toMatchObject({ code: 'FAIL' });
    const future = await post(notification(tx, { timestamp: Math.floor(Date.now() / 1000) + 301 }));
    expect(future.status).toBe(401);
    expect(await prisma().paymentNotification.count({ where: { outTradeNo } })).toBe(0);
    expect((await post(notification(tx))).status).toBe(204);
    expect(await prisma().paymentNotification.count({ where: { outTradeNo } })).toBe(1);
  });

  it('missing signature headers → 400; a resource not encrypted with our APIv3 key → 400; both FAIL', async () => {
    const { outTradeNo } = await newOrder();
    const n = notification(paidTransaction(outTradeNo));
    const { 'Wechatpay-Signature': _dropped, ...unsigned } = n.headers;
    const noSignature = await post({ body: n.body, headers: unsigned });
    expect(noSignature.status).toBe(400);
    expect(noSignature.body.code).toBe('FAIL');
    const wrongKey = await post(notification(paidTransaction(outTradeNo), { apiV3Key: 'x'.repeat(32) }));
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.body.code).toBe('FAIL');
    expect(await prisma().paymentNotification.count({ where: { outTradeNo } })).toBe(0);
  });

  it('a verified notification for an order we do not have → 404 FAIL (WeChat Pay keeps it and retries)', async () => {
    const res = await post(notification(paidTransaction('P00000000000000unknown01')));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'FAIL' });
  });

  it('an order without notifyUrl uses WECHATPAY_NOTIFY_URL (else PUBLIC_BASE_URL + /wechatpay/notify), and it is notified there', async () => {
    expect(notifyUrlFrom({ WECHATPAY_NOTIFY_URL: undefined, PUBLIC_BASE_URL: 'https://bank.example' })).toBe('https://bank.example/wechatpay/notify');
    const configured = new PayService(prisma(), t.deps.wechatPay!, t.deps.clock, undefined, { notifyUrl: notifyUrlFrom({ WECHATPAY_NOTIFY_URL: notifyUrl, PUBLIC_BASE_URL: 'https://unused.example' }) });
    const order = await configured.createJsapiOrder({ description: '默认通知地址', amountFen: 100, payerOpenid: 'o_notify_default' });
    expect(sim.control.pay.order(order.outTradeNo)?.notifyUrl).toBe(notifyUrl);
    await sim.control.pay.pay(order.outTradeNo).delivered;
    expect((await prisma().paymentOrder.findUniqueOrThrow({ where: { outTradeNo: order.outTradeNo } })).tradeState).toBe('SUCCESS');
    await expect(new PayService(prisma(), t.deps.wechatPay!, t.deps.clock).createJsapiOrder({ description: 'x', amountFen: 1, payerOpenid: 'o' })).rejects.toThrow('no notify_url');
  });

  it('the order query is the fallback when a notification is late: syncOrder stores SUCCESS', async () => {
    const { outTradeNo } = await newOrder();
    const paid = sim.control.pay.pay(outTradeNo);
    const synced = await service.syncOrder(outTradeNo);
    expect(synced).toMatchObject({ tradeState: 'SUCCESS', transactionId: paid.transactionId });
    await paid.delivered;
    // The notification that follows is still recorded, once.
    expect(await prisma().paymentNotification.count({ where: { outTradeNo } })).toBe(1);
  });
});

describe('logging', () => {
  it('logs outcomes and ids, never the content (payer, amounts, ciphertext, signatures)', () => {
    const text = logLines.join('');
    expect(text).toContain('wechat pay: notification accepted');
    expect(text).toContain('wechat pay: notification refused');
    for (const secret of ['o_notify_payer', 'ciphertext', 'Wechatpay-Signature', sim.credentials.pay.apiV3Key, '"amount']) expect(text).not.toContain(secret);
  });
});

describe('without WeChat Pay configured', () => {
  it('answers 503 in the shared error shape', async () => {
    const bare = await createTestApp({ seed: false });
    try {
      const res = await bare.http.post(WECHATPAY_NOTIFY_PATH).set('Content-Type', 'application/json').send('{}');
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    } finally {
      await bare.close();
    }
  });
});
