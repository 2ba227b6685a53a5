import { randomBytes } from 'node:crypto';
import { ApiError, type ApiDef } from '../../core/errcodeApi';
import type { Sim } from '../../core/sim';
import { randomString, URL_SAFE } from '../../core/ids';
import { currentOrNewToken, remainingSeconds, TOKEN_TTL_SECONDS } from '../tokens';

/** Ticket quotas per rolling hour (corp ticket 400/corp, app ticket 100/app); beyond them 45009. */
const TICKET_LIMITS = { corp: 400, agent: 100 } as const;

export function authApis(sim: Sim): Record<string, ApiDef> {
  const ticket = (kind: 'corp' | 'agent') => {
    const w = sim.world.wecom;
    const now = sim.clock.now();
    const recent = w.ticketIssues.filter((i) => i.kind === kind && i.at > now - 3600_000).length;
    if (recent >= TICKET_LIMITS[kind]) throw new ApiError(45009, `${kind} ticket quota is ${TICKET_LIMITS[kind]} per hour`);
    w.ticketIssues.push({ kind, at: now });
    const live = [...w.tickets.values()].find((t) => t.kind === kind && !t.revoked && t.expiresAt > now);
    if (live) return { ticket: live.token, expires_in: remainingSeconds(sim, live) };
    const fresh = { token: randomString(86, URL_SAFE), createdAt: now, expiresAt: now + TOKEN_TTL_SECONDS * 1000, revoked: false, kind };
    w.tickets.set(fresh.token, fresh);
    return { ticket: fresh.token, expires_in: remainingSeconds(sim, fresh) };
  };

  return {
    gettoken: {
      method: 'GET',
      auth: false,
      handle: ({ query }) => {
        const corpid = query('corpid');
        const secret = query('corpsecret');
        if (!corpid) throw new ApiError(41002);
        if (corpid !== sim.credentials.wecom.corpId) throw new ApiError(40013);
        if (!secret) throw new ApiError(41004);
        if (secret !== sim.credentials.wecom.corpSecret) throw new ApiError(40001);
        const t = currentOrNewToken(sim, sim.world.wecom.tokens);
        return { access_token: t.token, expires_in: remainingSeconds(sim, t) };
      },
    },
    get_jsapi_ticket: { method: 'GET', handle: () => ticket('corp') },
    'ticket/get': {
      method: 'GET',
      handle: ({ query }) => {
        if (query('type') !== 'agent_config') throw new ApiError(40058, 'type must be agent_config');
        return ticket('agent');
      },
    },
    'miniprogram/jscode2session': {
      method: 'GET',
      handle: ({ query }) => {
        const code = query('js_code');
        if (!code) throw new ApiError(41008);
        if (query('grant_type') !== 'authorization_code') throw new ApiError(40002);
        const entry = sim.world.wecom.loginCodes.get(code);
        // Unknown, used and expired codes all answer 40029 on the real platform.
        if (!entry || entry.used || entry.expiresAt <= sim.clock.now()) throw new ApiError(40029);
        entry.used = true;
        return { corpid: sim.credentials.wecom.corpId, userid: entry.value, session_key: randomBytes(16).toString('base64') };
      },
    },
    'auth/getuserinfo': {
      method: 'GET',
      handle: ({ query }) => {
        const code = query('code');
        if (!code) throw new ApiError(41008);
        const entry = sim.world.wecom.oauthCodes.get(code);
        if (!entry || entry.used || entry.expiresAt <= sim.clock.now()) throw new ApiError(40029);
        entry.used = true;
        return { userid: entry.value };
      },
    },
  };
}
