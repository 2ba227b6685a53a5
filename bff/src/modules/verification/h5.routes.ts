import Router from '@koa/router';
import type { Context } from 'koa';
import * as z from 'zod/mini';
import {
  CONSENT_TEXT,
  consentBodySchema,
  invitationStatusOf,
  invitationTokenSchema,
  smsCodeBodySchema,
  verificationBodySchema,
  type ConsentBody,
  type ErrorCode,
  type H5Invitation,
  type SmsCodeBody,
  type SmsCodeSent,
  type VerificationBody,
  VERIFICATION_RETURN_PATH,
} from '@pfs/shared';
import type { AppDeps } from '../../app-deps';
import { AppError } from '../../http/app-error';
import { rateLimitPerIp } from '../../http/rate-limit';
import { valid, validate } from '../../http/validate';
import { blindIndex, maskPhone, normalizePhone } from '../../lib/pii';
import { invitationLinksFrom, verifyPageUrl } from '../invitations/invitation-links';
import { checkUsable, resolveInvitation, tokenFor } from '../invitations/invitations.service';
import { WechatOaApiError } from '../wechat-oa/wechat-oa-errors';
import { H5SessionStore, h5SessionOf, requireH5Session } from './h5-session';
import { ProviderRejectedError, ProviderUnavailableError } from './providers';
import { providersFrom } from './verification-providers';
import { SMS_CODE_TTL_SECONDS, SmsCodes } from './sms-codes';
import { withdrawConsent } from './withdraw-consent';
import { activeConsent, completeFaceCheck, CONSENT_PURPOSE, invitationOfSession, verifyIdentity, type VerifyDeps } from './verification.service';

const tokenParam = z.object({ token: invitationTokenSchema });
const oauthStartQuery = z.object({
  t: invitationTokenSchema,
  /** snsapi_userinfo only when a unionid is needed. */
  scope: z.optional(z.enum(['snsapi_base', 'snsapi_userinfo'])),
  /** Demo / tests with the in-process simulator: which WeChat user the browser is (ignored otherwise). */
  sim_user: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/))),
  sim_snapshot: z.optional(z.literal('1')),
});
const returnQuery = z.object({ BizToken: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/)) });
const oauthCallbackQuery = z.object({
  code: z.optional(z.string().check(z.maxLength(256))),
  state: z.optional(z.string().check(z.maxLength(128))),
});

/** The OAuth `state` is the invitation id without dashes (WeChat allows only [a-zA-Z0-9], ≤ 128). */
const stateOf = (invitationId: string) => invitationId.replaceAll('-', '');
function invitationIdOf(state: string | undefined): string | null {
  const m = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/.exec(state ?? '');
  return m ? m.slice(1).join('-') : null;
}

/**
 * The customer's H5 pages (public, in WeChat): invitation, OAuth, consent, SMS code, verification. Every endpoint is
 * limited per IP; SMS codes also per phone and per openid; identity checks per openid.
 */
