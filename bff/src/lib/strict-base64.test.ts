import { randomBytes } from 'node:crypto';
import { flipLastLowBit } from '../../test/helpers/tamper';
import { decodeCanonical } from './strict-base64';

describe('decodeCanonical', () => {
  it('accepts the canonical encoding of any bytes', () => {
    for (const n of [1, 2, 3, 31, 32, 33]) {
      const bytes = randomBytes(n);
      expect(decodeCanonical(bytes.toString('base64url'), 'base64url')).toEqual(bytes);
      expect(decodeCanonical(bytes.toString('base64'), 'base64')).toEqual(bytes);
    }
  });

  it('refuses a last character whose unused low bits were changed (it decodes to the same bytes in Node)', () => {
    // 32 bytes → 43 characters, the last one carries 2 unused bits.
    const bytes = Buffer.alloc(32, 7);
    const canonical = bytes.toString('base64url');
    const altered = flipLastLowBit(canonical, 'base64url');
    expect(altered).not.toBe(canonical);
    expect(Buffer.from(altered, 'base64url')).toEqual(bytes); // the lenient decoder cannot tell them apart
    expect(decodeCanonical(altered, 'base64url')).toBeNull();
    const std = bytes.toString('base64');
    expect(decodeCanonical(flipLastLowBit(std, 'base64'), 'base64')).toBeNull();
  });

  it('refuses padding in base64url, missing or extra padding in base64, foreign characters and the empty string', () => {
    const bytes = Buffer.from([1, 2, 3, 4]);
    expect(decodeCanonical(`${bytes.toString('base64url')}==`, 'base64url')).toBeNull();
    expect(decodeCanonical(bytes.toString('base64').replace(/=+$/, ''), 'base64')).toBeNull();
    expect(decodeCanonical(`${bytes.toString('base64')}=`, 'base64')).toBeNull();
    expect(decodeCanonical(`AQID BA`, 'base64url')).toBeNull();
    expect(decodeCanonical('AQ+D', 'base64url')).toBeNull();
    expect(decodeCanonical('', 'base64')).toBeNull();
  });
});
