/**
 * TRANSACTION.SUCCESS notifications: resource encrypted with the APIv3 key, body signed with the platform
 * key. Success is HTTP 200 or 204 (the body is ignored); anything else, or no answer within the timeout, is
 * retried on WeChat Pay's schedule (15s, 15s, 30s, 3m, … 6h), multiplied by `timeScale`.
 */
import { randomUUID } from 'node:crypto';
import { runDelivery } from '../core/deliver';
import { randomString } from '../core/ids';
import type { Sim } from '../core/sim';
import type { DeliveryRecord, PayOrder } from '../core/world';
import { encryptPayResource } from './aead';
import { rfc3339Beijing, transactionJson } from './orders';
import { PAY_SCHEME, payNonce, payResponseMessage, rsaSign } from './sign';

export interface NotifyHandle {
  record: DeliveryRecord;
  /** Settles once delivered, out of retries, or cancelled by reset/close. Never rejects. */
  delivered: Promise<DeliveryRecord>;
}

export function signedPayHeaders(sim: Sim, body: string): Record<string, string> {
  const timestamp = String(sim.clock.nowSeconds());
  const nonce = payNonce();
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': rsaSign(sim.credentials.pay.platformPrivateKey, payResponseMessage(timestamp, nonce, body)),
    'Wechatpay-Serial': sim.credentials.pay.platformPublicKeyId,
    'Wechatpay-Signature-Type': PAY_SCHEME,
  };
}

export function sendPayNotification(sim: Sim, order: PayOrder): NotifyHandle {
  const plaintext = JSON.stringify(transactionJson(order));
  const nonce = randomString(12);
  const associatedData = 'transaction';
  const body = JSON.stringify({
    id: randomUUID(),
    create_time: rfc3339Beijing(sim.clock.now()),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: encryptPayResource(sim.credentials.pay.apiV3Key, plaintext, nonce, associatedData),
      associated_data: associatedData,
      nonce,
    },
  });
  const record: DeliveryRecord = {
    id: randomUUID(),
    kind: 'pay_notify',
    url: order.notifyUrl,
    plaintext,
    body,
    headers: {},
    status: 'pending',
    attempts: [],
    meta: { out_trade_no: order.outTradeNo, transaction_id: order.transactionId ?? '' },
  };
  sim.world.pay.notifications.push(record);

  const delivered = runDelivery(sim, record, {
    delaysMs: [0, ...sim.options.pay.retryScheduleSeconds.map((sec) => sec * 1000 * sim.options.timeScale)],
    timeoutMs: sim.options.pay.notifyTimeoutMs,
    // Each attempt is signed afresh: receivers reject timestamps older than 5 minutes and retries span a day.
    headersFor: () => ({ 'Content-Type': 'application/json', ...signedPayHeaders(sim, body) }),
    isSuccess: (status) => status === 200 || status === 204,
  });
  return { record, delivered };
}
