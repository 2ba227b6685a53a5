import type { Context, Next } from 'koa';
import type { Role } from '@pfs/shared';
import { SESSION_EXPIRES_HEADER } from '@pfs/shared';
import { AppError } from '../../http/app-error';
import { hasAnyRole, type Principal } from './principal';
import type { SessionStore } from './session-store';

/** Requires a live session; puts the caller in `ctx.state.principal` and renews the session. */
export function authenticate(sessions: SessionStore) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const header = ctx.get('authorization');
    const match = /^Bearer ([A-Za-z0-9_-]{20,128})$/.exec(header);
    if (!match?.[1]) throw new AppError('UNAUTHENTICATED');
    const session = await sessions.touch(match[1]);
    if (!session) throw new AppError('SESSION_EXPIRED');
    ctx.state.principal = session.principal;
    ctx.state.sessionToken = match[1];
    ctx.set(SESSION_EXPIRES_HEADER, session.expiresAt.toISOString());
    await next();
  };
}

export function requireRole(...roles: Role[]) {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (!hasAnyRole(principalOf(ctx), roles)) throw new AppError('FORBIDDEN');
    await next();
  };
}

export function principalOf(ctx: Context): Principal {
  const p = ctx.state.principal as Principal | undefined;
  if (!p) throw new AppError('UNAUTHENTICATED');
  return p;
}
