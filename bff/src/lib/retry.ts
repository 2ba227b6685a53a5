import pRetry from 'p-retry';
import type { Logger } from 'pino';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff delay, doubled each retry up to maxDelayMs. */
  minDelayMs: number;
  maxDelayMs: number;
  /** Which failures are worth another attempt (busy, rate limited, unreachable); anything else fails at once. */
  isRetryable(err: unknown): boolean;
  /** What to log about a failed attempt besides its number (an errcode, never a URL or body). */
  describe(err: unknown): Record<string, unknown>;
  logger?: Logger;
  /** Log message, e.g. "wecom: call failed, retrying". */
  message: string;
}

/** One platform API call with bounded exponential backoff, shared by the WeCom, Official Account and Pay clients. */
export function withRetry<T>(api: string, policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await attempt();
      } catch (err) {
        if (policy.isRetryable(err)) throw err;
        throw new pRetry.AbortError(err instanceof Error ? err : new Error(String(err)));
      }
    },
    {
      retries: policy.retries,
      minTimeout: policy.minDelayMs,
      maxTimeout: policy.maxDelayMs,
      factor: 2,
      onFailedAttempt: (e) => {
        policy.logger?.warn({ api, ...policy.describe(e), attempt: e.attemptNumber, retriesLeft: e.retriesLeft }, policy.message);
      },
    },
  );
}
