import Router from '@koa/router';
import type { Context } from 'koa';
import * as z from 'zod/mini';
import {
  CONSENT_TEXT,
  consentBodySchema,
  faceReturnQuerySchema,
  invitationTokenSchema,
  oauthCallbackQuerySchema,
  oauthStartQuerySchema,
  smsCodeBodySchema,
  verificationBodySchema,
  type ConsentBody,
  type ConsentWithdrawn,
  type SmsCodeBody,
  type VerificationBody,
  VERIFICATION_RETURN_PATH,
} from '@pfs/shared';
import type { AppDeps } from '../../app-deps';
import { rateLimitPerIp } from '../../http/rate-limit';
import { valid, validate } from '../../http/validate';
import { verifyPageUrl } from '../invitations/invitation-links';
import { completeFaceCheck } from './complete-face-check';
import { finishWechatLogin } from './finish-wechat-login';
import { giveConsent } from './give-consent';
import { h5DepsFrom, type H5Request } from './h5-deps';
import { h5SessionOf, requireH5Session } from './h5-session';
import { OAUTH_BROWSER_COOKIE, OAUTH_STATE_TTL_SECONDS } from './oauth-state';
import { openInvitation } from './open-invitation';
import { sendSmsCode } from './send-sms-code';
import { startWechatLogin } from './start-wechat-login';
import { verifyIdentity } from './verify-identity';
import { withdrawConsent } from './withdraw-consent';

const tokenParam = z.object({ token: invitationTokenSchema });

/**
 * The customer's H5 endpoints (public, in WeChat): the invitation, the WeChat login, consent, the SMS code, the
 * identity check and the face check's return, consent withdrawal. Each parses its input, calls one use case and
 * shapes the answer. Every endpoint is limited per IP; SMS codes also per phone and per openid; identity checks
 * per openid.
 */
export function h5Routes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/h5' });
  const d = h5DepsFrom(deps);
  const h5 = requireH5Session(d.sessions);
  router.use(rateLimitPerIp(deps.redis.client, { points: deps.config.H5_RATE_LIMIT_PER_MINUTE, keyPrefix: 'rl:h5' }));

  const requestOf = (ctx: Context): H5Request => ({
    ip: ctx.ip,
    userAgent: ctx.get('user-agent') || null,
    requestId: String(ctx.state.requestId ?? '') || null,
    log: ctx.state.log ?? deps.logger,
    audit: (entry) => deps.audit.record(ctx, entry),
  });
  // Browser navigations: failures go back to the page with `&error=<code>` (its message is ERROR_MESSAGES_ZH[code]).
  const backToPage = (ctx: Context, params: Record<string, string>) => ctx.redirect(verifyPageUrl(d.links, params));
  // The login cookie lives only on the login's two URLs and only for the login's few minutes.
  const loginCookie = (ctx: Context, value: string | null) =>
    ctx.cookies.set(OAUTH_BROWSER_COOKIE, value ?? '', {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.secure,
      path: '/api/h5/oauth',
      maxAge: value ? OAUTH_STATE_TTL_SECONDS * 1000 : 0,
      overwrite: true,
      signed: false,
    });
  const browserSecretOf = (ctx: Context) => ctx.cookies.get(OAUTH_BROWSER_COOKIE, { signed: false }) || undefined;

  router.get('/invitations/:token', validate({ params: tokenParam }), async (ctx) => {
    const { token } = valid<unknown, unknown, { token: string }>(ctx).params;
    ctx.body = await openInvitation(d, token, await d.sessions.fromHeader(ctx.get('authorization')));
  });

  router.get('/oauth/start', async (ctx) => {
    const q = z.safeParse(oauthStartQuerySchema, ctx.query);
    if (!q.success) return backToPage(ctx, { error: 'INVITATION_INVALID' });
    const { t, scope, sim_user: simUser, sim_snapshot: simSnapshot } = q.data;
    const r = await startWechatLogin(d, { token: t, ...(scope ? { scope } : {}), ...(simUser ? { simUser } : {}), ...(simSnapshot ? { simSnapshot } : {}) });
    if (r.kind === 'refused') return backToPage(ctx, { t, error: r.error });
    loginCookie(ctx, r.browserSecret);
    ctx.redirect(r.url);
  });

  router.get('/oauth/callback', async (ctx) => {
    const q = z.safeParse(oauthCallbackQuerySchema, ctx.query);
    const browserSecret = browserSecretOf(ctx);
    loginCookie(ctx, null);
    const r = q.success ? await finishWechatLogin(d, { ...q.data, ...(browserSecret ? { browserSecret } : {}) }, requestOf(ctx)) : { error: 'WECHAT_AUTH_REQUIRED' as const };
    backToPage(ctx, 'session' in r ? { s: r.session } : { error: r.error });
  });

  router.get('/consent', (ctx) => {
    ctx.body = CONSENT_TEXT;
  });

  router.post('/consent', h5, validate({ body: consentBodySchema }), async (ctx) => {
    ctx.body = await giveConsent(d, h5SessionOf(ctx), valid<ConsentBody>(ctx).body.version, requestOf(ctx));
    ctx.status = 201;
  });

  router.post('/consent/withdraw', h5, async (ctx) => {
    const r = await withdrawConsent(d, h5SessionOf(ctx), requestOf(ctx));
    const body: ConsentWithdrawn = { withdrawnAt: r.withdrawnAt?.toISOString() ?? null };
    ctx.body = body;
  });

  router.post('/sms-codes', h5, validate({ body: smsCodeBodySchema }), async (ctx) => {
    ctx.body = await sendSmsCode(d, h5SessionOf(ctx), valid<SmsCodeBody>(ctx).body.phone, requestOf(ctx));
    ctx.status = 201;
  });

  // The data check answers the verdict; the face check answers REDIRECT and the verdict comes with the return below.
  router.post('/verification', h5, validate({ body: verificationBodySchema }), async (ctx) => {
    ctx.body = await verifyIdentity(d, h5SessionOf(ctx), valid<VerificationBody>(ctx).body, requestOf(ctx));
  });

  router.get(VERIFICATION_RETURN_PATH.slice('/api/h5'.length), async (ctx) => {
    const q = z.safeParse(faceReturnQuerySchema, ctx.query);
    backToPage(ctx, q.success ? await completeFaceCheck(d, q.data.BizToken, requestOf(ctx)) : { error: 'INVITATION_INVALID' });
  });

  return router;
}
