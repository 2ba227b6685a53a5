import type { SmsCodeSent } from '@pfs/shared';
import { AppError } from '../../http/app-error';
import { blindIndex, maskPhone, normalizePhone } from '../../lib/pii';
import type { H5Deps, H5Request } from './h5-deps';
import { invitationReadyForVerification } from './h5-invitation';
import type { H5Session } from './h5-session';
import { ProviderRejectedError, ProviderUnavailableError } from './providers';
import { SMS_CODE_TTL_SECONDS } from './sms-codes';

/**
 * The customer asks for an SMS code for the phone they entered (consent given, not verified yet). Sends are limited
 * per phone, per WeChat user and per IP (sms-codes.ts); a code the gateway could not deliver is withdrawn at once,
 * so the customer can ask again without waiting. The phone is named in keys and logs by its blind index only.
 */
export async function sendSmsCode(d: H5Deps, s: H5Session, rawPhone: string, req: Pick<H5Request, 'ip' | 'log'>): Promise<SmsCodeSent> {
  const inv = await invitationReadyForVerification(d.prisma, s, d.clock.now());
  const sms = d.providers.sms;
  if (!sms) throw new AppError('PROVIDER_UNAVAILABLE');
  const phone = normalizePhone(rawPhone);
  const phoneHash = blindIndex(d.piiKeys, 'phone', phone);
  await d.smsCodes.checkSendLimits({ phoneHash, openid: s.openid, ip: req.ip });
  const code = await d.smsCodes.issue({ invitationId: inv.id, phoneHash });
  try {
    await sms.sendCode(phone, code);
  } catch (err) {
    await d.smsCodes.consume({ invitationId: inv.id, phoneHash });
    if (err instanceof ProviderUnavailableError) throw new AppError('PROVIDER_UNAVAILABLE');
    if (err instanceof ProviderRejectedError) {
      req.log.info({ status: err.status, code: err.code }, 'h5 sms: provider refused');
      if (err.rateLimited) throw new AppError('TOO_MANY_ATTEMPTS', '获取验证码过于频繁，请稍后再试');
      throw new AppError('VALIDATION_FAILED', '该手机号无法接收短信，请检查后重试');
    }
    throw err;
  }
  return { phoneMasked: maskPhone(phone), expiresInSeconds: SMS_CODE_TTL_SECONDS, resendAfterSeconds: 60 };
}
