import { cnMobileSchema, idNumberSchema, normalizeCnMobile, normalizeIdNumberInput, type VerificationBody } from '@pfs/shared';
import { ApiError } from '../api/api-error';
import { toUserMessage } from '../errors/app-error';

export type FieldErrors = Partial<Record<keyof VerificationBody, string>>;

const NAME_PATTERN = /^[\u4e00-\u9fa5·•A-Za-z\s]{2,30}$/;

export function normalizeForm(form: VerificationBody): VerificationBody {
  return {
    name: form.name.trim(),
    idNumber: normalizeIdNumberInput(form.idNumber),
    phone: normalizeCnMobile(form.phone),
    smsCode: form.smsCode.trim(),
  };
}

export function nameError(name: string): string | undefined {
  const value = name.trim();
  if (!value) return '请输入姓名';
  return NAME_PATTERN.test(value) ? undefined : '请输入身份证上的姓名';
}

/** GB 11643 (format, birth date, check digit) through the same shared schema the server uses. */
export function idNumberError(idNumber: string): string | undefined {
  const parsed = idNumberSchema.safeParse(normalizeIdNumberInput(idNumber));
  return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? '身份证号码不正确');
}

export function phoneError(phone: string): string | undefined {
  const parsed = cnMobileSchema.safeParse(normalizeCnMobile(phone));
  return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? '请输入正确的11位手机号码');
}

export function smsCodeError(code: string): string | undefined {
  return /^\d{6}$/.test(code.trim()) ? undefined : '请输入6位短信验证码';
}

/** Every field's first problem; empty when the form can be sent. */
export function validateForm(form: VerificationBody): FieldErrors {
  const errors: FieldErrors = {
    name: nameError(form.name),
    idNumber: idNumberError(form.idNumber),
    phone: phoneError(form.phone),
    smsCode: smsCodeError(form.smsCode),
  };
  return Object.fromEntries(Object.entries(errors).filter(([, v]) => v)) as FieldErrors;
}

/** Plain Chinese for the outcomes the customer can meet (the server's own text is used for anything else). */
export const VERIFY_ERRORS_ZH = {
  IDV_MISMATCH: '姓名、身份证号与手机号信息不一致，请核对后重试',
  INVITATION_EXPIRED: '邀请链接已过期，请联系您的客户经理重新发送',
  INVITATION_REVOKED: '该邀请链接已失效，请使用客户经理最新发送的链接',
  INVITATION_INVALID: '邀请链接无效，请使用客户经理发送的原始链接',
  TOO_MANY_ATTEMPTS: '操作过于频繁或尝试次数过多，请稍后再试',
  PROVIDER_UNAVAILABLE: '服务繁忙，请稍后重试，已填写的信息不会丢失',
  SMS_CODE_INVALID: '短信验证码错误或已过期，请重新获取',
  CONSENT_REQUIRED: '请先阅读并同意个人信息授权',
  SNAPSHOT_USER: '请在微信中打开并授权',
  WECHAT_SNAPSHOT_USER: '请在微信中打开并授权',
  UNAUTHENTICATED: '页面已过期，请重新打开邀请链接',
  SESSION_EXPIRED: '页面已过期，请重新打开邀请链接',
  H5_SESSION_EXPIRED: '页面已过期，请重新打开邀请链接',
  H5_SESSION_REQUIRED: '页面已过期，请重新打开邀请链接',
  WECHAT_AUTH_REQUIRED: '请在微信中打开并授权',
  UPSTREAM_UNAVAILABLE: '微信授权服务暂时不可用，请稍后重试',
} as const;

export function verifyCodeMessage(code: string): string | undefined {
  return (VERIFY_ERRORS_ZH as Record<string, string | undefined>)[code];
}

/** Codes whose server wording is more precise than ours: how many tries are left, which limit was reached. */
const SERVER_WORDED = new Set(['SMS_CODE_INVALID', 'TOO_MANY_ATTEMPTS', 'CUSTOMER_ALREADY_VERIFIED']);

const MISMATCH_FIELDS_ZH: Record<string, string> = { name: '姓名', idNumber: '身份证号', phone: '手机号' };

