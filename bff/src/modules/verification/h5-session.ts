import { randomBytes } from 'node:crypto';
import type { Context, Next } from 'koa';
import type Redis from 'ioredis';
import { H5_AUTH_SCHEME } from '@pfs/shared';
import { AppError } from '../../http/app-error';

/** The customer's session after WeChat OAuth: one invitation, one openid, 30 minutes. */
export interface H5Session {
  invitationId: string;
  openid: string;
  unionid?: string;
}

export const H5_SESSION_TTL_SECONDS = 30 * 60;
const key = (token: string) => `h5s:${token}`;

export class H5SessionStore {
  constructor(private readonly redis: Redis, private readonly ttlSeconds = H5_SESSION_TTL_SECONDS) {}

  async create(s: H5Session): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.redis.set(key(token), JSON.stringify(s), 'EX', this.ttlSeconds);
    return token;
  }

  async get(token: string): Promise<H5Session | null> {
    const raw = await this.redis.get(key(token));
    return raw ? (JSON.parse(raw) as H5Session) : null;
  }

  /** The session of `Authorization: H5 <token>`, or null when absent or expired. */
  async fromHeader(header: string): Promise<H5Session | null> {
    const m = new RegExp(`^${H5_AUTH_SCHEME} ([A-Za-z0-9_-]{20,64})$`).exec(header);
    return m?.[1] ? this.get(m[1]) : null;
  }
}

/** Requires an H5 session: `ctx.state.h5`. */
export function requireH5Session(store: H5SessionStore) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const s = await store.fromHeader(ctx.get('authorization'));
    if (!s) throw new AppError('H5_SESSION_REQUIRED');
    ctx.state.h5 = s;
    await next();
  };
}

export function h5SessionOf(ctx: Context): H5Session {
  const s = ctx.state.h5 as H5Session | undefined;
  if (!s) throw new AppError('H5_SESSION_REQUIRED');
  return s;
}
