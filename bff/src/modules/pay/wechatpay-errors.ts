/** WeChat Pay answered with an error status and its `{code, message}` body (branch on `code`, never on the message). */
export class WechatPayApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly api: string,
  ) {
    super(`WeChat Pay ${api} failed: HTTP ${status} ${code}`);
    this.name = 'WechatPayApiError';
  }
}

/** WeChat Pay could not be reached, or answered something we cannot trust (bad signature, not JSON, timeout). */
export class WechatPayUnavailableError extends Error {
  constructor(
    readonly api: string,
    readonly reason: string,
  ) {
    super(`WeChat Pay ${api} unavailable: ${reason}`);
    this.name = 'WechatPayUnavailableError';
  }
}

/** Gateway trouble, rate limit, our own unreachable host: retried with backoff. */
export function isRetryablePayError(err: unknown): boolean {
  if (err instanceof WechatPayUnavailableError) return true;
  return err instanceof WechatPayApiError && (err.status >= 500 || err.status === 429 || err.code === 'SYSTEM_ERROR' || err.code === 'FREQUENCY_LIMITED');
}
