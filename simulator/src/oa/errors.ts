import { randomHex } from '../core/ids';

/** errmsg texts of the OA (api.weixin.qq.com) return codes the simulator produces. */
export const OA_ERRORS: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40030: 'invalid refresh_token',
  40037: 'invalid template_id',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40163: 'code been used',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  42001: 'access_token expired',
  42002: 'refresh_token expired',
  43004: 'require subscribe',
  45009: 'reach max api daily quota limit',
  47001: 'data format error',
  48001: 'api unauthorized',
};

/** The OA appends a request id: "invalid appid rid: 6540b5f1-6f3c0a2e-1b2c3d4e". */
export function oaErrmsg(errcode: number, detail: string | undefined): string {
  const text = OA_ERRORS[errcode] ?? 'unknown error';
  return `${text}${detail ? ` (${detail})` : ''} rid: ${randomHex(8)}-${randomHex(8)}-${randomHex(8)}`;
}
