/**
 * Base of every error the UI shows: a machine code plus one sentence of plain Chinese for people.
 * Pages never show `error.message` (it may be English or technical); they show `userMessage`.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly userMessage: string,
    options?: { cause?: unknown; message?: string },
  ) {
    super(options?.message ?? `${code}: ${userMessage}`);
    this.name = 'AppError';
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

export const GENERIC_ERROR_ZH = '系统繁忙，请稍后再试';

/** The sentence to show for anything thrown: our own errors carry one, anything else gets a generic one. */
export function toUserMessage(error: unknown): string {
  return error instanceof AppError ? error.userMessage : GENERIC_ERROR_ZH;
}
