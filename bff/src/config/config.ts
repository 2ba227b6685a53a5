import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from './repo-root';


/** An empty variable counts as unset. */
const blankAsUnset = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = (schema: z.ZodString) => z.preprocess(blankAsUnset, schema.optional());
/** PEM keys may arrive on one line with literal "\n" escapes (typical for container environments). */
const optionalPem = z.preprocess(
  blankAsUnset,
  z
    .string()
    .regex(/-----BEGIN [A-Z ]+-----/, 'must be a PEM block')
    .transform((v) => v.replace(/\\n/g, '\n'))
    .optional(),
);
const baseUrl = (fallback: string) => z.preprocess(blankAsUnset, z.url().default(fallback).transform((v) => v.replace(/\/+$/, '')));

const optionalUrl = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.url({ message: 'must be a URL such as postgres://user@host:5432/db' }).optional(),
);

/** Every environment variable the BFF reads. README's configuration table mirrors this list. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optionalUrl,
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL identifier')
    .optional(),
  DATA_DIR: z.string().default(path.join(REPO_ROOT, '.data')),
  REDIS_URL: optionalUrl,
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, ":", "_" or "-"').default('pfs:'),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(8 * 3600),
  PII_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64 (44 characters)')
    .optional(),
  PII_KEY_ID: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).default('k1'),
  PII_INDEX_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64 (44 characters)')
    .optional(),
  CORS_ORIGINS: z
    .string()
    .default('http://localhost:3000,http://127.0.0.1:3000')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  BODY_LIMIT_KB: z.coerce.number().int().min(1).max(10240).default(256),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SEED_DEMO: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  H5_DIST_DIR: z.string().default(path.join(REPO_ROOT, 'miniapp/dist/h5')),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Worker processes (node:cluster). Unset: one per core on PostgreSQL + Redis with real platforms, else one. */
  WEB_CONCURRENCY: z.preprocess(blankAsUnset, z.coerce.number({ message: 'must be a number of processes, e.g. 4' }).int().min(1).max(256).optional()),
  // Platforms. Leave every group unset for the embedded simulator; set a group completely to use the real service.
  WECOM_CORP_ID: optionalString(z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'letters and digits (e.g. ww0123456789abcdef)')),
  WECOM_AGENT_ID: optionalString(z.string().regex(/^\d{1,12}$/, 'must be the numeric AgentId')),
  WECOM_SECRET: optionalString(z.string().min(1)),
  WECOM_CALLBACK_TOKEN: optionalString(z.string().regex(/^[A-Za-z0-9]{1,32}$/, '1-32 letters or digits')),
  WECOM_CALLBACK_AES_KEY: optionalString(z.string().regex(/^[A-Za-z0-9]{43}$/, 'must be exactly 43 letters or digits')),
  WECOM_API_BASE: baseUrl('https://qyapi.weixin.qq.com'),
  /** Sent with the WelcomeCode of every new contact; "{advisor}" becomes the advisor's name. */
  WECOM_WELCOME_TEXT: z.string().min(1).max(1000).default('您好，我是您的专属客户经理{advisor}，很高兴为您服务。如有理财、存款等需要，随时在这里找我。'),
  WECHAT_APP_ID: optionalString(z.string().regex(/^wx[A-Za-z0-9]{16}$/, 'must look like wx0123456789abcdef')),
  WECHAT_APP_SECRET: optionalString(z.string().min(1)),
  WECHAT_API_BASE: baseUrl('https://api.weixin.qq.com'),
  WECHATPAY_MCH_ID: optionalString(z.string().regex(/^\d{6,32}$/, 'must be the numeric merchant id')),
  WECHATPAY_SERIAL: optionalString(z.string().regex(/^[A-Fa-f0-9]{8,64}$/, 'must be the certificate serial (hex)')),
  WECHATPAY_PRIVATE_KEY: optionalPem,
  WECHATPAY_APIV3_KEY: optionalString(z.string().regex(/^[\x21-\x7e]{32}$/, 'must be 32 ASCII characters')),
  WECHATPAY_PUBLIC_KEY: optionalPem,
  WECHATPAY_PUBLIC_KEY_ID: optionalString(z.string().regex(/^PUB_KEY_ID_\d+$/, 'must look like PUB_KEY_ID_0123…')),
  WECHATPAY_API_BASE: baseUrl('https://api.mch.weixin.qq.com'),
  /** Default notify_url of JSAPI orders; unset = PUBLIC_BASE_URL + /wechatpay/notify. */
  WECHATPAY_NOTIFY_URL: z.preprocess(
    blankAsUnset,
    z
      .url()
      .refine((v) => {
        const u = new URL(v);
        const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
        return (u.protocol === 'https:' || (u.protocol === 'http:' && loopback)) && u.search === '' && u.hash === '';
      }, 'must be an https:// URL without query or fragment (WeChat Pay refuses others)')
      .optional(),
  ),
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  // Real-name invitations and the customer's H5 pages (customer butler).
  /** Where customers' browsers reach the BFF and its H5 pages (invitation links, the OAuth redirect_uri). */
  PUBLIC_BASE_URL: baseUrl('http://localhost:3000'),
  /** HMAC key signing invitation links (at least 32 characters); required in production. */
  INVITATION_SIGNING_KEY: optionalString(z.string().min(32, 'at least 32 characters')),
  INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Replaces https://open.weixin.qq.com (the OA's web OAuth authorize page). */
  WECHAT_OAUTH_BASE: baseUrl('https://open.weixin.qq.com'),
  /** Per-IP limit on every public /api/h5 endpoint. */
  H5_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  // Real-name verification providers: Tencent Cloud SMS and FaceID (API 3.0). Unset = the simulator's providers.
  TENCENTCLOUD_SECRET_ID: optionalString(z.string().regex(/^[A-Za-z0-9]{16,128}$/, 'letters and digits (AKID…)')),
  TENCENTCLOUD_SECRET_KEY: optionalString(z.string().regex(/^[\x21-\x7e]{16,128}$/, '16-128 printable ASCII characters')),
  TENCENTCLOUD_REGION: z.string().regex(/^[a-z]{2,4}-[a-z]+(-\d+)?$/, 'a region such as ap-guangzhou').default('ap-guangzhou'),
  /** Where every Tencent Cloud API request connects instead of <service>.tencentcloudapi.com (Host stays the real one). */
  TENCENTCLOUD_ENDPOINT_BASE: z.preprocess(blankAsUnset, z.url().regex(/^https?:\/\/[^/?#]+\/?$/, 'scheme, host and port only, e.g. http://127.0.0.1:4100').optional()),
  TENCENTCLOUD_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  SMS_SDK_APP_ID: optionalString(z.string().regex(/^\d{6,20}$/, 'the numeric SmsSdkAppId, e.g. 1400006666')),
  SMS_SIGN_NAME: optionalString(z.string().min(2).max(32)),
  SMS_TEMPLATE_ID: optionalString(z.string().regex(/^\d{1,20}$/, 'the numeric id of the approved OTP template ({1} = the code)')),
  FACEID_RULE_ID: optionalString(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'the DetectAuth RuleId')),
  /** three_element: name + ID number + mobile (FaceID PhoneVerification) after the SMS code; face: DetectAuth hosted face check. */
  IDV_LEVEL: z.enum(['three_element', 'face']).default('three_element'),
  /** The browser demo's /api/demo/* (staff sessions without credentials, demo identities, the last SMS code). Unset = on only for the embedded default. */
  DEMO_MODE: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
});

