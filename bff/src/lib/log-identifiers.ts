import { createHmac } from 'node:crypto';

/**
 * Personal identifiers from WeChat and WeCom (external_userid, openid, unionid) are logged only as a keyed hash:
 * lines about the same person can be correlated, but the id cannot be read back or looked up in the database
 * (the key is derived from PII_INDEX_KEY for this purpose only, so the hash differs from the blind index).
 */
export type IdentifierHasher = (value: string) => string;

export function identifierHasher(piiIndexKey: Buffer): IdentifierHasher {
  const key = createHmac('sha256', piiIndexKey).update('log-identifier-v1').digest();
  return (value) => `h:${createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 16)}`;
}

/** Field names whose values are personal identifiers, in any of the spellings the platforms and this code use. */
export const IDENTIFIER_FIELDS = ['externalUserId', 'external_userid', 'ExternalUserID', 'openid', 'openId', 'OpenID', 'payerOpenid', 'unionid', 'unionId', 'UnionID'] as const;

/** Route parameters that carry a secret (signed link tokens, login codes): never logged, not even hashed. */
const SECRET_PARAMS = new Set(['token', 'code', 'state', 's', 't', 'ticket']);
const IDENTIFIER_PARAMS = new Set<string>(IDENTIFIER_FIELDS);
/** A signed token segment (`<payload>.<signature>` in base64url), wherever it appears in a path. */
const SIGNED_TOKEN_SEGMENT = /^[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}$/;

/**
 * The request path as the access log may show it: route parameters that are secrets become `:name`, identifiers
 * their keyed hash, and any segment shaped like a signed token is replaced even on a path no route matched.
 */
export function loggablePath(path: string, params: Record<string, string> | undefined, hash: IdentifierHasher): string {
  const replaced = new Map<string, string>();
  for (const [name, value] of Object.entries(params ?? {})) {
    if (!value) continue;
    if (SECRET_PARAMS.has(name)) replaced.set(value, `:${name}`);
    else if (IDENTIFIER_PARAMS.has(name)) replaced.set(value, hash(value));
  }
  return path
    .split('/')
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        /* keep the raw segment */
      }
      return replaced.get(decoded) ?? (SIGNED_TOKEN_SEGMENT.test(decoded) ? ':token' : segment);
    })
    .join('/');
}
