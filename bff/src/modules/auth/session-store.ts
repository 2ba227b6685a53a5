import { createHash, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { Principal } from './principal';

interface StoredSession {
  principal: Principal;
  createdAt: string;
}

export interface ActiveSession {
  principal: Principal;
  expiresAt: Date;
}

/**
 * Opaque bearer tokens. Redis keeps only a hash of each token (a leaked dump opens no session), with a TTL that
 * slides forward on every use; a per-staff set lets an administrator revoke every session of one person.
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  private key(token: string): string {
    return `session:${createHash('sha256').update(token).digest('hex')}`;
  }

  async create(principal: Principal): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const key = this.key(token);
    const stored: StoredSession = { principal, createdAt: new Date(this.now()).toISOString() };
    await this.redis
      .multi()
      .set(key, JSON.stringify(stored), 'EX', this.ttlSeconds)
      .sadd(`staff-sessions:${principal.staffId}`, key)
      .expire(`staff-sessions:${principal.staffId}`, this.ttlSeconds)
      .exec();
    return { token, expiresAt: new Date(this.now() + this.ttlSeconds * 1000) };
  }

  /** Returns the session and renews its expiry (sliding), or null when unknown, expired or revoked. */
  async touch(token: string): Promise<ActiveSession | null> {
    const key = this.key(token);
    // GETEX reads and slides the expiry in one round trip (this runs on every authenticated request).
    const raw = await this.redis.getex(key, 'EX', this.ttlSeconds);
    if (!raw) return null;
    const stored = JSON.parse(raw) as StoredSession;
    return { principal: stored.principal, expiresAt: new Date(this.now() + this.ttlSeconds * 1000) };
  }

  async revoke(token: string): Promise<void> {
    await this.redis.del(this.key(token));
  }

  async revokeAllFor(staffId: string): Promise<number> {
    const setKey = `staff-sessions:${staffId}`;
    const keys = await this.redis.smembers(setKey);
    if (keys.length) await this.redis.del(...keys);
    await this.redis.del(setKey);
    return keys.length;
  }
}
