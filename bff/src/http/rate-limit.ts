import type { Context, Next } from 'koa';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type Redis from 'ioredis';
import { AppError } from './app-error';

/** Per-IP limit on a fixed one-minute window, counted in the shared Redis store so every BFF process agrees. */
export function rateLimitPerIp(redis: Redis, opts: { points: number; keyPrefix: string }) {
  const limiter = new RateLimiterRedis({ storeClient: redis, points: opts.points, duration: 60, keyPrefix: opts.keyPrefix, useRedisPackage: false });
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await limiter.consume(ctx.ip);
    } catch (res) {
      if (res instanceof RateLimiterRes) {
        throw new AppError('RATE_LIMITED', undefined, undefined, { 'retry-after': String(Math.ceil(res.msBeforeNext / 1000)) });
      }
      throw res;
    }
    await next();
  };
}
