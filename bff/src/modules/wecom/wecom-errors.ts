/** WeCom answered with a non-zero errcode (branch on errcode, never on errmsg). */
export class WecomApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`WeCom ${api} failed: errcode ${errcode}`);
    this.name = 'WecomApiError';
  }
}

/** WeCom could not be reached or answered something that is not its JSON (timeout, network, HTTP 5xx). */
export class WecomUnavailableError extends Error {
  constructor(
    readonly api: string,
    readonly reason: string,
  ) {
    super(`WeCom ${api} unavailable: ${reason}`);
    this.name = 'WecomUnavailableError';
  }
}

/** Token expired (42001) or invalidated early (40014): drop the cached token, refresh once, retry once. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([42001, 40014]);
/** System busy (-1) and rate limits (45009 frequency, 45033 concurrency): retried with exponential backoff. */
export const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 45009, 45033]);

export function isRetryable(err: unknown): boolean {
  return err instanceof WecomUnavailableError || (err instanceof WecomApiError && RETRYABLE_ERRCODES.has(err.errcode));
}
