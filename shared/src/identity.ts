import * as z from 'zod/mini';
import { text } from './text';

/**
 * Resident identity card numbers (GB 11643-1999) and mainland mobile numbers: pure checks shared by the H5 form,
 * the BFF and the CRM import. No Node APIs here (the mini-program bundles this file).
 *
 * An 18-character number is 6 digits of region, 8 of birth date (YYYYMMDD), 3 of sequence and a check character:
 * Σ(digit × weight) mod 11 indexes "10X98765432".
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const ID_FORMAT = /^\d{17}[\dX]$/;
const EARLIEST_BIRTH_YEAR = 1900;

/** Why a number is not a valid ID number; null when it is. */
export type IdNumberProblem = 'empty' | 'format' | 'birth_date' | 'check_digit';

export const ID_NUMBER_MESSAGES_ZH: Record<IdNumberProblem, string> = {
  empty: '请输入身份证号码',
  format: '身份证号码应为18位，前17位为数字，最后一位为数字或X',
  birth_date: '身份证号码中的出生日期不正确',
  check_digit: '身份证号码校验位不正确',
};

/** The check character for the first 17 digits (`'?'` if they are not 17 digits). */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) return '?';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS.charAt(sum % 11);
}

/** Trimmed, upper-case `x`: the form every check and every blind index uses. */
export function normalizeIdNumberInput(id: string): string {
  return id.trim().toUpperCase();
}

/**
 * Checks a normalised 18-character number: format, a real birth date between 1900 and `today`, and the check
 * character. `today` defaults to now (pass it for deterministic tests).
 */
export function idNumberProblem(id: string, today: Date = new Date()): IdNumberProblem | null {
  if (id.length === 0) return 'empty';
  if (!ID_FORMAT.test(id)) return 'format';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = Date.UTC(year, month - 1, day);
  const d = new Date(birth);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return 'birth_date';
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  if (year < EARLIEST_BIRTH_YEAR || birth > todayUtc) return 'birth_date';
  if (idNumberCheckChar(id.slice(0, 17)) !== id.charAt(17)) return 'check_digit';
  return null;
}

export function isValidIdNumber(id: string, today?: Date): boolean {
  return idNumberProblem(id, today) === null;
}

/** Trims and upper-cases, then checks GB 11643; the messages are the ones the H5 form shows. */
export const idNumberSchema = text({ error: ID_NUMBER_MESSAGES_ZH.empty }).check(
  z.trim(),
  z.toUpperCase(),
  z.superRefine((value, ctx) => {
    const problem = idNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: ID_NUMBER_MESSAGES_ZH[problem], continue: false });
  }),
);

const CN_MOBILE = /^1[3-9]\d{9}$/;
export const CN_MOBILE_MESSAGE_ZH = '请输入正确的11位手机号码';

/** Drops spaces, dashes and a +86 / 86 prefix: `+86 138-1234-5678` → `13812345678`. */
export function normalizeCnMobile(phone: string): string {
  return phone.replace(/[\s-]/g, '').replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, '');
}

export function isCnMobile(phone: string): boolean {
  return CN_MOBILE.test(phone);
}

/** A mainland mobile number, normalised (`+86 138-1234-5678` is accepted as `13812345678`). */
export const cnMobileSchema = text({ error: CN_MOBILE_MESSAGE_ZH }).check(
  z.overwrite(normalizeCnMobile),
  z.regex(CN_MOBILE, CN_MOBILE_MESSAGE_ZH),
);
