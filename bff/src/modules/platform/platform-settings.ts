import type { Simulator } from '@pfs/simulator';
import type { Config } from '../../config/config';

export interface WecomSettings {
  /** Replaces https://qyapi.weixin.qq.com (no trailing slash). */
  apiBase: string;
  corpId: string;
  agentId: string;
  secret: string;
  callbackToken: string;
  callbackAesKey: string;
}

export interface WechatSettings {
  apiBase: string;
  /** Replaces https://open.weixin.qq.com (the web-OAuth authorize page the customer's browser is sent to); unset = the real host. */
  oauthBase?: string;
  appId: string;
  appSecret: string;
}

/** An HMAC-authenticated provider API (SMS gateway, identity verification): see simulator/README.md. */
export interface ProviderSettings {
  apiBase: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** SMS only: the signature shown in 【】. */
  signName?: string;
}

export interface WechatPaySettings {
  apiBase: string;
  mchId: string;
  serial: string;
  privateKey: string;
  apiV3Key: string;
  publicKey: string;
  publicKeyId: string;
}

/**
 * Where the platforms are and how to authenticate to them. `simulator`: the in-process simulator of the embedded
 * default (or of a test), whose control API the demo endpoints use; `real`: the configured hosts, and a group left
 * unconfigured is null.
 */
export type PlatformSettings =
  | { kind: 'simulator'; wecom: WecomSettings; wechat: WechatSettings; pay: WechatPaySettings; sms: ProviderSettings; idv: ProviderSettings; simulator: Simulator }
  | { kind: 'real'; wecom: WecomSettings | null; wechat: WechatSettings | null; pay: WechatPaySettings | null; sms?: ProviderSettings | null; idv?: ProviderSettings | null };

/** The real platforms from configuration (only the groups that are configured). */
export function realPlatformSettings(c: Config): PlatformSettings {
  return {
    kind: 'real',
    wecom:
      c.WECOM_CORP_ID && c.WECOM_AGENT_ID && c.WECOM_SECRET && c.WECOM_CALLBACK_TOKEN && c.WECOM_CALLBACK_AES_KEY
        ? {
            apiBase: c.WECOM_API_BASE,
            corpId: c.WECOM_CORP_ID,
            agentId: c.WECOM_AGENT_ID,
            secret: c.WECOM_SECRET,
            callbackToken: c.WECOM_CALLBACK_TOKEN,
            callbackAesKey: c.WECOM_CALLBACK_AES_KEY,
          }
        : null,
    wechat: c.WECHAT_APP_ID && c.WECHAT_APP_SECRET ? { apiBase: c.WECHAT_API_BASE, oauthBase: c.WECHAT_OAUTH_BASE, appId: c.WECHAT_APP_ID, appSecret: c.WECHAT_APP_SECRET } : null,
    pay:
      c.WECHATPAY_MCH_ID && c.WECHATPAY_SERIAL && c.WECHATPAY_PRIVATE_KEY && c.WECHATPAY_APIV3_KEY && c.WECHATPAY_PUBLIC_KEY && c.WECHATPAY_PUBLIC_KEY_ID
        ? {
            apiBase: c.WECHATPAY_API_BASE,
            mchId: c.WECHATPAY_MCH_ID,
            serial: c.WECHATPAY_SERIAL,
            privateKey: c.WECHATPAY_PRIVATE_KEY,
            apiV3Key: c.WECHATPAY_APIV3_KEY,
            publicKey: c.WECHATPAY_PUBLIC_KEY,
            publicKeyId: c.WECHATPAY_PUBLIC_KEY_ID,
          }
        : null,
  };
}

/** No platform at all: what tests that do not talk to a platform get (the platform routes answer 503). */
export const NO_PLATFORM: PlatformSettings = { kind: 'real', wecom: null, wechat: null, pay: null };
