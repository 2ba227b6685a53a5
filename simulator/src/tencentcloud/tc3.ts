/**
 * Tencent Cloud API 3.0 signatures (TC3-HMAC-SHA256), both sides. See the "Signature v3" page of the Tencent Cloud
 * API docs (document/api/213/30654):
 *
 *   CanonicalRequest = METHOD \n URI("/") \n QUERY("" for POST) \n content-type:…\nhost:…\n \n SignedHeaders \n hex(sha256(body))
 *   StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n Date/service/tc3_request \n hex(sha256(CanonicalRequest))
 *   key              = HMAC(HMAC(HMAC("TC3"+SecretKey, Date), service), "tc3_request")
 *   Authorization    = TC3-HMAC-SHA256 Credential=SecretId/Date/service/tc3_request, SignedHeaders=content-type;host, Signature=hex
 *
 * Date is the UTC date of X-TC-Timestamp; the server refuses a timestamp more than five minutes off.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';
export const TC3_MAX_SKEW_SECONDS = 300;

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** UTC date (YYYY-MM-DD) of a unix timestamp, as the credential scope wants it. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export interface Tc3Input {
  secretId: string;
  secretKey: string;
  /** Product name, the first label of its host: `sms`, `faceid`, `cvm`. */
  service: string;
  /** Host header as sent, e.g. `sms.tencentcloudapi.com`. */
  host: string;
  timestamp: number;
  /** Raw body bytes (the hash covers exactly what is sent). */
  payload: string | Buffer;
  contentType?: string;
  method?: string;
  query?: string;
}

export interface Tc3Signed {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  authorization: string;
}

export function tc3Sign(input: Tc3Input): Tc3Signed {
  const method = (input.method ?? 'POST').toUpperCase();
  const signedHeaders = 'content-type;host';
  const canonicalHeaders = `content-type:${(input.contentType ?? 'application/json').toLowerCase()}\nhost:${input.host.toLowerCase()}\n`;
  const canonicalRequest = `${method}\n/\n${input.query ?? ''}\n${canonicalHeaders}\n${signedHeaders}\n${sha256Hex(input.payload)}`;
  const date = tc3Date(input.timestamp);
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = `${TC3_ALGORITHM}\n${input.timestamp}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const key = hmac(hmac(hmac(`TC3${input.secretKey}`, date), input.service), 'tc3_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return {
    canonicalRequest,
    stringToSign,
    signature,
    authorization: `${TC3_ALGORITHM} Credential=${input.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

export interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** `TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=hex` (null when malformed). */
export function parseTc3Authorization(header: string): Tc3Authorization | null {
  const m = /^TC3-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/tc3_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(header.trim());
  if (!m) return null;
  return { secretId: m[1]!, date: m[2]!, service: m[3]!, signedHeaders: m[4]!.split(';'), signature: m[5]! };
}

/** Tencent Cloud's own error codes for a refused signature. */
export type Tc3Failure = {
  code: 'AuthFailure.InvalidAuthorization' | 'AuthFailure.SecretIdNotFound' | 'AuthFailure.SignatureExpire' | 'AuthFailure.SignatureFailure' | 'MissingParameter';
  message: string;
};

export interface Tc3Request {
  method: string;
  /** Path and query as received; API 3.0 POSTs to "/". */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

const header = (h: Tc3Request['headers'], name: string): string => {
  const v = h[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

/**
 * Server side, as Tencent Cloud checks a request: the credential's service must be the host's product, its date
 * the UTC date of X-TC-Timestamp, the timestamp within five minutes, and the signature over the canonical request
 * rebuilt from the headers and body actually received.
 */
export function verifyTc3(req: Tc3Request, creds: { secretId: string; secretKey: string }, expectedService: string, nowSeconds: number): Tc3Failure | undefined {
  const auth = parseTc3Authorization(header(req.headers, 'authorization'));
  if (!auth) return { code: 'AuthFailure.InvalidAuthorization', message: 'Authorization 请求头不符合腾讯云标准。' };
  const tsRaw = header(req.headers, 'x-tc-timestamp');
  if (!/^\d{1,12}$/.test(tsRaw)) return { code: 'MissingParameter', message: 'The request is missing a required parameter `Timestamp`.' };
  if (auth.secretId !== creds.secretId) return { code: 'AuthFailure.SecretIdNotFound', message: '密钥不存在，请在控制台检查密钥是否已被删除或者禁用。' };
  const ts = Number(tsRaw);
  if (Math.abs(nowSeconds - ts) > TC3_MAX_SKEW_SECONDS) {
    return { code: 'AuthFailure.SignatureExpire', message: `签名过期。Timestamp 和服务器时间相差不得超过五分钟（请求 ${ts}，服务器 ${nowSeconds}）。` };
  }
  const failure: Tc3Failure = { code: 'AuthFailure.SignatureFailure', message: 'The provided credentials could not be validated. Please check your signature is correct.' };
  if (auth.service !== expectedService || auth.date !== tc3Date(ts)) return failure;
  if (!auth.signedHeaders.includes('content-type') || !auth.signedHeaders.includes('host')) return failure;
  const signedHeaders = [...auth.signedHeaders].sort();
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${header(req.headers, h).trim().toLowerCase()}\n`).join('');
  const q = req.url.indexOf('?');
  const path = q >= 0 ? req.url.slice(0, q) : req.url;
  const query = q >= 0 ? req.url.slice(q + 1) : '';
  const canonicalRequest = `${req.method.toUpperCase()}\n${path}\n${query}\n${canonicalHeaders}\n${signedHeaders.join(';')}\n${sha256Hex(req.rawBody)}`;
  const date = auth.date;
  const stringToSign = `${TC3_ALGORITHM}\n${ts}\n${date}/${auth.service}/tc3_request\n${sha256Hex(canonicalRequest)}`;
  const key = hmac(hmac(hmac(`TC3${creds.secretKey}`, date), auth.service), 'tc3_request');
  const expected = Buffer.from(createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex'));
  const given = Buffer.from(auth.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return failure;
  return undefined;
}
