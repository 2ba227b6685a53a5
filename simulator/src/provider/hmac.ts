/**
 * Authentication of the simulated SMS and identity-verification providers (a documented, provider-neutral
 * scheme; see README): HMAC-SHA256 with the access-key secret over
 *   METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n
 * where PATH?QUERY is the request target exactly as sent (including the /sms or /idv prefix).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type Koa from 'koa';

export const PROVIDER_HEADERS = {
  key: 'X-Sim-Key',
  timestamp: 'X-Sim-Timestamp',
  nonce: 'X-Sim-Nonce',
  signature: 'X-Sim-Signature',
} as const;

export const MAX_SKEW_SECONDS = 300;

export const providerStringToSign = (method: string, target: string, timestamp: string | number, nonce: string, body: string): string =>
  `${method.toUpperCase()}\n${target}\n${timestamp}\n${nonce}\n${body}\n`;

export function providerSignature(secret: string, stringToSign: string): string {
  return createHmac('sha256', secret).update(stringToSign, 'utf8').digest('hex');
}

export interface ProviderSignInput {
  accessKeyId: string;
  accessKeySecret: string;
  method: string;
  /** Path and query as sent, e.g. "/sms/v1/messages". */
  target: string;
  body: string;
  timestamp?: number;
  nonce?: string;
}

/** Client side: the four headers for one request. */
export function signProviderRequest(input: ProviderSignInput): Record<string, string> {
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = input.nonce ?? randomBytes(12).toString('hex');
  return {
    [PROVIDER_HEADERS.key]: input.accessKeyId,
    [PROVIDER_HEADERS.timestamp]: timestamp,
    [PROVIDER_HEADERS.nonce]: nonce,
    [PROVIDER_HEADERS.signature]: providerSignature(input.accessKeySecret, providerStringToSign(input.method, input.target, timestamp, nonce, input.body)),
  };
}

export type ProviderAuthFailure = { status: 401; code: 'AUTH_FAILED' | 'REPLAYED_NONCE' | 'TIMESTAMP_EXPIRED'; message: string };

/**
 * Server side. Nonces are remembered for the skew window, so a replayed request is rejected even with a valid
 * signature.
 */
export function verifyProviderRequest(
  ctx: Koa.Context,
  rawBody: string,
  creds: { accessKeyId: string; accessKeySecret: string },
  nonces: Map<string, number>,
  nowSeconds: number,
): ProviderAuthFailure | undefined {
  const key = ctx.get(PROVIDER_HEADERS.key);
  const timestamp = ctx.get(PROVIDER_HEADERS.timestamp);
  const nonce = ctx.get(PROVIDER_HEADERS.nonce);
  const signature = ctx.get(PROVIDER_HEADERS.signature);
  if (!key || !timestamp || !nonce || !signature) return { status: 401, code: 'AUTH_FAILED', message: 'missing X-Sim-* authentication headers' };
  if (key !== creds.accessKeyId) return { status: 401, code: 'AUTH_FAILED', message: 'unknown access key' };
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSeconds - ts) > MAX_SKEW_SECONDS) return { status: 401, code: 'TIMESTAMP_EXPIRED', message: 'timestamp outside ±300 s' };
  const expected = Buffer.from(providerSignature(creds.accessKeySecret, providerStringToSign(ctx.method, ctx.originalUrl, timestamp, nonce, rawBody)));
  const given = Buffer.from(signature.toLowerCase());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { status: 401, code: 'AUTH_FAILED', message: 'signature mismatch' };
  for (const [n, at] of nonces) if (at < nowSeconds - MAX_SKEW_SECONDS) nonces.delete(n);
  if (nonces.has(nonce)) return { status: 401, code: 'REPLAYED_NONCE', message: 'nonce already used' };
  nonces.set(nonce, nowSeconds);
  return undefined;
}

export function providerReply(ctx: Koa.Context, status: number, body: Record<string, unknown>): void {
  ctx.status = status;
  ctx.set('Content-Type', 'application/json; charset=utf-8');
  ctx.body = JSON.stringify({ requestId: randomBytes(8).toString('hex'), ...body });
}
