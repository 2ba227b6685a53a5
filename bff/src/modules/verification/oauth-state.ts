import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type Redis from 'ioredis';
import type { Clock } from '../../lib/clock';

/**
 * The WeChat OAuth `state`: a single-use nonce naming one login that one browser started. It is 64 random hex
 * characters (WeChat allows [a-zA-Z0-9], at most 128), kept in Redis under its hash for OAUTH_STATE_TTL_SECONDS,
 * and bound to the browser that started the login: /oauth/start sets a random secret in an HttpOnly cookie and the
 * nonce keeps the secret's hash. The callback takes the nonce (gone after its first use, whatever the outcome) and
 * accepts it only from that browser and before it expires. Nothing in it can be derived from an invitation id.
 */
export const OAUTH_STATE_TTL_SECONDS = 600;
/** The browser's login secret (path /api/h5/oauth; the callback clears it). */
export const OAUTH_BROWSER_COOKIE = 'pfs_h5_login';

interface PendingLogin {
  invitationId: string;
  /** sha256 of the browser secret (hex). */
  browser: string;
  /** Epoch ms by the app's clock; Redis drops the key a little later anyway. */
  expiresAt: number;
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
const key = (state: string) => `h5:oauth:${sha256(state).toString('hex')}`;
const STATE = /^[0-9a-f]{64}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** A new secret for a browser that has none (32 random bytes, base64url). */
export const newBrowserSecret = (): string => randomBytes(32).toString('base64url');
const isBrowserSecret = (value: string | undefined): value is string => value !== undefined && SECRET.test(value);

export class OauthStates {
  constructor(
    private readonly redis: Redis,
    private readonly clock: Clock,
  ) {}

  /** A fresh state for a login of `invitationId` started by the browser holding `browserSecret`. */
  async issue(invitationId: string, browserSecret: string): Promise<string> {
    const state = randomBytes(32).toString('hex');
    const pending: PendingLogin = { invitationId, browser: sha256(browserSecret).toString('hex'), expiresAt: this.clock.now().getTime() + OAUTH_STATE_TTL_SECONDS * 1000 };
    await this.redis.set(key(state), JSON.stringify(pending), 'EX', OAUTH_STATE_TTL_SECONDS + 60);
    return state;
  }

  /**
   * The invitation of the login `state` names, when it was started by this browser and has not expired; null
   * otherwise. The state is used up by this call either way (a replay, or a guess that hit, gets nothing).
   */
  async take(state: string | undefined, browserSecret: string | undefined): Promise<string | null> {
    if (!state || !STATE.test(state)) return null;
    const [[, raw] = []] = ((await this.redis.multi().get(key(state)).del(key(state)).exec()) ?? []) as [Error | null, string | null][];
    if (!raw) return null;
    const pending = JSON.parse(raw) as PendingLogin;
    if (this.clock.now().getTime() >= pending.expiresAt) return null;
    if (!isBrowserSecret(browserSecret)) return null;
    const expected = Buffer.from(pending.browser, 'hex');
    const given = sha256(browserSecret);
    return expected.length === given.length && timingSafeEqual(expected, given) ? pending.invitationId : null;
  }
}
