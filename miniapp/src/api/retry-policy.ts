/** Only idempotent reads are retried; a POST that timed out may have been applied, so it is never re-sent. */
export const MAX_GET_RETRIES = 2;

/** 300 ms, then 900 ms: long enough for a restarting upstream, short enough that a person keeps waiting. */
export function backoffMs(attempt: number): number {
  return 300 * 3 ** attempt;
}

/** Statuses worth another try: rate limiting and gateway/availability trouble. A 500 is a bug, not a blip. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}
