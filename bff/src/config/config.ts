import path from 'node:path';
import { z } from 'zod';

const REPO_ROOT = path.resolve(__dirname, '../../..');

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
});

export type Config = z.infer<typeof configSchema> & {
  /** Embedded default: PGlite instead of PostgreSQL. */
  dbKind: 'embedded' | 'external';
  redisKind: 'embedded' | 'external';
  piiKey: Buffer;
  piiIndexKey: Buffer;
  repoRoot: string;
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

/** Parses the environment once. Throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && (!c.PII_ENCRYPTION_KEY || !c.PII_INDEX_KEY)) {
    throw new ConfigError([
      `${!c.PII_ENCRYPTION_KEY ? 'PII_ENCRYPTION_KEY' : 'PII_INDEX_KEY'}: required when NODE_ENV=production`,
    ]);
  }
  return {
    ...c,
    dbKind: c.DATABASE_URL ? 'external' : 'embedded',
    redisKind: c.REDIS_URL ? 'external' : 'embedded',
    piiKey: c.PII_ENCRYPTION_KEY ? Buffer.from(c.PII_ENCRYPTION_KEY, 'base64') : DEMO_PII_KEY,
    piiIndexKey: c.PII_INDEX_KEY ? Buffer.from(c.PII_INDEX_KEY, 'base64') : DEMO_INDEX_KEY,
    repoRoot: REPO_ROOT,
  };
}
