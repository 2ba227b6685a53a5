import { z } from 'zod';
import type Koa from 'koa';
import { ApiError, errcodeHost, type ApiDef } from '../core/errcodeApi';
import { randomString, URL_SAFE } from '../core/ids';
import type { Sim } from '../core/sim';
import { parseWith } from '../core/validate';
import type { IssuedToken } from '../core/world';
import { oaErrmsg } from './errors';

const TTL_MS = 7200 * 1000;
/** After /cgi-bin/token issues a new token, the previous one keeps working for 5 minutes. */
const OLD_TOKEN_GRACE_MS = 5 * 60 * 1000;
const REFRESH_TTL_MS = 30 * 86400 * 1000;

const templateSchema = z.object({
  touser: z.string().min(1),
  template_id: z.string().min(1),
  url: z.string().optional(),
  miniprogram: z.object({ appid: z.string().min(1), pagepath: z.string().optional() }).optional(),
  client_msg_id: z.string().optional(),
  data: z.record(z.string(), z.object({ value: z.string(), color: z.string().optional() })),
});

function checkToken(sim: Sim, store: Map<string, IssuedToken>, token: string | undefined): IssuedToken {
  if (!token) throw new ApiError(41001);
  const t = store.get(token);
  if (!t || t.revoked) throw new ApiError(40001);
  if (t.expiresAt <= sim.clock.now()) throw new ApiError(42001);
  return t;
}