/** The fields the identity provider found not matching (`details.fields` of IDV_MISMATCH), in Chinese. */
export function mismatchFields(error: ApiError): string[] {
  const details = error.server.details as { fields?: unknown } | undefined;
  const fields = Array.isArray(details?.fields) ? details.fields : [];
  return fields.map((f) => MISMATCH_FIELDS_ZH[String(f)]).filter((f): f is string => Boolean(f));
}

/** The sentence the customer sees for a failed call. */
export function verifyErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (SERVER_WORDED.has(error.code) && error.server.message) return error.server.message;
    if (error.code === 'IDV_MISMATCH') {
      const fields = mismatchFields(error);
      return fields.length ? `${fields.join('、')}与身份信息不一致，请核对后重新获取验证码再提交` : `${VERIFY_ERRORS_ZH.IDV_MISMATCH}（需重新获取验证码）`;
    }
    const known = verifyCodeMessage(error.code);
    if (known) return known;
  }
  return toUserMessage(error);
}

/** Codes that end the flow (the link itself cannot be used any more). */
export const TERMINAL_CODES = new Set(['INVITATION_EXPIRED', 'INVITATION_REVOKED', 'INVITATION_INVALID']);
/** Codes that need a fresh WeChat authorisation. */
export const RELOGIN_CODES = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED', 'H5_SESSION_EXPIRED', 'H5_SESSION_REQUIRED']);
/** Codes after which the form cannot go on (the page shows them instead of the form). */
export const FORM_FATAL_CODES = new Set([...TERMINAL_CODES, ...RELOGIN_CODES, 'CONSENT_REQUIRED']);

/**
 * What a reload keeps of the form (sessionStorage: this tab only, gone when it closes), and why only this:
 * - name and mobile number, so the customer does not type them again (the code was sent to that number); both are
 *   shown on the page anyway, and the draft lapses after DRAFT_TTL_MS or once the verification succeeded;
 * - when 获取验证码 may be pressed again and which number the code went to, so the countdown goes on (for that
 *   number only: the gateway limits each number);
 * - never the ID number (a lifelong identifier: storage outlives the page and any script of the origin can read it)
 *   nor the SMS code (a one-time secret). Both are typed again after a reload.
 */
export interface VerifyDraft {
  name: string;
  phone: string;
  /** Epoch ms when a new code may be requested. */
  resendAt?: number;
  /** The masked number the last code went to, for the note under the code field. */
  sentTo?: string;
  /** The number the last code went to (the countdown holds back only that one). */
  codePhone?: string;
  /** Epoch ms after which the draft is dropped. */
  expiresAt: number;
}

export const VERIFY_DRAFT_KEY = 'pfs.verify.form';
export const DRAFT_TTL_MS = 15 * 60 * 1_000;

type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function loadDraft(storage: DraftStorage | undefined, now: number): VerifyDraft | undefined {
  try {
    const raw = JSON.parse(storage?.getItem(VERIFY_DRAFT_KEY) ?? 'null') as Record<string, unknown> | null;
    if (!raw || typeof raw !== 'object') return undefined;
    const expiresAt = num(raw.expiresAt);
    if (!expiresAt || expiresAt <= now) {
      storage?.removeItem(VERIFY_DRAFT_KEY);
      return undefined;
    }
    const sentTo = str(raw.sentTo, 20);
    const codePhone = str(raw.codePhone, 20);
    return { name: str(raw.name, 30), phone: str(raw.phone, 20), resendAt: num(raw.resendAt), sentTo: sentTo || undefined, codePhone: codePhone || undefined, expiresAt };
  } catch {
    return undefined;
  }
}

export function saveDraft(storage: DraftStorage | undefined, draft: Omit<VerifyDraft, 'expiresAt'>, now: number): void {
  try {
    const { name, phone, resendAt, sentTo, codePhone } = draft;
    storage?.setItem(VERIFY_DRAFT_KEY, JSON.stringify({ name, phone, resendAt, sentTo, codePhone, expiresAt: now + DRAFT_TTL_MS }));
  } catch {
    /* storage full or blocked: the form still works, it is just not kept */
  }
}

export function clearDraft(storage: DraftStorage | undefined): void {
  try {
    storage?.removeItem(VERIFY_DRAFT_KEY);
  } catch {
    /* nothing kept */
  }
}
