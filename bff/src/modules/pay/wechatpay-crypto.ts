import { createDecipheriv, createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import { decodeCanonical } from '../../lib/strict-base64';

export const WECHATPAY_SIGNATURE_TYPE = 'WECHATPAY2-SHA256-RSA2048';
/** WeChat Pay's SDK rule: a signed response or notification more than 5 minutes off our clock is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/**
 * The keys WeChat Pay signs with, chosen by the `Wechatpay-Serial` header: the WeChat Pay public key
 * (`PUB_KEY_ID_…`) and, while a merchant migrates, legacy platform certificates (their serial → public key).
 */
export class PlatformKeys {
  private readonly keys = new Map<string, KeyObject>();

  constructor(entries: { serial: string; publicKeyPem: string }[]) {
    for (const e of entries) this.keys.set(e.serial, createPublicKey(e.publicKeyPem));
  }

  get(serial: string): KeyObject | undefined {
    return this.keys.get(serial);
  }
}

export interface SignedMessageHeaders {
  timestamp: string;
  nonce: string;
  signature: string;
  serial: string;
  /** Optional on the wire; when present it must be WECHATPAY2-SHA256-RSA2048. */
  signatureType?: string;
}

export type SignatureProblem = 'missing_headers' | 'unknown_serial' | 'bad_signature_type' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature';

/**
 * Checks a WeChat Pay signature (response or notification) over `TS\nNONCE\nBODY\n`, BODY being the raw bytes
 * as received. Returns what is wrong, or undefined when the message is authentic and fresh.
 */
export function checkSignature(keys: PlatformKeys, h: Partial<SignedMessageHeaders>, rawBody: string, nowSeconds: number): SignatureProblem | undefined {
  if (!h.timestamp || !h.nonce || !h.signature || !h.serial) return 'missing_headers';
  if (h.signatureType && h.signatureType !== WECHATPAY_SIGNATURE_TYPE) return 'bad_signature_type';
  const key = keys.get(h.serial);
  if (!key) return 'unknown_serial';
  if (!/^\d{1,12}$/.test(h.timestamp)) return 'bad_timestamp';
  if (Math.abs(nowSeconds - Number(h.timestamp)) >= MAX_CLOCK_SKEW_SECONDS) return 'stale_timestamp';
  try {
    // The canonical base64 only (Node's decoder ignores stray characters and the last character's unused bits).
    const signature = decodeCanonical(h.signature, 'base64');
    if (!signature) return 'bad_signature';
    const ok = createVerify('RSA-SHA256').update(`${h.timestamp}\n${h.nonce}\n${rawBody}\n`, 'utf8').verify(key, signature);
    return ok ? undefined : 'bad_signature';
  } catch {
    return 'bad_signature';
  }
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
}

/**
 * AEAD_AES_256_GCM with the APIv3 key: IV = the nonce string, AAD = associated_data, the last 16 bytes of the
 * base64-decoded ciphertext are the tag. Throws when the tag does not match (wrong key or altered data).
 */
export function decryptResource(apiV3Key: string, r: EncryptedResource): string {
  if (r.algorithm !== 'AEAD_AES_256_GCM') throw new Error(`unsupported algorithm ${r.algorithm}`);
  const data = Buffer.from(r.ciphertext, 'base64');
  if (data.length <= 16) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(r.nonce, 'utf8'));
  decipher.setAAD(Buffer.from(r.associated_data ?? '', 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  // final() is what checks the tag (wechatpay-node-v3's decipher_gcm never calls it).
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}
