import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import type { ProviderSettings } from '../platform/platform-settings';
import { SignedIdentityVerifier, SignedSmsProvider, type IdentityVerifier, type SmsProvider } from './providers';
import { TencentFaceVerifier, TencentPhoneVerifier, TencentSmsProvider, type TencentCloudClientOptions } from './tencentcloud';

export interface VerificationProviders {
  sms: SmsProvider | null;
  idv: IdentityVerifier | null;
  /** The identity check the flow runs: data (name, ID number, phone) after the SMS code, or a hosted face check. */
  level: 'three_element' | 'face';
  close(): void;
}

/**
 * The configured providers. Tencent Cloud credentials: SMS and FaceID (`IDV_LEVEL` picks PhoneVerification or
 * DetectAuth), at the real hosts or wherever TENCENTCLOUD_ENDPOINT_BASE points (the simulator). Otherwise the
 * simulator's own providers in the embedded default, and none (PROVIDER_UNAVAILABLE) with real platforms.
 */
export function providersFrom(
  config: Pick<Config, 'tencentCloud' | 'IDV_LEVEL'>,
  platform: { sms?: ProviderSettings | null; idv?: ProviderSettings | null },
  logger?: Logger,
  opts: TencentCloudClientOptions = {},
): VerificationProviders {
  const level = config.IDV_LEVEL;
  const tc = config.tencentCloud;
  if (tc) {
    const sms = new TencentSmsProvider(tc, { logger, ...opts });
    const idv = level === 'face' ? new TencentFaceVerifier(tc, { logger, ...opts }) : new TencentPhoneVerifier(tc, { logger, ...opts });
    return {
      sms,
      idv,
      level,
      close: () => {
        sms.close();
        idv.close();
      },
    };
  }
  return {
    sms: platform.sms ? new SignedSmsProvider(platform.sms, { logger }) : null,
    // The data check's hosted page needs nothing from the person: the BFF completes it itself.
    idv: platform.idv ? new SignedIdentityVerifier(platform.idv, { logger, completeHostedStep: level !== 'face' }) : null,
    level,
    close: () => undefined,
  };
}
