import { ApiError } from '../core/errcodeApi';
import { randomString, URL_SAFE } from '../core/ids';
import type { Sim } from '../core/sim';
import type { IssuedToken } from '../core/world';

export const TOKEN_TTL_SECONDS = 7200;

/** Errors in the order the platform reports them: missing (41001), unknown/revoked (40014), expired (42001). */
export function checkWecomToken(sim: Sim, token: string | undefined): IssuedToken {
  if (!token) throw new ApiError(41001);
  const issued = sim.world.wecom.tokens.get(token);
  if (!issued || issued.revoked) throw new ApiError(40014);
  if (issued.expiresAt <= sim.clock.now()) throw new ApiError(42001);
  return issued;
}

/** WeCom returns the same token while it is valid and a new one after it expired or was invalidated. */
export function currentOrNewToken(sim: Sim, store: Map<string, IssuedToken>, length = 128): IssuedToken {
  const now = sim.clock.now();
  const live = [...store.values()].find((t) => !t.revoked && t.expiresAt > now);
  if (live) return live;
  const token: IssuedToken = { token: randomString(length, URL_SAFE), createdAt: now, expiresAt: now + TOKEN_TTL_SECONDS * 1000, revoked: false };
  store.set(token.token, token);
  return token;
}

export function remainingSeconds(sim: Sim, t: IssuedToken): number {
  return Math.max(0, Math.round((t.expiresAt - sim.clock.now()) / 1000));
}
