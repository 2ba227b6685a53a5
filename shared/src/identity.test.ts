import { describe, expect, it } from '@jest/globals';
import { cnMobileSchema, idNumberCheckChar, idNumberProblem, idNumberSchema, isCnMobile, isValidIdNumber, normalizeCnMobile } from './identity';
import { recommendationSchema } from './recommendations';

/** A valid number for a region, birth date and sequence (the check character computed by the function under test). */
function make(region: string, ymd: string, seq: string): string {
  const first17 = `${region}${ymd}${seq}`;
  return first17 + idNumberCheckChar(first17);
}

const TODAY = new Date('2026-11-24T08:00:00+08:00');

describe('GB 11643 ID numbers', () => {
  it('computes the published check characters', () => {
    // The standard's worked example, and numbers whose check characters are 0..9 and X.
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
    expect(idNumberCheckChar('1101051949123100')).toBe('?');
    expect(idNumberCheckChar('1101051949123100A')).toBe('?');
    const seen = new Set<string>();
    for (let seq = 0; seq < 200; seq++) seen.add(make('110101', '19800101', String(seq).padStart(3, '0')).charAt(17));
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it.each([
    ['11010519491231002X', null],
    ['440524188001010014', 'birth_date'], // 1880: before 1900
    ['', 'empty'],
    ['11010519491231002', 'format'], // 17 characters
    ['1101051949123100211', 'format'], // 19
    ['11010519491231002x', 'format'], // lower-case x: normalise first
    ['1101051949123100X2', 'format'], // X not last
    ['110105194913310021', 'birth_date'], // month 13
    ['110105194902300021', 'birth_date'], // 30 February
    ['110105194912310021', 'check_digit'],
  ] as const)('%s → %s', (id, problem) => {
    expect(idNumberProblem(id, TODAY)).toBe(problem);
  });

  it('accepts 29 February only in leap years and refuses birth dates after today', () => {
    expect(isValidIdNumber(make('110108', '19880229', '017'), TODAY)).toBe(true);
    expect(idNumberProblem(make('110108', '19890229', '017'), TODAY)).toBe('birth_date');
    expect(isValidIdNumber(make('110108', '20261124', '001'), TODAY)).toBe(true);
    expect(idNumberProblem(make('110108', '20261125', '001'), TODAY)).toBe('birth_date');
    expect(isValidIdNumber(make('110108', '19000101', '001'), TODAY)).toBe(true);
  });

  it('every single-digit change is caught by the check character', () => {
    const id = make('310104', '19750618', '123');
    for (let i = 0; i < 17; i++) {
      const d = Number(id[i]);
      const changed = `${id.slice(0, i)}${(d + 1) % 10}${id.slice(i + 1)}`;
      const problem = idNumberProblem(changed, TODAY);
      expect(problem === 'check_digit' || problem === 'birth_date').toBe(true);
    }
  });

  describe('idNumberSchema', () => {
    it('trims and upper-cases valid numbers', () => {
      expect(idNumberSchema.parse(' 11010519491231002x ')).toBe('11010519491231002X');
    });

    it.each([
      ['110105194912310021', '身份证号码校验位不正确'],
      ['1101051949123100', '身份证号码应为18位，前17位为数字，最后一位为数字或X'],
      ['110105194902300021', '身份证号码中的出生日期不正确'],
      ['   ', '请输入身份证号码'],
      [12345, '请输入身份证号码'],
    ] as const)('%s → %s', (input, message) => {
      const result = idNumberSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.message)).toEqual([message]);
    });

    it('does not echo the number in its issues', () => {
      const result = idNumberSchema.safeParse('110105194912310021');
      expect(JSON.stringify(result.error?.issues)).not.toContain('110105194912310021');
    });
  });
});

describe('mainland mobile numbers', () => {
  it.each([
    ['13812345678', true],
    ['19912345678', true],
    ['12812345678', false],
    ['1381234567', false],
    ['138123456789', false],
    ['23812345678', false],
  ] as const)('%s → %s', (phone, ok) => {
    expect(isCnMobile(phone)).toBe(ok);
    expect(cnMobileSchema.safeParse(phone).success).toBe(ok);
  });

  it('normalises spaces, dashes and the country code', () => {
    expect(normalizeCnMobile('+86 138-1234-5678')).toBe('13812345678');
    expect(cnMobileSchema.parse('0086 13812345678')).toBe('13812345678');
    expect(cnMobileSchema.parse('8613812345678')).toBe('13812345678');
    expect(normalizeCnMobile('861381234567')).toBe('861381234567'); // too short to carry a country code
  });

  it('explains a bad number in Chinese', () => {
    expect(cnMobileSchema.safeParse('110').error?.issues[0]?.message).toBe('请输入正确的11位手机号码');
    expect(cnMobileSchema.safeParse(undefined).error?.issues[0]?.message).toBe('请输入正确的11位手机号码');
  });
});

describe('recommendationSchema', () => {
  it('accepts a recommendation and refuses an unknown reason code or category', () => {
    const rec = { productId: 'WM001', productName: '稳享添利', category: 'WEALTH', riskLevel: 2, reasonCode: 'IDLE_DEPOSIT', reasonText: '……' };
    expect(recommendationSchema.parse(rec)).toEqual(rec);
    expect(recommendationSchema.safeParse({ ...rec, reasonCode: 'HUNCH' }).success).toBe(false);
    expect(recommendationSchema.safeParse({ ...rec, category: 'CRYPTO' }).success).toBe(false);
  });
});
