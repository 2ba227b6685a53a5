import type { Context, Next } from 'koa';
import { AppError } from './app-error';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** A request that carries a body of a type nobody here parses is refused up front (415), not silently emptied. */
export function requireKnownMediaType(accepted: string[]) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
    if (BODY_METHODS.has(ctx.method) && hasBody && !ctx.is(accepted)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    await next();
  };
}
