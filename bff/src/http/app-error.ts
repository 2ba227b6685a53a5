import { ERROR_MESSAGES_ZH, ERROR_STATUS, type ErrorCode } from '@pfs/shared';

/** A failure the client is told about: the code decides the status; the message is plain Chinese. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERROR_MESSAGES_ZH[code]);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}
