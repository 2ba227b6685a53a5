import Redis from 'ioredis';
import RedisMock from 'ioredis-mock';
import type { Logger } from 'pino';

export type RedisKind = 'embedded' | 'external';

export interface RedisStore {
  kind: RedisKind;
  /** Client whose commands are automatically namespaced by the configured key prefix. */
  client: Redis;
  prefix: string;
  close(): Promise<void>;
}

/**
 * ioredis against REDIS_URL; without it an in-process Redis-compatible store behind the same client interface.
 * The in-process store lives and dies with this process: fine for the demo and tests, not for several BFF processes.
 */
export function openRedis(opts: { url?: string; prefix: string; logger?: Logger }): RedisStore {
  if (opts.url) {
    const client = new Redis(opts.url, {
      keyPrefix: opts.prefix,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      lazyConnect: false,
      // Commands issued in the same tick by concurrent requests (rate limit, session) go out in one write.
      enableAutoPipelining: true,
    });
    client.on('error', (err) => opts.logger?.warn({ err: err.message }, 'redis connection error'));
    return {
      kind: 'external',
      client,
      prefix: opts.prefix,
      close: async () => {
        await client.quit().catch(() => client.disconnect());
      },
    };
  }
  opts.logger?.warn('REDIS_URL is not set: using an in-process Redis-compatible store (single process only; not for production)');
  const client = new RedisMock({ keyPrefix: opts.prefix }) as unknown as Redis;
  return {
    kind: 'embedded',
    client,
    prefix: opts.prefix,
    close: async () => {
      client.disconnect();
    },
  };
}
