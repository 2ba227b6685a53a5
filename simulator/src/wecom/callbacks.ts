/**
 * Delivery of encrypted event callbacks to the configured URL, with WeCom's retry behaviour: an attempt that
 * gets no HTTP 200 in time (5 s on the real platform) is retried, 3 attempts in all. Every attempt is recorded.
 */
import { randomUUID } from 'node:crypto';
import { runDelivery } from '../core/deliver';
import { appendQuery, httpRequest } from '../core/http';
import { randomDigits } from '../core/ids';
import type { Sim } from '../core/sim';
import type { DeliveryRecord } from '../core/world';
import { buildCallbackEnvelope, encryptWecomMessage, wecomSignature } from './crypto';
import { buildEventXml, fieldsToObject, type XmlFields } from './events';

export interface CallbackHandle {
  /** The recorded delivery; its `attempts` fill in as they happen. */
  record: DeliveryRecord;
  /** Settles when the delivery succeeded, ran out of attempts, was skipped (no URL) or cancelled (reset). Never rejects. */
  delivered: Promise<DeliveryRecord>;
}

export function deliverWecomEvent(sim: Sim, fields: XmlFields): CallbackHandle {
  const { corpId, agentId, callbackToken, encodingAESKey } = sim.credentials.wecom;
  const xml = buildEventXml(fields);
  const encrypted = encryptWecomMessage(encodingAESKey, xml, corpId);
  const body = buildCallbackEnvelope(corpId, agentId, encrypted);
  // Retries carry the same timestamp, nonce and ciphertext: it is the same message being re-sent.
  const timestamp = String(sim.clock.nowSeconds());
  const nonce = randomDigits(10);
  const msgSignature = wecomSignature(callbackToken, timestamp, nonce, encrypted);
  const base = sim.runtime.wecomCallbackUrl;
  const url = base ? appendQuery(base, { msg_signature: msgSignature, timestamp, nonce }) : '';
  const record: DeliveryRecord = {
    id: randomUUID(),
    kind: 'wecom_callback',
    url,
    plaintext: xml,
    body,
    headers: { 'Content-Type': 'text/xml' },
    status: url ? 'pending' : 'skipped',
    attempts: [],
    meta: { ...fieldsToObject(fields), msg_signature: msgSignature, timestamp, nonce },
  };
  sim.world.wecom.deliveries.push(record);
  if (!url) return { record, delivered: Promise.resolve(record) };

  const { callbackAttempts, callbackTimeoutMs, callbackRetryDelayMs } = sim.options.wecom;
  const fixedHeaders = record.headers;
  const delivered = runDelivery(sim, record, {
    delaysMs: Array.from({ length: callbackAttempts }, (_, i) => (i === 0 ? 0 : callbackRetryDelayMs)),
    timeoutMs: callbackTimeoutMs,
    headersFor: () => fixedHeaders,
  });
  return { record, delivered };
}

export interface UrlVerificationResult {
  ok: boolean;
  url: string;
  status?: number;
  /** What the receiver answered, byte for byte. */
  body?: string;
  /** The bare plaintext it had to echo. */
  expected: string;
  error?: string;
  durationMs: number;
}

/**
 * The GET the console sends when an admin saves the callback URL: the receiver must verify the signature,
 * decrypt echostr and answer exactly the plaintext (no quotes, BOM or newline) within 1 s.
 */
export async function verifyCallbackUrl(sim: Sim, urlOverride?: string): Promise<UrlVerificationResult> {
  const { corpId, callbackToken, encodingAESKey } = sim.credentials.wecom;
  const base = urlOverride ?? sim.runtime.wecomCallbackUrl;
  const expected = randomDigits(19);
  if (!base) return { ok: false, url: '', expected, error: 'no callback URL configured', durationMs: 0 };
  const echostr = encryptWecomMessage(encodingAESKey, expected, corpId);
  const timestamp = String(sim.clock.nowSeconds());
  const nonce = randomDigits(10);
  const url = appendQuery(base, { msg_signature: wecomSignature(callbackToken, timestamp, nonce, echostr), timestamp, nonce, echostr });
  const res = await httpRequest(url, { method: 'GET', timeoutMs: sim.options.wecom.urlVerifyTimeoutMs });
  const ok = res.outcome === 'ok' && res.body === expected;
  let error = res.error;
  if (!error && !ok) error = res.status === 200 ? `echo mismatch: expected ${JSON.stringify(expected)}, got ${JSON.stringify(res.body)}` : `HTTP ${res.status}`;
  return { ok, url, status: res.status, body: res.body, expected, error, durationMs: res.durationMs };
}
