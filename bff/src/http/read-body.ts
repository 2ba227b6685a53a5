import type { Context, Middleware, Next } from 'koa';
import { AppError } from './app-error';

/**
 * Runs the body parser and turns a body that does not decompress (a `Content-Encoding: gzip|deflate|br` stream
 * that is corrupt or truncated) into a 400. Such zlib errors carry no HTTP status; the parser's own errors do and
 * pass through to the error handler's mapping (400 bad JSON, 413, 415).
 */
export function readBody(parser: Middleware): Middleware {
  return async (ctx: Context, next: Next): Promise<void> => {
    let parsed = false;
    try {
      await parser(ctx, async () => {
        parsed = true;
      });
    } catch (err) {
      const e = typeof err === 'object' && err !== null ? (err as { status?: unknown; statusCode?: unknown; errno?: unknown }) : {};
      if (e.status === undefined && e.statusCode === undefined && typeof e.errno === 'number') throw new AppError('BAD_REQUEST', '请求体无法解压');
      throw err;
    }
    if (parsed) await next();
  };
}
