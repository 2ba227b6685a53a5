import { createSign, generateKeyPairSync } from 'node:crypto';
import { flipLastLowBit } from '../../../test/helpers/tamper';
import { checkSignature, PlatformKeys } from './wechatpay-crypto';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keys = new PlatformKeys([{ serial: 'PUB_KEY_ID_TEST', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }]);
const now = 1_800_000_000;
const body = '{"id":"EV-1"}';

function signed(): { timestamp: string; nonce: string; signature: string; serial: string } {
  const timestamp = String(now);
  const nonce = 'n0nce';
  const signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`, 'utf8').sign(privateKey, 'base64');
  return { timestamp, nonce, signature, serial: 'PUB_KEY_ID_TEST' };
}

describe('WeChat Pay signature check', () => {
  it('accepts the signature as signed', () => {
    expect(checkSignature(keys, signed(), body, now)).toBeUndefined();
  });

  it('refuses a signature whose last base64 character had its low bits flipped (same bytes to a lenient decoder)', () => {
    const h = signed();
    // 256 bytes → 344 characters with "==": the last character before the padding carries 4 unused bits.
    const altered = flipLastLowBit(h.signature, 'base64');
    expect(Buffer.from(altered, 'base64')).toEqual(Buffer.from(h.signature, 'base64'));
    expect(checkSignature(keys, { ...h, signature: altered }, body, now)).toBe('bad_signature');
  });

  it('refuses stray characters and missing padding', () => {
    const h = signed();
    expect(checkSignature(keys, { ...h, signature: ` ${h.signature}` }, body, now)).toBe('bad_signature');
    expect(checkSignature(keys, { ...h, signature: h.signature.replace(/=+$/, '') }, body, now)).toBe('bad_signature');
  });
});
