import type { Logger } from 'pino';
import type { Config } from './config/config';
import type { Database } from './db/database';
import type { RedisStore } from './redis/redis';
import type { SessionStore } from './modules/auth/session-store';
import type { AuditLog } from './modules/audit/audit-log';
import type { PiiKeys } from './lib/pii';

/** Everything a route needs, built once at start-up (runtime.ts) or by the test helper. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  db: Database;
  redis: RedisStore;
  sessions: SessionStore;
  audit: AuditLog;
  piiKeys: PiiKeys;
  version: string;
}
