import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { identifierHasher } from '../../src/lib/log-identifiers';
import { createLogger } from '../../src/lib/logger';

export interface CapturedLog {
  /** The app's own logger (its redaction included), writing into `lines`. */
  logger: Logger;
  lines: string[];
  /** Lines at error level or above, or with a stack trace. */
  errors(): string[];
  clear(): void;
}

/** The production logger at `level`, writing into memory so a test can read every line it wrote. */
export function captureLog(level = 'trace'): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger(
    level,
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    }),
    { identifierHash: identifierHasher(Buffer.alloc(32, 11)) },
  );
  return {
    logger,
    lines,
    errors: () => lines.filter((l) => (JSON.parse(l) as { level: number }).level >= 50 || /"stack"|\n\s+at /.test(l)),
    clear: () => {
      lines.length = 0;
    },
  };
}
