import { createHmac } from 'node:crypto';
import { flipLastLowBit } from '../../../test/helpers/tamper';
import { signInvitationToken, verifyInvitationToken } from './invitation-token';

const key = Buffer.alloc(32, 9);
const payload = { inv: '6f1c1c5e-7d1a-4a55-9a3e-0c1f1f0a0b01', c: 'cust-1', s: 'staff-1', exp: 1_900_000_000 };

describe('invitation tokens', () => {
  it('a signed token verifies to its payload', () => {
    expect(verifyInvitationToken(key, signInvitationToken(key, payload))).toEqual(payload);
  });

  it('flipping the low bits of the signature’s last character is refused (it decodes to the same MAC leniently)', () => {
    const token = signInvitationToken(key, payload);
    const [body, sig] = token.split('.') as [string, string];
    const altered = flipLastLowBit(sig, 'base64url');
    expect(Buffer.from(altered, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    expect(verifyInvitationToken(key, `${body}.${altered}`)).toBeNull();
  });

  it('a payload part that is not the canonical base64url of its bytes is refused, even with a valid MAC over it', () => {
    // 'cust-12' makes the payload part end in a character with unused bits; the MAC is computed over the altered text
    // itself, so only the strict decoding of the payload part can refuse it.
    const body = signInvitationToken(key, { ...payload, c: 'cust-12' }).split('.')[0]!;
    const altered = flipLastLowBit(body, 'base64url');
    expect(Buffer.from(altered, 'base64url')).toEqual(Buffer.from(body, 'base64url'));
    const mac = createHmac('sha256', key).update(altered, 'utf8').digest('base64url');
    expect(verifyInvitationToken(key, `${altered}.${mac}`)).toBeNull();
  });

  it('padding, stray characters and a third part are refused', () => {
    const token = signInvitationToken(key, payload);
    expect(verifyInvitationToken(key, `${token}=`)).toBeNull();
    expect(verifyInvitationToken(key, `${token}.x`)).toBeNull();
    expect(verifyInvitationToken(key, token.replace('.', '.+'))).toBeNull();
  });
});
