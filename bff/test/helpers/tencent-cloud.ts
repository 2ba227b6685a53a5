import type { Simulator } from '@pfs/simulator';

// A second simulator standing in for Tencent Cloud (sms. and faceid.tencentcloudapi.com): the BFF's adapters sign
// API 3.0 requests for it; WeCom and the WeChat login come from the app's own in-process simulator.

/** The app's environment for Tencent Cloud SMS and FaceID at `tcBase` (`IDV_LEVEL` picks the check). */
export function tencentEnv(tc: Simulator, tcBase: string, level: 'three_element' | 'face'): Record<string, string> {
  const c = tc.credentials.tencentcloud;
  return {
    H5_RATE_LIMIT_PER_MINUTE: '1000',
    IDV_LEVEL: level,
    TENCENTCLOUD_SECRET_ID: c.secretId,
    TENCENTCLOUD_SECRET_KEY: c.secretKey,
    TENCENTCLOUD_ENDPOINT_BASE: tcBase,
    TENCENTCLOUD_TIMEOUT_MS: '3000',
    SMS_SDK_APP_ID: c.smsSdkAppId,
    SMS_SIGN_NAME: c.smsSignName,
    SMS_TEMPLATE_ID: c.smsTemplateId,
    FACEID_RULE_ID: c.faceIdRuleId,
  };
}

/** The Tencent Cloud actions called so far, `Action` or `Action:ErrorCode`. */
export const tencentCalls = (tc: Simulator) => tc.control.tencentcloud.calls().map((c) => `${c.action}${c.error ? `:${c.error}` : ''}`);