/** `https://api.weixin.qq.com` — OA basic token, JS-SDK ticket, web OAuth exchange, template messages. */
export function oaHost(sim: Sim): Koa.Middleware {
  const creds = () => sim.credentials.oa;
  const checkApp = (appid: string | undefined, secret: string | undefined): void => {
    if (!appid) throw new ApiError(41002);
    if (appid !== creds().appId) throw new ApiError(40013);
    if (!secret) throw new ApiError(41004);
    if (secret !== creds().appSecret) throw new ApiError(40125);
  };
  const newToken = (length: number): IssuedToken => {
    const now = sim.clock.now();
    return { token: randomString(length, URL_SAFE), createdAt: now, expiresAt: now + TTL_MS, revoked: false };
  };
  const snsToken = (token: string | undefined) => {
    if (!token) throw new ApiError(41001);
    const t = sim.world.oa.snsTokens.get(token);
    if (!t || t.revoked) throw new ApiError(40001);
    if (t.expiresAt <= sim.clock.now()) throw new ApiError(42001);
    return t;
  };
  const issueSns = (openid: string, scope: string) => {
    const access = { ...newToken(96), openid, scope };
    const refresh = { ...newToken(96), openid, scope, expiresAt: sim.clock.now() + REFRESH_TTL_MS };
    sim.world.oa.snsTokens.set(access.token, access);
    sim.world.oa.refreshTokens.set(refresh.token, refresh);
    return { access, refresh };
  };

  const apis: Record<string, ApiDef> = {
    'cgi-bin/token': {
      method: 'GET',
      auth: false,
      okEnvelope: false,
      handle: ({ query }) => {
        if (query('grant_type') !== 'client_credential') throw new ApiError(40002);
        checkApp(query('appid'), query('secret'));
        const now = sim.clock.now();
        for (const t of sim.world.oa.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now + OLD_TOKEN_GRACE_MS);
        const t = newToken(136);
        sim.world.oa.tokens.set(t.token, t);
        return { access_token: t.token, expires_in: 7200 };
      },
    },
    'cgi-bin/ticket/getticket': {
      method: 'GET',
      handle: ({ query }) => {
        if (query('type') !== 'jsapi') throw new ApiError(40097, 'type must be jsapi');
        const now = sim.clock.now();
        let t = [...sim.world.oa.tickets.values()].find((x) => !x.revoked && x.expiresAt > now);
        if (!t) {
          t = newToken(86);
          sim.world.oa.tickets.set(t.token, t);
        }
        return { ticket: t.token, expires_in: Math.round((t.expiresAt - now) / 1000) };
      },
    },
    'sns/oauth2/access_token': {
      method: 'GET',
      auth: false,
      okEnvelope: false,
      handle: ({ query }) => {
        checkApp(query('appid'), query('secret'));
        const code = query('code');
        if (!code) throw new ApiError(41008);
        if (query('grant_type') !== 'authorization_code') throw new ApiError(40002);
        const entry = sim.world.oa.codes.get(code);
        if (!entry || entry.value.appid !== creds().appId || entry.expiresAt <= sim.clock.now()) throw new ApiError(40029);
        if (entry.used) throw new ApiError(40163);
        entry.used = true;
        const user = sim.world.oaUsers.get(entry.value.openid);
        const { access, refresh } = issueSns(entry.value.openid, entry.value.scope);
        const out: Record<string, unknown> = {
          access_token: access.token,
          expires_in: 7200,
          refresh_token: refresh.token,
          openid: entry.value.openid,
          scope: entry.value.scope,
        };
        if (user?.snapshot) out.is_snapshotuser = 1;
        // Current docs: unionid comes back for snsapi_userinfo only.
        if (entry.value.scope === 'snsapi_userinfo' && user) out.unionid = user.unionid;
        return out;
      },
    },
    'sns/oauth2/refresh_token': {
      method: 'GET',
      auth: false,
      okEnvelope: false,
      handle: ({ query }) => {
        if (query('appid') !== creds().appId) throw new ApiError(40013);
        if (query('grant_type') !== 'refresh_token') throw new ApiError(40002);
        const r = sim.world.oa.refreshTokens.get(query('refresh_token') ?? '');
        if (!r) throw new ApiError(40030);
        if (r.expiresAt <= sim.clock.now()) throw new ApiError(42002);
        const access = { ...newToken(96), openid: r.openid, scope: r.scope };
        sim.world.oa.snsTokens.set(access.token, access);
        return { access_token: access.token, expires_in: 7200, refresh_token: r.token, openid: r.openid, scope: r.scope };
      },
    },
    'sns/userinfo': {
      method: 'GET',
      auth: false,
      okEnvelope: false,
      handle: ({ query }) => {
        const t = snsToken(query('access_token'));
        if (query('openid') !== t.openid) throw new ApiError(40003);
        if (t.scope !== 'snsapi_userinfo') throw new ApiError(48001);
        const u = sim.world.oaUsers.get(t.openid);
        if (!u) throw new ApiError(40003);
        return {
          openid: u.openid,
          nickname: u.nickname,
          sex: u.sex,
          province: u.province,
          city: u.city,
          country: u.country,
          headimgurl: u.headimgurl,
          privilege: [],
          unionid: u.unionid,
        };
      },
    },
    'sns/auth': {
      method: 'GET',
      auth: false,
      handle: ({ query }) => {
        const t = snsToken(query('access_token'));
        if (query('openid') !== t.openid) throw new ApiError(40003);
        return {};
      },
    },
    'cgi-bin/message/template/send': {
      method: 'POST',
      handle: ({ body }) => {
        const req = parseWith(templateSchema, body, 47001);
        const w = sim.world;
        const user = w.oaUsers.get(req.touser);
        if (!user || user.snapshot) throw new ApiError(40003);
        if (!user.subscribed) throw new ApiError(43004);
        if (w.oa.templateIds.size > 0 && !w.oa.templateIds.has(req.template_id)) throw new ApiError(40037);
        if (req.client_msg_id) {
          // Same openid + client_msg_id within 10 minutes is sent once.
          const dup = w.oa.templateMessages.find(
            (m) => m.touser === req.touser && m.clientMsgId === req.client_msg_id && sim.clock.now() - m.at < 600_000,
          );
          if (dup) return { msgid: dup.msgid };
        }
        const msgid = 2_000_000_000 + w.oa.templateMessages.length + 1;
        w.oa.templateMessages.push({
          msgid,
          at: sim.clock.now(),
          touser: req.touser,
          templateId: req.template_id,
          url: req.url,
          miniprogram: req.miniprogram,
          data: req.data,
          clientMsgId: req.client_msg_id,
        });
        return { msgid };
      },
    },
  };

  return errcodeHost({
    pathPrefix: '/',
    apis,
    calls: () => sim.world.oa.calls,
    faults: () => sim.world.oa.faults,
    now: () => sim.clock.now(),
    checkToken: (token) => {
      checkToken(sim, sim.world.oa.tokens, token);
    },
    errmsg: (code, detail) => oaErrmsg(code, detail),
  });
}
