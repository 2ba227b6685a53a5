import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { loggablePath, type IdentifierHasher } from '../lib/log-identifiers';

const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives every request an id (echoed in `x-request-id`) and a child logger, and writes one access line. */
export function requestContext(logger: Logger, hash: IdentifierHasher) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const incoming = ctx.get('x-request-id');
    const requestId = INCOMING_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set('x-request-id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Path without the query string (queries carry codes, states and signatures); tokens and identifiers in the
      // path are replaced (an invitation link's token, a WeCom external_userid).
      const path = loggablePath(ctx.path, (ctx as Context & { params?: Record<string, string> }).params, hash);
      ctx.state.log.info({ method: ctx.method, path, status: ctx.status, ms: Math.round(ms * 10) / 10 }, 'request');
    }
  };
}
