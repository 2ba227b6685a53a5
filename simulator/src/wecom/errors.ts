import type Koa from 'koa';
import { randomHex } from '../core/ids';

/** errmsg text of the WeCom global return codes the simulator produces (clients must branch on errcode). */
export const WECOM_ERRORS: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40002: 'invalid grant_type',
  40003: 'invalid userid',
  40008: 'invalid message type',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40050: 'invalid chatid',
  40056: 'invalid agentid',
  40058: 'invalid Parameter',
  40068: 'invalid tagid',
  40071: 'tag name already exists',
  40096: 'invalid external userid',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  41008: 'missing oauth code',
  41051: 'externaluser has started chatting',
  42001: 'access_token expired',
  44004: 'empty content',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit',
  47001: 'data format error',
  48002: 'api forbidden',
  60011: 'no privilege to access/modify contact/party/agent',
  60111: 'userid not found',
  60123: 'invalid party id',
  81013: 'user & party & tag all invalid',
  84061: 'not external contact',
};

/** Mirrors the real errmsg shape: "<text>, hint: [...], from ip: ..., more info at .../devtool/query?e=<code>". */
export function wecomErrmsg(errcode: number, detail: string | undefined, ctx: Koa.Context, nowSeconds: number): string {
  const text = WECOM_ERRORS[errcode] ?? 'unknown error';
  const extra = detail ? ` (${detail})` : '';
  return `${text}${extra}, hint: [${nowSeconds}_${randomHex(6)}_sim], from ip: ${ctx.ip || '127.0.0.1'}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}
