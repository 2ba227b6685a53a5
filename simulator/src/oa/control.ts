import type { Sim } from '../core/sim';
import type { ApiCall, OaUser, TemplateMessageRecord } from '../core/world';

export interface OaControl {
  /**
   * Who is in the WeChat browser for the next authorize redirects. `snapshot: true` simulates snapshot mode:
   * snsapi_userinfo then yields a fresh virtual identity and `is_snapshotuser: 1`.
   */
  setBrowserUser(openid: string | undefined, options?: { snapshot?: boolean }): void;
  users(): OaUser[];
  /** Mark a user as following (or not) the OA; template messages need it. */
  setSubscribed(openid: string, subscribed: boolean): void;
  templateMessages(): TemplateMessageRecord[];
  calls(): Record<string, number>;
  callLog(): ApiCall[];
  /** Next `count` calls to `api` (e.g. "cgi-bin/token", "sns/oauth2/access_token", '*') answer `errcode`. */
  failNext(api: string, errcode: number, count?: number): void;
  expireTokens(): void;
  invalidateTokens(): void;
}

export function createOaControl(sim: Sim): OaControl {
  return {
    setBrowserUser: (openid, options = {}) => {
      sim.world.oa.browserUser = openid === undefined && !options.snapshot ? undefined : { openid, snapshot: options.snapshot === true };
    },
    users: () => [...sim.world.oaUsers.values()],
    setSubscribed: (openid, subscribed) => {
      const u = sim.world.oaUsers.get(openid);
      if (!u) throw new Error(`unknown openid ${openid}`);
      u.subscribed = subscribed;
    },
    templateMessages: () => [...sim.world.oa.templateMessages],
    calls: () => sim.world.oa.calls.counts(),
    callLog: () => [...sim.world.oa.calls.entries],
    failNext: (api, errcode, count = 1) => sim.world.oa.faults.add(api, errcode, count),
    expireTokens: () => {
      const now = sim.clock.now();
      for (const t of sim.world.oa.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
      for (const t of sim.world.oa.snsTokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
    },
    invalidateTokens: () => {
      for (const t of sim.world.oa.tokens.values()) t.revoked = true;
    },
  };
}
