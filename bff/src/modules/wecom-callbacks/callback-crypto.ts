import { timingSafeEqual } from 'node:crypto';
import { decrypt, getSignature } from '@wecom/crypto';
import { AppError } from '../../http/app-error';

export interface CallbackKeys {
  token: string;
  encodingAESKey: string;
  /** The corp id: the decrypted message must end with it (WXBizMsgCrypt's ReceiveId). */
  receiveId: string;
}

export interface SignedQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * WXBizMsgCrypt's receiver side with the official `@wecom/crypto` primitives, made strict where that library is
 * lenient: the signature is compared in constant time, ciphertext must be whole 32-byte PKCS#7 blocks, and the
 * trailing receive id must be our corp id. Failures carry no content, only which check refused it.
 */
export function openEncrypted(keys: CallbackKeys, query: SignedQuery, encrypted: string): string {
  const expected = Buffer.from(getSignature(keys.token, query.timestamp, query.nonce, encrypted), 'utf8');
  const given = Buffer.from(query.msg_signature.toLowerCase(), 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('CALLBACK_SIGNATURE_INVALID');

  if (!BASE64.test(encrypted) || Buffer.from(encrypted, 'base64').length % 32 !== 0) throw new AppError('CALLBACK_UNDECRYPTABLE');
  let opened: { message: string; id: string };
  try {
    opened = decrypt(keys.encodingAESKey, encrypted);
  } catch {
    throw new AppError('CALLBACK_UNDECRYPTABLE');
  }
  if (opened.id !== keys.receiveId) throw new AppError('CALLBACK_RECEIVER_MISMATCH');
  return opened.message;
}
