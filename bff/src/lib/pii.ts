import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Sensitive personal information (ID numbers, phones): AES-256-GCM ciphertext at rest, an HMAC blind index for
 * exact-match lookups, and a masked form for display. The key id travels with the ciphertext for rotation.
 */
export interface PiiKeys {
  keyId: string;
  key: Buffer;
  indexKey: Buffer;
}

export interface SealedPii {
  enc: string;
  hash: string;
  masked: string;
}

export function encryptPii(keys: PiiKeys, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.key, iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1:${keys.keyId}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
}

/** The key lookup for decryptPii when only the current key is configured (ciphertext under another id is unreadable). */
export function currentKeyOf(keys: PiiKeys): (keyId: string) => Buffer | undefined {
  return (keyId) => (keyId === keys.keyId ? keys.key : undefined);
}

export function decryptPii(keysById: (keyId: string) => Buffer | undefined, sealed: string): string {
  const [version, keyId, payload] = sealed.split(':');
  const key = keyId ? keysById(keyId) : undefined;
  if (version !== 'v1' || !key || !payload) throw new Error('unreadable PII ciphertext');
  const raw = Buffer.from(payload, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

export function normalizeIdNumber(id: string): string {
  return id.trim().toUpperCase();
}

export function normalizePhone(phone: string): string {
  return phone.replace(/[\s-]/g, '').replace(/^\+?86/, '');
}

export function blindIndex(keys: PiiKeys, kind: 'id' | 'phone', value: string): string {
  return createHmac('sha256', keys.indexKey).update(`${kind}:${value}`).digest('hex');
}

/** `11010519491231002X` → `1101**********002X` */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** `13812345678` → `138****5678` */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** `张三` → `张*`, `欧阳明月` → `欧**月` */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function sealIdNumber(keys: PiiKeys, id: string): SealedPii {
  const v = normalizeIdNumber(id);
  return { enc: encryptPii(keys, v), hash: blindIndex(keys, 'id', v), masked: maskIdNumber(v) };
}

export function sealPhone(keys: PiiKeys, phone: string): SealedPii {
  const v = normalizePhone(phone);
  return { enc: encryptPii(keys, v), hash: blindIndex(keys, 'phone', v), masked: maskPhone(v) };
}
