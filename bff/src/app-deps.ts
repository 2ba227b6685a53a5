import type { Logger } from 'pino';
import type { Config } from './config/config';
import type { Database } from './db/database';
import type { RedisStore } from './redis/redis';
import type { SessionStore } from './modules/auth/session-store';
import type { AuditLog } from './modules/audit/audit-log';
import type { PiiKeys } from './lib/pii';
import type { Clock } from './lib/clock';
import type { PlatformSettings } from './modules/platform/platform-settings';
import type { WecomClient } from './modules/wecom/wecom-client';
import type { WechatPayClient } from './modules/pay/wechatpay-client';
import type { WechatOaClient } from './modules/wechat-oa/wechat-oa-client';
import type { JobQueue } from './queue/job-queue';

/** Everything a route needs, built once at start-up (runtime.ts) or by the test helper. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  db: Database;
  redis: RedisStore;
  sessions: SessionStore;
  audit: AuditLog;
  piiKeys: PiiKeys;
  /** The one source of "now" (lib/clock.ts): system time in production, a ManualClock in tests. */
  clock: Clock;
  version: string;
  /** WeCom, WeChat and WeChat Pay: the in-process simulator (embedded default, tests) or the real hosts. */
  platform: PlatformSettings;
  /** One per process (its in-flight refreshes are shared); null when WeCom is not configured. */
  wecom: WecomClient | null;
  /** WeChat Pay for JSAPI payments in the Official Account; null when WeChat Pay or the OA is not configured. */
  wechatPay: WechatPayClient | null;
  /** Official Account API (token and JS-SDK ticket shared through Redis); null when the OA is not configured. */
  wechatOa: WechatOaClient | null;
  /** Durable jobs (pg-boss on the same database); null in tests that do not need it. */
  queue: JobQueue | null;
}
