/**
 * `https://open.weixin.qq.com/connect/oauth2/authorize`: the page WeChat (or the WeCom browser) shows before
 * redirecting to `redirect_uri?code=CODE&state=S`. Who is "in the browser" comes from `sim_user` /
 * `sim_snapshot` query parameters or from control.oa.setBrowserUser / control.wecom.setBrowserUser; otherwise, as in
 * WeChat, the browser stays the person it was the first time: the openid chosen then is kept in a cookie.
 */
import type Koa from 'koa';
import { addQueryParams, q } from '../core/http';
import { newOpenId, newUnionId, randomString, URL_SAFE } from '../core/ids';
import type { Sim } from '../core/sim';
import type { OaUser } from '../core/world';

const CODE_TTL_MS = 5 * 60 * 1000;
/** The WeChat user of this browser when nothing else names one (WeChat is logged in as one person per phone). */
export const OA_BROWSER_USER_COOKIE = 'sim_wx_openid';

function errorPage(ctx: Koa.Context, errcode: number, message: string): void {
  // WeChat shows an error page instead of redirecting; the code is in the page text.
  ctx.status = 400;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = `<!doctype html><title>微信授权失败</title><p>${errcode} ${message}</p>`;
}

/** Inserts code/state into the query part and keeps any #fragment after it (hash-router SPAs). */
export const withCodeAndState = (redirectUri: string, code: string, state: string): string =>
  addQueryParams(redirectUri, [
    ['code', code],
    ['state', state],
  ]);

function newOaUser(sim: Sim, openid: string, snapshot: boolean): OaUser {
  const user: OaUser = {
    openid,
    unionid: newUnionId(),
    nickname: snapshot ? '微信用户' : `微信用户${openid.slice(-4)}`,
    sex: 0,
    province: '',
    city: '',
    country: '',
    headimgurl: `https://thirdwx.qlogo.cn/mmopen/vi_32/sim_${openid}/132`,
    subscribed: false,
    snapshot,
  };
  sim.world.oaUsers.set(openid, user);
  return user;
}

export function openWeixinHost(sim: Sim): Koa.Middleware {
  return async (ctx) => {
    if (ctx.path !== '/connect/oauth2/authorize' || ctx.method !== 'GET') {
      ctx.status = 404;
      return;
    }
    const appid = q(ctx, 'appid');
    const redirectUri = q(ctx, 'redirect_uri');
    const scope = q(ctx, 'scope') ?? '';
    const state = q(ctx, 'state') ?? '';
    const isOa = appid === sim.credentials.oa.appId;
    const isWecom = appid === sim.credentials.wecom.corpId;
    if (!appid || (!isOa && !isWecom)) return errorPage(ctx, 10016, 'appid 参数错误');
    if (q(ctx, 'response_type') !== 'code') return errorPage(ctx, 10004, 'response_type 参数错误');
    let target: URL;
    try {
      target = new URL(redirectUri ?? '');
    } catch {
      return errorPage(ctx, 10003, 'redirect_uri 参数错误');
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return errorPage(ctx, 10003, 'redirect_uri 参数错误');
    const domains = sim.options.oa.redirectDomains;
    if (isOa && domains.length > 0 && !domains.includes(target.host)) return errorPage(ctx, 10003, 'redirect_uri 域名与后台配置不一致');
    if (Buffer.byteLength(state) > 128 || !/^[a-zA-Z0-9]*$/.test(state)) return errorPage(ctx, 10017, 'state 参数错误');
    const allowed = isOa ? ['snsapi_base', 'snsapi_userinfo'] : ['snsapi_base', 'snsapi_privateinfo'];
    if (!allowed.includes(scope)) return errorPage(ctx, 10005, 'scope 参数错误或没有 scope 权限');

    const code = randomString(32, URL_SAFE);
    const expiresAt = sim.clock.now() + CODE_TTL_MS;
    if (isWecom) {
      const userid = q(ctx, 'sim_user') ?? sim.world.wecom.browserUser;
      if (!userid || !sim.world.users.has(userid)) return errorPage(ctx, 60111, '当前浏览器没有企业微信成员身份 (sim_user)');
      sim.world.wecom.oauthCodes.set(code, { value: userid, expiresAt, used: false });
    } else {
      const remembered = ctx.cookies.get(OA_BROWSER_USER_COOKIE, { signed: false });
      const chosen = q(ctx, 'sim_user') ?? sim.world.oa.browserUser?.openid ?? (remembered && sim.world.oaUsers.has(remembered) ? remembered : undefined);
      const snapshot = q(ctx, 'sim_snapshot') === '1' || (q(ctx, 'sim_user') === undefined && sim.world.oa.browserUser?.snapshot === true);
      let user = chosen ? sim.world.oaUsers.get(chosen) : undefined;
      if (!user) user = newOaUser(sim, chosen ?? newOpenId(), false);
      // Snapshot mode (forced snsapi_userinfo from a Moments share) yields a virtual identity, not the person's.
      if (snapshot && scope === 'snsapi_userinfo') user = newOaUser(sim, newOpenId(), true);
      else if (q(ctx, 'sim_user') === undefined && !sim.world.oa.browserUser) {
        ctx.cookies.set(OA_BROWSER_USER_COOKIE, user.openid, { httpOnly: true, sameSite: 'lax', path: '/', signed: false, overwrite: true });
      }
      sim.world.oa.codes.set(code, { value: { openid: user.openid, scope, appid }, expiresAt, used: false });
    }
    ctx.redirect(withCodeAndState(redirectUri ?? '', code, state));
  };
}
