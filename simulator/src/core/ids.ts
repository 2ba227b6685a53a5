import { randomBytes, randomInt } from 'node:crypto';

/** Character sets the real platforms use for their opaque identifiers. */
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const URL_SAFE = `${ALNUM}-_`;
export const DIGITS = '0123456789';

export function randomString(length: number, alphabet: string = ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet.charAt(randomInt(alphabet.length));
  return out;
}

export const randomDigits = (length: number): string => randomString(length, DIGITS);

export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}

/** WeCom external_userid of a WeChat user: `wm` + 30 url-safe chars (32 in all, like the real ones). */
export const newExternalUserId = (): string => `wm${randomString(30, URL_SAFE)}`;
/** Corp tag and tag-group ids start with `et` on the real platform. */
export const newTagId = (): string => `et${randomString(30, URL_SAFE)}`;
/** WeChat openid / unionid: 28 chars starting with `o`. */
export const newOpenId = (): string => `o${randomString(27, URL_SAFE)}`;
export const newUnionId = (): string => `o${randomString(27, URL_SAFE)}`;
/** Customer group chat_id: `wr` + 28 url-safe chars (30 in all, like the real ones). */
export const newChatId = (): string => `wr${randomString(28, URL_SAFE)}`;
