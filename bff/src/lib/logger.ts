import pino, { type Logger } from 'pino';

/**
 * Logs carry request ids and metadata, never bodies or personal data. The redact list is a second line of
 * defence for fields that must never reach a log even if someone passes them by mistake.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
    level,
    base: { service: 'bff' },
    redact: {
      paths: [
        '*.idNumber', '*.phone', '*.mobile', '*.password', '*.token', '*.authorization', '*.session_key', '*.sessionKey',
        'req.headers.authorization', 'req.headers.cookie', '*.body', '*.echostr',
      ],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