/** Each platform group is all or nothing: one variable set means the real service, so every required one must be. */
export const PLATFORM_GROUPS = {
  WECOM: ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_CALLBACK_TOKEN', 'WECOM_CALLBACK_AES_KEY'],
  WECHAT: ['WECHAT_APP_ID', 'WECHAT_APP_SECRET'],
  WECHATPAY: ['WECHATPAY_MCH_ID', 'WECHATPAY_SERIAL', 'WECHATPAY_PRIVATE_KEY', 'WECHATPAY_APIV3_KEY', 'WECHATPAY_PUBLIC_KEY', 'WECHATPAY_PUBLIC_KEY_ID'],
} as const;

/** The verification providers: all or nothing too, but they do not decide between simulator and real platforms. */
export const TENCENTCLOUD_GROUP = ['TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY', 'SMS_SDK_APP_ID', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_ID'] as const;

function platformIssues(c: z.infer<typeof configSchema>): string[] {
  const issues: string[] = [];
  const tencent = TENCENTCLOUD_GROUP.filter((v) => c[v] !== undefined);
  if (tencent.length) {
    for (const v of TENCENTCLOUD_GROUP) if (c[v] === undefined) issues.push(`${v}: required when ${tencent[0]} is set`);
    if (c.IDV_LEVEL === 'face' && !c.FACEID_RULE_ID) issues.push(`FACEID_RULE_ID: required when IDV_LEVEL=face and ${tencent[0]} is set`);
  }
  for (const vars of Object.values(PLATFORM_GROUPS)) {
    const set = vars.filter((v) => c[v] !== undefined);
    if (set.length === 0) continue;
    for (const v of vars) if (c[v] === undefined) issues.push(`${v}: required when ${set[0]} is set`);
  }
  return issues;
}

/**
 * Production runs against the real platforms only: staff sign in through WeCom, so the WeCom group is required (the
 * in-process simulator and the demo endpoints hand out sessions and personal data to anyone who asks).
 */
function productionIssues(c: z.infer<typeof configSchema>): string[] {
  const issues: string[] = [];
  if (PLATFORM_GROUPS.WECOM.some((v) => c[v] === undefined)) {
    issues.push(`${PLATFORM_GROUPS.WECOM[0]}: NODE_ENV=production needs ${PLATFORM_GROUPS.WECOM.join(', ')} (the platform simulator is for development)`);
  }
  if (c.DEMO_MODE) issues.push('DEMO_MODE: must not be true when NODE_ENV=production (the demo endpoints open staff sessions without credentials)');
  return issues;
}

/** Tencent Cloud SMS and FaceID, when configured. */
export interface TencentCloudConfig {
  secretId: string;
  secretKey: string;
  region: string;
  /** Connect here instead of https://<service>.tencentcloudapi.com (the simulator); unset = the real hosts. */
  endpointBase?: string;
  timeoutMs: number;
  smsSdkAppId: string;
  smsSignName: string;
  smsTemplateId: string;
  faceIdRuleId?: string;
}

export type Config = z.infer<typeof configSchema> & {
  /** Embedded default: PGlite instead of PostgreSQL. */
  dbKind: 'embedded' | 'external';
  redisKind: 'embedded' | 'external';
  /** No platform variable set: the BFF starts the platform simulator in-process. */
  platformKind: 'simulator' | 'real';
  piiKey: Buffer;
  piiIndexKey: Buffer;
  invitationSigningKey: Buffer;
  /** Set when the TENCENTCLOUD_* group is: the real SMS and identity providers. */
  tencentCloud: TencentCloudConfig | null;
  /** Mount /api/demo/* (DEMO_MODE; by default only on the embedded default: no DATABASE_URL, no platform configured). */
  demoMode: boolean;
  repoRoot: string;
  /** How many worker processes serve (WEB_CONCURRENCY or its default); 1 = this process serves, no cluster. */
  webConcurrency: number;
};

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Development-only keys: the embedded demo must start with no configuration, production must not. */
const DEMO_PII_KEY = Buffer.alloc(32, 7);
const DEMO_INDEX_KEY = Buffer.alloc(32, 11);
const DEMO_INVITATION_KEY = Buffer.alloc(32, 13);

/**
 * PUBLIC_BASE_URL and CORS_ORIGINS default to where this process listens: with PORT=3960 the customer's links, the
 * OAuth redirect_uri and the allowed origins say :3960, not :3000. A bad PORT is left for the schema to name.
 */
function withPortDefaults(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const port = /^\d{1,5}$/.test(env.PORT?.trim() ?? '') ? Number(env.PORT) : 3000;
  const unset = (v: string | undefined) => blankAsUnset(v) === undefined;
  return {
    ...env,
    ...(unset(env.PUBLIC_BASE_URL) ? { PUBLIC_BASE_URL: `http://localhost:${port}` } : {}),
    ...(unset(env.CORS_ORIGINS) ? { CORS_ORIGINS: `http://localhost:${port},http://127.0.0.1:${port}` } : {}),
  };
}

/** Parses the environment once. Throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(withPortDefaults(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const c = parsed.data;
  const missing = platformIssues(c);
  if (missing.length) throw new ConfigError(missing);
  if (c.NODE_ENV === 'production' && (!c.PII_ENCRYPTION_KEY || !c.PII_INDEX_KEY)) {
    throw new ConfigError([
      `${!c.PII_ENCRYPTION_KEY ? 'PII_ENCRYPTION_KEY' : 'PII_INDEX_KEY'}: required when NODE_ENV=production`,
    ]);
  }
  if (c.NODE_ENV === 'production' && !c.INVITATION_SIGNING_KEY) throw new ConfigError(['INVITATION_SIGNING_KEY: required when NODE_ENV=production']);
  if (c.NODE_ENV === 'production') {
    const issues = productionIssues(c);
    if (issues.length) throw new ConfigError(issues);
  }
  const webConcurrency = webConcurrencyOf(c);
  return {
    ...c,
    dbKind: c.DATABASE_URL ? 'external' : 'embedded',
    redisKind: c.REDIS_URL ? 'external' : 'embedded',
    platformKind: Object.values(PLATFORM_GROUPS).some((vars) => vars.some((v) => c[v] !== undefined)) ? 'real' : 'simulator',
    piiKey: c.PII_ENCRYPTION_KEY ? Buffer.from(c.PII_ENCRYPTION_KEY, 'base64') : DEMO_PII_KEY,
    piiIndexKey: c.PII_INDEX_KEY ? Buffer.from(c.PII_INDEX_KEY, 'base64') : DEMO_INDEX_KEY,
    invitationSigningKey: c.INVITATION_SIGNING_KEY ? Buffer.from(c.INVITATION_SIGNING_KEY, 'utf8') : DEMO_INVITATION_KEY,
    tencentCloud:
      c.TENCENTCLOUD_SECRET_ID && c.TENCENTCLOUD_SECRET_KEY && c.SMS_SDK_APP_ID && c.SMS_SIGN_NAME && c.SMS_TEMPLATE_ID
        ? {
            secretId: c.TENCENTCLOUD_SECRET_ID,
            secretKey: c.TENCENTCLOUD_SECRET_KEY,
            region: c.TENCENTCLOUD_REGION,
            ...(c.TENCENTCLOUD_ENDPOINT_BASE ? { endpointBase: c.TENCENTCLOUD_ENDPOINT_BASE.replace(/\/+$/, '') } : {}),
            timeoutMs: c.TENCENTCLOUD_TIMEOUT_MS,
            smsSdkAppId: c.SMS_SDK_APP_ID,
            smsSignName: c.SMS_SIGN_NAME,
            smsTemplateId: c.SMS_TEMPLATE_ID,
            ...(c.FACEID_RULE_ID ? { faceIdRuleId: c.FACEID_RULE_ID } : {}),
          }
        : null,
    demoMode: c.DEMO_MODE ?? (!c.DATABASE_URL && !Object.values(PLATFORM_GROUPS).some((vars) => vars.some((v) => c[v] !== undefined))),
    repoRoot: REPO_ROOT,
    webConcurrency,
  };
}

/**
 * Several processes need state they can share: PGlite is one process's database, the in-process store keeps
 * sessions and rate limits in one process's memory, and the in-process simulator would be a separate WeCom per
 * process. So one process unless all three are external; then one per core by default.
 */
function webConcurrencyOf(c: z.infer<typeof configSchema>): number {
  const simulator = !Object.values(PLATFORM_GROUPS).some((vars) => vars.some((v) => c[v] !== undefined));
  const reasons = [
    ...(c.DATABASE_URL ? [] : ['the embedded PGlite database is single-process: set DATABASE_URL']),
    ...(c.REDIS_URL ? [] : ['sessions and rate limits would be per process: set REDIS_URL']),
    ...(simulator ? ['the in-process platform simulator would be a separate WeCom in each process: configure the platforms (WECOM_*)'] : []),
  ];
  if (c.WEB_CONCURRENCY === undefined) return reasons.length ? 1 : os.availableParallelism();
  if (c.WEB_CONCURRENCY > 1 && reasons.length) {
    throw new ConfigError([`WEB_CONCURRENCY: ${c.WEB_CONCURRENCY} processes cannot share this setup (${reasons.join('; ')}), or leave WEB_CONCURRENCY unset for one process`]);
  }
  return c.WEB_CONCURRENCY;
}