export function h5Routes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/h5' });
  const prisma = deps.db.prisma;
  const links = invitationLinksFrom(deps.config);
  const sessions = new H5SessionStore(deps.redis.client);
  const smsCodes = new SmsCodes(deps.redis.client, deps.piiKeys.indexKey);
  const providers = providersFrom(deps.config, deps.platform, deps.logger);
  const h5 = requireH5Session(sessions);
  router.use(rateLimitPerIp(deps.redis.client, { points: deps.config.H5_RATE_LIMIT_PER_MINUTE, keyPrefix: 'rl:h5' }));

  router.get('/invitations/:token', validate({ params: tokenParam }), async (ctx) => {
    const { token } = valid<unknown, unknown, { token: string }>(ctx).params;
    const now = deps.clock.now();
    const inv = await resolveInvitation(prisma, links, token, now);
    const opened = await prisma.invitation.update({
      where: { id: inv.id },
      data: { openCount: { increment: 1 }, ...(inv.firstOpenedAt ? {} : { firstOpenedAt: now }) },
    });
    const session = await sessions.fromHeader(ctx.get('authorization'));
    const body: H5Invitation = {
      status: invitationStatusOf({ ...opened, verifiedAt: opened.verifiedAt ?? inv.customer.verifiedAt }, now),
      advisorName: inv.staff.name,
      expiresAt: inv.expiresAt.toISOString(),
      needsLogin: !(session && session.invitationId === inv.id && session.openid === opened.openid),
    };
    ctx.body = body;
  });

  // Browser navigations: failures go back to the page with `&error=<code>` (its message is ERROR_MESSAGES_ZH[code]).
  const backToPage = (ctx: Context, params: Record<string, string>) => ctx.redirect(verifyPageUrl(links, params));

  router.get('/oauth/start', async (ctx) => {
    const r = z.safeParse(oauthStartQuery, ctx.query);
    if (!r.success) return backToPage(ctx, { error: 'INVITATION_INVALID' });
    const q = r.data;
    let inv;
    try {
      inv = await resolveInvitation(prisma, links, q.t, deps.clock.now());
    } catch (err) {
      if (err instanceof AppError) return backToPage(ctx, { t: q.t, error: err.code });
      throw err;
    }
    const wechat = deps.platform.wechat;
    if (!wechat || !deps.wechatOa) return backToPage(ctx, { t: q.t, error: 'UPSTREAM_UNAVAILABLE' });
    const params = new URLSearchParams({
      appid: wechat.appId,
      redirect_uri: `${links.publicBaseUrl}/api/h5/oauth/callback`,
      response_type: 'code',
      scope: q.scope ?? 'snsapi_base',
      state: stateOf(inv.id),
    });
    if (deps.platform.kind === 'simulator') {
      if (q.sim_user) params.set('sim_user', q.sim_user);
      if (q.sim_snapshot) params.set('sim_snapshot', q.sim_snapshot);
    }
    ctx.redirect(`${wechat.oauthBase ?? 'https://open.weixin.qq.com'}/connect/oauth2/authorize?${params.toString()}#wechat_redirect`);
  });

  router.get('/oauth/callback', async (ctx) => {
    const r = z.safeParse(oauthCallbackQuery, ctx.query);
    const invitationId = r.success ? invitationIdOf(r.data.state) : null;
    const inv = invitationId
      ? await prisma.invitation.findUnique({ where: { id: invitationId }, include: { customer: { select: { verifiedAt: true } } } })
      : null;
    if (!r.success || !inv) return backToPage(ctx, { error: 'INVITATION_INVALID' });
    const t = tokenFor(links, inv);
    const fail = (code: ErrorCode) => backToPage(ctx, { t, error: code });
    try {
      checkUsable(inv, deps.clock.now());
    } catch (err) {
      if (err instanceof AppError) return fail(err.code);
      throw err;
    }
    if (!r.data.code) return fail('WECHAT_AUTH_REQUIRED'); // the person refused to authorise
    if (!deps.wechatOa) return fail('UPSTREAM_UNAVAILABLE');
    let who;
    try {
      who = await deps.wechatOa.exchangeOauthCode(r.data.code);
    } catch (err) {
      if (err instanceof WechatOaApiError) {
        ctx.state.log?.info({ errcode: err.errcode }, 'h5 oauth: code refused');
        return fail('WECHAT_AUTH_REQUIRED');
      }
      throw err;
    }
    // A Moments "snapshot" preview is a virtual identity, not the person: never bound.
    if (who.snapshotUser) return fail('WECHAT_AUTH_REQUIRED');
    const bound = await prisma.invitation.updateMany({
      where: { id: inv.id, OR: [{ openid: null }, { openid: who.openid }] },
      data: { openid: who.openid },
    });
    // A link once opened by one WeChat user cannot be used by another.
    if (bound.count === 0) return fail('INVITATION_INVALID');
    const s = await sessions.create({ invitationId: inv.id, openid: who.openid, ...(who.unionid ? { unionid: who.unionid } : {}) });
    backToPage(ctx, { t, s });
  });

  router.get('/consent', (ctx) => {
    ctx.body = CONSENT_TEXT;
  });

  router.post('/consent', h5, validate({ body: consentBodySchema }), async (ctx) => {
    const s = h5SessionOf(ctx);
    const { version } = valid<ConsentBody>(ctx).body;
    if (version !== CONSENT_TEXT.version) throw new AppError('VALIDATION_FAILED', '授权书内容已更新，请刷新页面后重新阅读');
    const now = deps.clock.now();
    const inv = await invitationOfSession(prisma, s, now);
    const record = await prisma.$transaction(async (tx) => {
      const row = await tx.consentRecord.create({
        data: {
          invitationId: inv.id,
          customerId: inv.customerId,
          openid: s.openid,
          purpose: CONSENT_PURPOSE,
          textVersion: version,
          consentedAt: now,
          ip: ctx.ip,
          userAgent: ctx.get('user-agent').slice(0, 500) || null,
        },
      });
      if (!inv.consentedAt) await tx.invitation.update({ where: { id: inv.id }, data: { consentedAt: now } });
      return row;
    });
    ctx.status = 201;
    ctx.body = { version: record.textVersion, consentedAt: record.consentedAt.toISOString() };
  });

  router.post('/consent/withdraw', h5, async (ctx) => {
    const r = await withdrawConsent(prisma, h5SessionOf(ctx), { ip: ctx.ip || null, requestId: String(ctx.state.requestId ?? '') || null }, deps.clock.now());
    if (r.erasedCustomerIds.length) ctx.state.log?.info({ customers: r.erasedCustomerIds.length }, 'h5 consent withdrawn: real-name binding erased');
    ctx.body = { withdrawnAt: r.withdrawnAt?.toISOString() ?? null };
  });

  router.post('/sms-codes', h5, validate({ body: smsCodeBodySchema }), async (ctx) => {
    const s = h5SessionOf(ctx);
    const inv = await invitationOfSession(prisma, s, deps.clock.now());
    if (inv.customer.verifiedAt) throw new AppError('CUSTOMER_ALREADY_VERIFIED', '您已完成实名认证，无需重复操作');
    if (!(await activeConsent(prisma, s))) throw new AppError('CONSENT_REQUIRED');
    if (!providers.sms) throw new AppError('PROVIDER_UNAVAILABLE');
    const phone = normalizePhone(valid<SmsCodeBody>(ctx).body.phone);
    const phoneHash = blindIndex(deps.piiKeys, 'phone', phone);
    await smsCodes.checkSendLimits({ phoneHash, openid: s.openid, ip: ctx.ip });
    const code = await smsCodes.issue({ invitationId: inv.id, phoneHash });
    try {
      await providers.sms.sendCode(phone, code);
    } catch (err) {
      await smsCodes.consume({ invitationId: inv.id, phoneHash });
      if (err instanceof ProviderUnavailableError) throw new AppError('PROVIDER_UNAVAILABLE');
      if (err instanceof ProviderRejectedError) {
        ctx.state.log?.info({ status: err.status, code: err.code }, 'h5 sms: provider refused');
        if (err.rateLimited) throw new AppError('TOO_MANY_ATTEMPTS', '获取验证码过于频繁，请稍后再试');
        throw new AppError('VALIDATION_FAILED', '该手机号无法接收短信，请检查后重试');
      }
      throw err;
    }
    const body: SmsCodeSent = { phoneMasked: maskPhone(phone), expiresInSeconds: SMS_CODE_TTL_SECONDS, resendAfterSeconds: 60 };
    ctx.status = 201;
    ctx.body = body;
  });

  const verifyDeps = (log: VerifyDeps['logger']): VerifyDeps => ({
    prisma,
    redis: deps.redis.client,
    piiKeys: deps.piiKeys,
    smsCodes,
    idv: providers.idv,
    wecom: deps.wecom,
    logger: log,
    publicBaseUrl: links.publicBaseUrl,
    clock: deps.clock,
  });

  // The data check answers the verdict; the face check answers REDIRECT and the verdict comes with the return below.
  router.post('/verification', h5, validate({ body: verificationBodySchema }), async (ctx) => {
    const s = h5SessionOf(ctx);
    const result = await verifyIdentity(verifyDeps(ctx.state.log ?? deps.logger), s, valid<VerificationBody>(ctx).body, `${links.publicBaseUrl}${VERIFICATION_RETURN_PATH}`);
    if (result.status === 'VERIFIED') {
      await deps.audit.record(ctx, { action: 'customer.verify', entity: 'invitation', entityId: s.invitationId, detail: { crmMatched: result.crmMatched, level: providers.level } });
    }
    ctx.body = result;
  });

  /**
   * The browser comes back from the provider's face-check page (`?BizToken=…`): the verdict is applied like the
   * data check's, and the browser goes on to the verify page — with a fresh H5 session when verified, with
   * `error=<code>` otherwise. Reloading this URL shows the same outcome again.
   */
  router.get(VERIFICATION_RETURN_PATH.slice('/api/h5'.length), async (ctx) => {
    const r = z.safeParse(returnQuery, ctx.query);
    if (!r.success) return backToPage(ctx, { error: 'INVITATION_INVALID' });
    const result = await completeFaceCheck(verifyDeps(ctx.state.log ?? deps.logger), r.data.BizToken);
    const inv = result.session ? await prisma.invitation.findUnique({ where: { id: result.session.invitationId } }) : null;
    if (!inv || !result.session) return backToPage(ctx, { error: result.outcome === 'VERIFIED' ? 'INVITATION_INVALID' : result.outcome });
    const t = tokenFor(links, inv);
    if (result.outcome !== 'VERIFIED') return backToPage(ctx, { t, error: result.outcome });
    if (result.verified) {
      await deps.audit.record(ctx, { action: 'customer.verify', entity: 'invitation', entityId: inv.id, detail: { crmMatched: result.verified.crmMatched, level: 'face' } });
    }
    backToPage(ctx, { t, s: await sessions.create(result.session) });
  });

  return router;
}
