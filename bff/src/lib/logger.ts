import pino, { type Logger } from 'pino';
import { IDENTIFIER_FIELDS, type IdentifierHasher } from './log-identifiers';

/** Values that must never reach a log line, at the top level or one object down. */
const SECRET_FIELDS = ['idNumber', 'phone', 'mobile', 'password', 'token', 'authorization', 'cookie', 'session_key', 'sessionKey', 'body', 'echostr', 'smsCode'];
const HEADER_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie', 'res.headers["set-cookie"]'];
const IDENTIFIERS = new Set<string>(IDENTIFIER_FIELDS);

export interface LoggerOptions {
  /** Logs personal identifiers (external_userid, openid, unionid) as this keyed hash; without it they are redacted. */
  identifierHash?: IdentifierHasher;
}

/**
 * Logs carry request ids and metadata, never bodies or personal data. The redact list is a second line of
 * defence for fields that must never reach a log even if someone passes them by mistake; identifiers passed by
 * name become their keyed hash, so lines about one person still correlate.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, opts: LoggerOptions = {}): Logger {
  const fields = [...SECRET_FIELDS, ...IDENTIFIER_FIELDS];
  return pino(
    {
    level,
    base: { service: 'bff' },
    redact: {
      paths: [...fields, ...fields.map((f) => `*.${f}`), ...HEADER_PATHS],
      censor: (value: unknown, path: string[]) => {
        const field = path[path.length - 1] ?? '';
        return IDENTIFIERS.has(field) && typeof value === 'string' && opts.identifierHash ? opts.identifierHash(value) : '[redacted]';
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
