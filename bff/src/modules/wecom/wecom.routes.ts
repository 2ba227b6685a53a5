import Router from '@koa/router';
import { jssdkSignatureQuerySchema, wecomLoginBodySchema, type JssdkSignature, type SessionInfo, type WecomLoginBody } from '@pfs/shared';
import type { AppDeps } from '../../app-deps';
import { rateLimitPerIp } from '../../http/rate-limit';
import { valid, validate } from '../../http/validate';
import { AppError } from '../../http/app-error';
import { signJssdk } from './jssdk-signature';
import { requireWecom, upstreamError, wecomLogin } from './wecom-login.service';

/** Logins per client IP per minute: far below the general budget, codes are not to be guessed. */
export const WECOM_LOGIN_PER_MINUTE = 30;
export const JSSDK_SIGNATURES_PER_MINUTE = 60;

export function wecomRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });

  router.post(
    '/auth/wecom',
    rateLimitPerIp(deps.redis.client, { points: WECOM_LOGIN_PER_MINUTE, keyPrefix: 'rl:login' }),
    validate({ body: wecomLoginBodySchema }),
    async (ctx) => {
      const body: SessionInfo = await wecomLogin(deps, valid<WecomLoginBody>(ctx).body.code, ctx.state.log);
      ctx.body = body;
    },
  );

  // Public: an H5 page inside WeCom needs the corp id and signatures before it can log in. Only our own page
  // origins are signed (the same list as CORS), and the per-IP budget is tight.
  router.get(
    '/wecom/jssdk-signature',
    rateLimitPerIp(deps.redis.client, { points: JSSDK_SIGNATURES_PER_MINUTE, keyPrefix: 'rl:jssdk' }),
    validate({ query: jssdkSignatureQuerySchema }),
    async (ctx) => {
      const wecom = requireWecom(deps);
      const { url } = valid<unknown, { url: string }>(ctx).query;
      if (!deps.config.CORS_ORIGINS.includes(new URL(url).origin)) throw new AppError('FORBIDDEN', '该页面地址不在允许的域名内');
      let body: JssdkSignature;
      try {
        body = await signJssdk(wecom, url);
      } catch (err) {
        upstreamError(err, ctx.state.log);
      }
      ctx.body = body;
    },
  );

  return router;
}
