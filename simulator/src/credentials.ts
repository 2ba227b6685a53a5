import { generateKeyPairSync } from 'node:crypto';
import { ALNUM, randomDigits, randomHex, randomString } from './core/ids';

export interface WecomCredentials {
  /** `ww` + 16 hex, like a real corp id. */
  corpId: string;
  agentId: number;
  /** Secret of the self-built app that also holds the customer-contact permission. */
  corpSecret: string;
  /** Callback Token (≤32 alphanumerics). */
  callbackToken: string;
  /** 43 chars of [A-Za-z0-9]; base64("…=") gives the 32-byte AES key. */
  encodingAESKey: string;
}

export interface OaCredentials {
  appId: string;
  appSecret: string;
}

export interface PayCredentials {
  mchId: string;
  /** Appids bound to the merchant (JSAPI orders must use one of them). Defaults to the OA appid. */
  appIds: string[];
  /** Merchant API certificate serial (40 upper-case hex). */
  merchantSerialNo: string;
  merchantPrivateKey: string;
  merchantPublicKey: string;
  /** WeChat Pay public-key id, `PUB_KEY_ID_` + 32 digits; sent as Wechatpay-Serial. */
  platformPublicKeyId: string;
  platformPrivateKey: string;
  platformPublicKey: string;
  /** APIv3 key: 32 ASCII characters, used as the AES-256-GCM key. */
  apiV3Key: string;
}

export interface ProviderCredentials {
  accessKeyId: string;
  accessKeySecret: string;
}

/** Tencent Cloud API 3.0 (SMS and FaceID): one API key pair, the SMS app, signature and OTP template, the FaceID rule. */
export interface TencentCloudCredentials {
  /** `AKID` + 32 alphanumerics, like a real SecretId. */
  secretId: string;
  secretKey: string;
  /** SMS SdkAppId, `14` + 8 digits. */
  smsSdkAppId: string;
  /** The approved SMS signature (签名). */
  smsSignName: string;
  /** The approved OTP template: 您的验证码为{1}，5分钟内有效，请勿泄露给他人。 */
  smsTemplateId: string;
  /** FaceID DetectAuth business-flow id. */
  faceIdRuleId: string;
}

export interface SimulatorCredentials {
  wecom: WecomCredentials;
  oa: OaCredentials;
  pay: PayCredentials;
  sms: ProviderCredentials & { signName: string };
  idv: ProviderCredentials;
  tencentcloud: TencentCloudCredentials;
}

export type CredentialsInput = {
  [K in keyof SimulatorCredentials]?: Partial<SimulatorCredentials[K]>;
};

function rsaKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKey, publicKey };
}

/**
 * Fresh credentials for every simulator unless fixed ones are passed (a demo deployment pins them so the BFF
 * configuration survives restarts). RSA keys are only generated when not supplied: it is the slow part.
 */
export function createCredentials(input: CredentialsInput = {}): SimulatorCredentials {
  const wecom: WecomCredentials = {
    corpId: `ww${randomHex(16)}`,
    agentId: 1000002,
    corpSecret: randomString(43, `${ALNUM}-_`),
    callbackToken: randomString(24),
    encodingAESKey: randomString(43, ALNUM),
    ...input.wecom,
  };
  const oa: OaCredentials = { appId: `wx${randomHex(16)}`, appSecret: randomHex(32), ...input.oa };
  const merchant =
    input.pay?.merchantPrivateKey && input.pay.merchantPublicKey
      ? { privateKey: input.pay.merchantPrivateKey, publicKey: input.pay.merchantPublicKey }
      : rsaKeyPair();
  const platform =
    input.pay?.platformPrivateKey && input.pay.platformPublicKey
      ? { privateKey: input.pay.platformPrivateKey, publicKey: input.pay.platformPublicKey }
      : rsaKeyPair();
  const pay: PayCredentials = {
    mchId: `16${randomDigits(8)}`,
    appIds: [oa.appId],
    merchantSerialNo: randomHex(40).toUpperCase(),
    platformPublicKeyId: `PUB_KEY_ID_${randomDigits(32)}`,
    apiV3Key: randomString(32),
    ...input.pay,
    merchantPrivateKey: merchant.privateKey,
    merchantPublicKey: merchant.publicKey,
    platformPrivateKey: platform.privateKey,
    platformPublicKey: platform.publicKey,
  };
  validateCredentials(wecom, pay);
  return {
    wecom,
    oa,
    pay,
    sms: { accessKeyId: `SMS${randomString(13)}`, accessKeySecret: randomString(32), signName: '模拟银行', ...input.sms },
    idv: { accessKeyId: `IDV${randomString(13)}`, accessKeySecret: randomString(32), ...input.idv },
    tencentcloud: {
      secretId: `AKID${randomString(32, ALNUM)}`,
      secretKey: randomString(32, ALNUM),
      smsSdkAppId: `14${randomDigits(8)}`,
      smsSignName: '模拟银行',
      smsTemplateId: '2000001',
      faceIdRuleId: '1',
      ...input.tencentcloud,
    },
  };
}

function validateCredentials(wecom: WecomCredentials, pay: PayCredentials): void {
  if (!/^[A-Za-z0-9]{43}$/.test(wecom.encodingAESKey)) throw new Error('encodingAESKey must be 43 chars of [A-Za-z0-9]');
  if (!/^[A-Za-z0-9]{1,32}$/.test(wecom.callbackToken)) throw new Error('callbackToken must be 1-32 alphanumerics');
  if (Buffer.byteLength(pay.apiV3Key, 'utf8') !== 32 || !/^[\x21-\x7e]{32}$/.test(pay.apiV3Key)) {
    throw new Error('apiV3Key must be 32 ASCII characters');
  }
  if (!/^PUB_KEY_ID_\d{32}$/.test(pay.platformPublicKeyId)) throw new Error('platformPublicKeyId must be PUB_KEY_ID_ + 32 digits');
}

/** What may be shown to a demo panel or printed: ids and public keys, no secrets or private keys. */
export function publicCredentials(c: SimulatorCredentials): Record<string, unknown> {
  return {
    wecom: { corpId: c.wecom.corpId, agentId: c.wecom.agentId },
    oa: { appId: c.oa.appId },
    pay: {
      mchId: c.pay.mchId,
      appIds: c.pay.appIds,
      merchantSerialNo: c.pay.merchantSerialNo,
      platformPublicKeyId: c.pay.platformPublicKeyId,
      platformPublicKey: c.pay.platformPublicKey,
    },
    sms: { accessKeyId: c.sms.accessKeyId, signName: c.sms.signName },
    idv: { accessKeyId: c.idv.accessKeyId },
    tencentcloud: {
      secretId: c.tencentcloud.secretId,
      smsSdkAppId: c.tencentcloud.smsSdkAppId,
      smsSignName: c.tencentcloud.smsSignName,
      smsTemplateId: c.tencentcloud.smsTemplateId,
      faceIdRuleId: c.tencentcloud.faceIdRuleId,
    },
  };
}
