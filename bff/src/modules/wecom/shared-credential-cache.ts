import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { Logger } from 'pino';

export interface FetchedCredential {
  value: string;
  /** Seconds the platform says the value stays valid. */
  expiresIn: number;
}

interface Entry {
  value: string;
  /** ms epoch: the platform stops accepting it. */
  expiresAt: number;
  /** ms epoch: from here on the next reader refreshes it. */
  refreshAt: number;
}

export interface SharedCredentialCacheOptions {
  /** Refresh when fewer than this many seconds remain (default 300). */
  refreshMarginSeconds?: number;
  /** How long one process may hold the refresh lock (default 15 s; longer than a fetch with its retries). */
  lockTtlMs?: number;
  /** How often waiting processes look for the refreshed value (default 50 ms). */
  pollMs?: number;
  now?: () => number;
}

/** What a platform API client (WeCom, Official Account) is given besides its settings. */
export interface PlatformClientOptions {
  /** The shared Redis (prefixed client): tokens and tickets are cached there for every BFF process. */
  redis: Redis;
  logger?: Logger;
  /** Per HTTP request (default 5000 ms). */
  timeoutMs?: number;
  /** Retries after the first attempt for busy / rate-limited / unreachable (default 3). */
  retries?: number;
  /** First backoff delay, doubled each retry (default 200 ms, at most 5 s). */
  minRetryDelayMs?: number;
  cache?: SharedCredentialCacheOptions;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * One platform credential (access token, JS-SDK ticket) shared by every BFF process through Redis. A reader takes
 * the cached value until shortly before it expires; then exactly one process refreshes it (Redis lock, SET NX PX)
 * while the others poll for the new value, and within a process concurrent readers share one in-flight refresh.
 */
export class SharedCredentialCache {
  private inflight: Promise<string> | undefined;
  private readonly margin: number;
  private readonly lockTtlMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly fetch: () => Promise<FetchedCredential>,
    opts: SharedCredentialCacheOptions = {},
  ) {
    this.margin = (opts.refreshMarginSeconds ?? 300) * 1000;
    this.lockTtlMs = opts.lockTtlMs ?? 15_000;
    this.pollMs = opts.pollMs ?? 50;
    this.now = opts.now ?? Date.now;
  }

  async get(): Promise<string> {
    const entry = await this.read();
    if (entry && entry.refreshAt > this.now()) return entry.value;
    try {
      return await this.refreshOnce();
    } catch (err) {
      // A refresh that fails while the old value is still accepted is not yet a failure.
      if (entry && entry.expiresAt > this.now()) return entry.value;
      throw err;
    }
  }

  /** Forgets `value` (the platform rejected it), unless another process already replaced it. */
  async invalidate(value: string): Promise<void> {
    const entry = await this.read();
    if (entry?.value === value) await this.redis.del(this.key);
  }

  private refreshOnce(): Promise<string> {
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async refresh(): Promise<string> {
    const lockKey = `${this.key}:lock`;
    for (let round = 0; round < 3; round++) {
      const fresh = await this.readFresh();
      if (fresh) return fresh;
      const id = randomUUID();
      if ((await this.redis.set(lockKey, id, 'PX', this.lockTtlMs, 'NX')) === 'OK') {
        try {
          const raced = await this.readFresh(); // refreshed between our read and our lock
          if (raced) return raced;
          const fetched = await this.fetch();
          await this.write(fetched);
          return fetched.value;
        } finally {
          if ((await this.redis.get(lockKey)) === id) await this.redis.del(lockKey);
        }
      }
      const deadline = this.now() + this.lockTtlMs;
      while (this.now() < deadline) {
        await sleep(this.pollMs);
        const value = await this.readFresh();
        if (value) return value;
        if (!(await this.redis.exists(lockKey))) break; // the holder gave up: try ourselves
      }
    }
    throw new Error(`could not refresh ${this.key}`);
  }

  private async readFresh(): Promise<string | undefined> {
    const entry = await this.read();
    return entry && entry.refreshAt > this.now() ? entry.value : undefined;
  }

  private async read(): Promise<Entry | undefined> {
    const raw = await this.redis.get(this.key);
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as Entry;
    } catch {
      return undefined;
    }
  }

  private async write({ value, expiresIn }: FetchedCredential): Promise<void> {
    const now = this.now();
    const lifetime = Math.max(1, expiresIn) * 1000;
    // Refresh `margin` before expiry; a value that arrives with less than twice that left is refreshed halfway,
    // so a platform that hands out the same token until it expires does not cause a refresh on every call.
    const refreshIn = lifetime > 2 * this.margin ? lifetime - this.margin : lifetime / 2;
    const entry: Entry = { value, expiresAt: now + lifetime, refreshAt: now + refreshIn };
    await this.redis.set(this.key, JSON.stringify(entry), 'PX', Math.ceil(lifetime));
  }
}
