import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type Redis from 'ioredis';
import { AppError } from '../../http/app-error';

/**
 * One-time SMS codes in Redis: 6 digits, 5 minutes, single use, burnt after 5 wrong tries; only an HMAC of the
 * code is stored, and keys name phones by their blind index, never the number. Sends are limited per phone
 * (1/min, 5/day), per openid (10/day) and per IP (20/hour).
 */
export const SMS_CODE_TTL_SECONDS = 300;
export const SMS_CODE_MAX_WRONG = 5;
export const SMS_LIMITS = {
  phonePerMinute: 1,
  phonePerDay: 5,
  openidPerDay: 10,
  ipPerHour: 20,
} as const;

export interface SmsCodeScope {
  invitationId: string;
  phoneHash: string;
}

const codeKey = (s: SmsCodeScope) => `h5:sms:code:${s.invitationId}:${s.phoneHash}`;

export class SmsCodes {
  constructor(private readonly redis: Redis, private readonly macKey: Buffer) {}

  private mac(code: string): string {
    return createHmac('sha256', this.macKey).update(`sms:${code}`).digest('hex');
  }

  /** Counts one hit in a fixed window; over `max` → TOO_MANY_ATTEMPTS with Retry-After. */
  async hit(key: string, windowSeconds: number, max: number, message: string): Promise<void> {
    const n = await this.redis.incr(key);
    if (n === 1) await this.redis.expire(key, windowSeconds);
    if (n > max) {
      const ttl = await this.redis.ttl(key);
      throw new AppError('TOO_MANY_ATTEMPTS', message, undefined, { 'retry-after': String(ttl > 0 ? ttl : windowSeconds) });
    }
  }

  async checkSendLimits(p: { phoneHash: string; openid: string; ip: string }): Promise<void> {
    await this.hit(`h5:sms:ip:${p.ip}`, 3600, SMS_LIMITS.ipPerHour, '获取验证码过于频繁，请稍后再试');
    await this.hit(`h5:sms:openid:${p.openid}`, 86_400, SMS_LIMITS.openidPerDay, '今日获取验证码次数已达上限，请明天再试');
    await this.hit(`h5:sms:phone-min:${p.phoneHash}`, 60, SMS_LIMITS.phonePerMinute, '验证码已发送，请1分钟后再重新获取');
    await this.hit(`h5:sms:phone-day:${p.phoneHash}`, 86_400, SMS_LIMITS.phonePerDay, '该手机号今日获取验证码次数已达上限，请明天再试');
  }

  /** A fresh code for this invitation and phone (replacing an earlier one). */
  async issue(s: SmsCodeScope): Promise<string> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const k = codeKey(s);
    await this.redis.del(k);
    await this.redis.hset(k, 'mac', this.mac(code), 'wrong', '0');
    await this.redis.expire(k, SMS_CODE_TTL_SECONDS);
    return code;
  }

  /** Checks without using the code up (a provider outage must not cost the customer their code). */
  async check(s: SmsCodeScope, code: string): Promise<void> {
    const k = codeKey(s);
    const stored = await this.redis.hget(k, 'mac');
    if (!stored) throw new AppError('SMS_CODE_INVALID');
    const a = Buffer.from(stored, 'hex');
    const b = Buffer.from(this.mac(code), 'hex');
    if (a.length === b.length && timingSafeEqual(a, b)) return;
    const wrong = await this.redis.hincrby(k, 'wrong', 1);
    if (wrong >= SMS_CODE_MAX_WRONG) {
      await this.redis.del(k);
      throw new AppError('TOO_MANY_ATTEMPTS', '验证码错误次数过多，请重新获取验证码');
    }
    throw new AppError('SMS_CODE_INVALID', `短信验证码错误，还可尝试${SMS_CODE_MAX_WRONG - wrong}次`);
  }

  /** Single use: gone once a verification has used it. */
  async consume(s: SmsCodeScope): Promise<void> {
    await this.redis.del(codeKey(s));
  }
}
