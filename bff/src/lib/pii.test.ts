import { blindIndex, decryptPii, encryptPii, maskIdNumber, maskName, maskPhone, sealIdNumber, sealPhone } from './pii';
import { idNumberCheckChar, isValidIdNumber, makeIdNumber } from '../modules/demo-data/identity-numbers';

const keys = { keyId: 'k1', key: Buffer.alloc(32, 3), indexKey: Buffer.alloc(32, 4) };

describe('PII handling', () => {
  it('encrypts with AES-GCM (random IV, key id carried) and decrypts with the right key only', () => {
    const a = encryptPii(keys, '11010519491231002X');
    const b = encryptPii(keys, '11010519491231002X');
    expect(a).not.toBe(b);
    expect(a.startsWith('v1:k1:')).toBe(true);
    expect(decryptPii((id) => (id === 'k1' ? keys.key : undefined), a)).toBe('11010519491231002X');
    expect(() => decryptPii(() => Buffer.alloc(32, 9), a)).toThrow();
    expect(() => decryptPii(() => undefined, a)).toThrow('unreadable');
  });

  it('detects tampering (GCM tag)', () => {
    const sealed = encryptPii(keys, '13812345678');
    const raw = Buffer.from(sealed.split(':')[2]!, 'base64');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    expect(() => decryptPii(() => keys.key, `v1:k1:${raw.toString('base64')}`)).toThrow();
  });

  it('blind index is stable, keyed and normalised', () => {
    expect(sealIdNumber(keys, '11010519491231002x').hash).toBe(sealIdNumber(keys, ' 11010519491231002X ').hash);
    expect(sealPhone(keys, '+86 138-1234-5678').hash).toBe(blindIndex(keys, 'phone', '13812345678'));
    expect(blindIndex({ ...keys, indexKey: Buffer.alloc(32, 5) }, 'phone', '13812345678')).not.toBe(blindIndex(keys, 'phone', '13812345678'));
  });

  it('masks for display', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳明月')).toBe('欧**月');
  });

  it('GB 11643 checksum: the published example and generated numbers', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519490231002X')).toBe(false); // no 31 February... checksum aside
    expect(isValidIdNumber(makeIdNumber('110108', new Date('1988-02-29T00:00:00Z'), 17))).toBe(true);
  });
});
