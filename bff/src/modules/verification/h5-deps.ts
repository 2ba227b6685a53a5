import type Redis from 'ioredis';
import type { Logger } from 'pino';
import type { AppDeps } from '../../app-deps';
import type { PrismaClient } from '../../generated/prisma/client';
import type { Clock } from '../../lib/clock';
import type { PiiKeys } from '../../lib/pii';
import type { AuditEntry } from '../audit/audit-log';
import { invitationLinksFrom, type InvitationLinks } from '../invitations/invitation-links';
import type { PlatformSettings } from '../platform/platform-settings';
import type { WechatOaClient } from '../wechat-oa/wechat-oa-client';
import type { WecomClient } from '../wecom/wecom-client';
import { H5SessionStore } from './h5-session';
import { OauthStates } from './oauth-state';
import { SmsCodes } from './sms-codes';
import { providersFrom, type VerificationProviders } from './verification-providers';

/** What the customer's H5 use cases share: built once per app (h5.routes.ts) from AppDeps. */
export interface H5Deps {
  prisma: PrismaClient;
  redis: Redis;
  clock: Clock;
  piiKeys: PiiKeys;
  links: InvitationLinks;
  sessions: H5SessionStore;
  oauthStates: OauthStates;
  smsCodes: SmsCodes;
  providers: VerificationProviders;
  platform: PlatformSettings;
  wecom: WecomClient | null;
  wechatOa: WechatOaClient | null;
}

export function h5DepsFrom(deps: AppDeps): H5Deps {
  return {
    prisma: deps.db.prisma,
    redis: deps.redis.client,
    clock: deps.clock,
    piiKeys: deps.piiKeys,
    links: invitationLinksFrom(deps.config),
    sessions: new H5SessionStore(deps.redis.client),
    oauthStates: new OauthStates(deps.redis.client, deps.clock),
    smsCodes: new SmsCodes(deps.redis.client, deps.piiKeys.indexKey),
    providers: providersFrom(deps.config, deps.platform, deps.logger),
    platform: deps.platform,
    wecom: deps.wecom,
    wechatOa: deps.wechatOa,
  };
}

/** The request a use case serves, as far as it may know it: where from (for the consent ledger), its log, its audit. */
export interface H5Request {
  ip: string;
  userAgent: string | null;
  requestId: string | null;
  /** The request's logger (ids only: never a name, an ID number, a phone or a token). */
  log: Logger;
  /** Writes an audit row for this request (anonymous actor, its IP and request id). */
  audit(entry: AuditEntry): Promise<void>;
}
