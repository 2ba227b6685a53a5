/**
 * WeChat Pay API v3 signatures (SHA256withRSA, base64) as pure functions, for the simulator and for tests on
 * either side. Request: METHOD\nPATH?QUERY\nTS\nNONCE\nBODY\n. Response / notification: TS\nNONCE\nBODY\n.
 */
import { createSign, createVerify, randomBytes } from 'node:crypto';

export const PAY_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

export const payRequestMessage = (method: string, pathWithQuery: string, timestamp: string | number, nonce: string, body: string): string =>
  `${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;

export const payResponseMessage = (timestamp: string | number, nonce: string, body: string): string => `${timestamp}\n${nonce}\n${body}\n`;

/** JSAPI paySign covers appId\ntimeStamp\nnonceStr\npackage\n (signType is not signed). */
export const paySignMessage = (appId: string, timeStamp: string, nonceStr: string, pkg: string): string =>
  `${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`;

export function rsaSign(privateKeyPem: string, message: string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKeyPem, 'base64');
}

export function rsaVerify(publicKeyPem: string, message: string, signature: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKeyPem, signature, 'base64');
  } catch {
    return false;
  }
}

export const payNonce = (): string => randomBytes(16).toString('hex').toUpperCase();

export interface PayAuthorizationInput {
  mchId: string;
  serialNo: string;
  privateKey: string;
  method: string;
  /** The real path plus query, e.g. /v3/pay/transactions/out-trade-no/X?mchid=1 (no host, no /mch prefix). */
  pathWithQuery: string;
  body: string;
  timestamp?: number;
  nonce?: string;
}

/** The merchant side: the Authorization header value for one request. */
export function buildPayAuthorization(input: PayAuthorizationInput): string {
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = input.nonce ?? payNonce();
  const signature = rsaSign(input.privateKey, payRequestMessage(input.method, input.pathWithQuery, timestamp, nonce, input.body));
  return `${PAY_SCHEME} mchid="${input.mchId}",nonce_str="${nonce}",timestamp="${timestamp}",serial_no="${input.serialNo}",signature="${signature}"`;
}

export interface ParsedPayAuthorization {
  mchid: string;
  nonce_str: string;
  timestamp: string;
  serial_no: string;
  signature: string;
}

export function parsePayAuthorization(header: string | undefined): ParsedPayAuthorization | undefined {
  if (!header) return undefined;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space) !== PAY_SCHEME) return undefined;
  const params: Record<string, string> = {};
  for (const m of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g)) {
    if (m[1] !== undefined && m[2] !== undefined) params[m[1]] = m[2];
  }
  const { mchid, nonce_str, timestamp, serial_no, signature } = params;
  if (!mchid || !nonce_str || !timestamp || !serial_no || !signature) return undefined;
  return { mchid, nonce_str, timestamp, serial_no, signature };
}

/** Receiver side of a notification or response: verify against the raw body before parsing it. */
export function verifyPaySignature(publicKeyPem: string, headers: { timestamp: string; nonce: string; signature: string }, rawBody: string): boolean {
  return rsaVerify(publicKeyPem, payResponseMessage(headers.timestamp, headers.nonce, rawBody), headers.signature);
}
