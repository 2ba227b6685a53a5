/**
 * WeCom callback crypto ("加解密方案"), as pure functions so the BFF's receiver tests and the simulator can
 * cross-check each other. Byte layout: AES-256-CBC(key, IV = key[0..16)) over
 * random(16) ‖ uint32_be(len(msg)) ‖ msg ‖ receiveId, PKCS#7-padded to 32-byte blocks, then base64.
 */
import { createCipheriv, createDecipheriv, createHash, randomInt } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

const BLOCK = 32;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export class WecomCryptoError extends Error {
  constructor(
    /** The official library's error code (-40001 signature, -40005 receiveId, -40007 decrypt...). */
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function decodeEncodingAESKey(encodingAESKey: string): Buffer {
  if (encodingAESKey.length !== 43) throw new WecomCryptoError(-40004, 'EncodingAESKey must be 43 characters');
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32) throw new WecomCryptoError(-40004, 'EncodingAESKey does not decode to 32 bytes');
  return key;
}

/** PKCS#7 with a 32-byte block: OpenSSL's built-in padding assumes 16 and would be wrong here. */
export function pkcs7Pad32(data: Buffer): Buffer {
  const pad = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(pad, pad)]);
}

export function pkcs7Unpad32(data: Buffer): Buffer {
  const pad = data[data.length - 1];
  if (pad === undefined || pad < 1 || pad > BLOCK || pad > data.length) {
    throw new WecomCryptoError(-40007, 'bad PKCS#7 padding');
  }
  for (let i = data.length - pad; i < data.length; i += 1) {
    if (data[i] !== pad) throw new WecomCryptoError(-40007, 'bad PKCS#7 padding');
  }
  return data.subarray(0, data.length - pad);
}

/** 16 printable alphanumerics, like the official libraries (receivers must treat them as opaque bytes). */
export function randomPrefix(): Buffer {
  let s = '';
  for (let i = 0; i < 16; i += 1) s += ALNUM.charAt(randomInt(ALNUM.length));
  return Buffer.from(s, 'ascii');
}

export function encryptWecomMessage(
  encodingAESKey: string,
  message: string,
  receiveId: string,
  random: Buffer = randomPrefix(),
): string {
  if (random.length !== 16) throw new WecomCryptoError(-40006, 'random prefix must be 16 bytes');
  const key = decodeEncodingAESKey(encodingAESKey);
  const msg = Buffer.from(message, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  const plain = pkcs7Pad32(Buffer.concat([random, len, msg, Buffer.from(receiveId, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

export interface DecryptedWecomMessage {
  message: string;
  receiveId: string;
  random: Buffer;
}

export function decryptWecomMessage(encodingAESKey: string, encrypted: string): DecryptedWecomMessage {
  const key = decodeEncodingAESKey(encodingAESKey);
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new WecomCryptoError(-40007, 'ciphertext length is not a multiple of 16');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch (e) {
    throw new WecomCryptoError(-40007, `AES decrypt failed: ${(e as Error).message}`);
  }
  const body = pkcs7Unpad32(plain);
  if (body.length < 20) throw new WecomCryptoError(-40008, 'plaintext too short');
  const len = body.readUInt32BE(16);
  if (20 + len > body.length) throw new WecomCryptoError(-40008, 'message length exceeds plaintext');
  return {
    random: body.subarray(0, 16),
    message: body.subarray(20, 20 + len).toString('utf8'),
    receiveId: body.subarray(20 + len).toString('utf8'),
  };
}

/** msg_signature = hex(sha1(sorted values joined)): the four values are sorted, not the names. */
export function wecomSignature(token: string, timestamp: string | number, nonce: string | number, encrypted: string): string {
  const parts = [token, String(timestamp), String(nonce), encrypted].sort();
  return createHash('sha1').update(parts.join('')).digest('hex');
}

/** The POST body WeCom sends to a callback URL. */
export function buildCallbackEnvelope(corpId: string, agentId: string | number, encrypted: string): string {
  return `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><AgentID><![CDATA[${agentId}]]></AgentID><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
}

const envelopeParser = new XMLParser({ parseTagValue: false, trimValues: false, processEntities: true });

/** Reads `<xml><Encrypt>…</Encrypt>…</xml>` (a callback envelope or a passive reply) with every value as a string. */
export function parseWecomXml(xml: string): Record<string, string> {
  const parsed = envelopeParser.parse(xml) as { xml?: Record<string, unknown> };
  const root = parsed.xml;
  if (!root || typeof root !== 'object') throw new WecomCryptoError(-40002, 'not a WeCom <xml> document');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(root)) {
    if (k === '#text') continue; // the newlines between elements
    out[k] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}

/**
 * A full receiver-side check, as the official library does it: signature first, then decrypt, then the
 * trailing ReceiveId must equal our corp id (-40005 otherwise).
 */
export function openCallback(
  params: { token: string; encodingAESKey: string; receiveId: string },
  query: { msg_signature: string; timestamp: string; nonce: string },
  encrypted: string,
): string {
  const expected = wecomSignature(params.token, query.timestamp, query.nonce, encrypted);
  if (expected !== query.msg_signature) throw new WecomCryptoError(-40001, 'signature mismatch');
  const { message, receiveId } = decryptWecomMessage(params.encodingAESKey, encrypted);
  if (receiveId !== params.receiveId) throw new WecomCryptoError(-40005, `receiveId mismatch: ${receiveId}`);
  return message;
}
