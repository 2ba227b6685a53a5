import type { Context, Middleware, Next } from 'koa';
import { AppError } from './app-error';

/**
 * koa-static refuses a path outside its folder (`/../../etc/passwd`, 403) or with a NUL byte (400) by throwing an
 * http error; to the client that is simply a page that does not exist, in the shared 404 shape.
 */
export function staticFiles(serve: Middleware): Middleware {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await serve(ctx, next);
    } catch (err) {
      const status = typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
      if (typeof status === 'number' && status >= 400 && status < 500) throw new AppError('ROUTE_NOT_FOUND');
      throw err;
    }
  };
}
