/** The Official Account API answered a non-zero errcode (branch on errcode, never on errmsg). */
export class WechatOaApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly api: string,
  ) {
    super(`WeChat OA ${api} failed: errcode ${errcode}`);
    this.name = 'WechatOaApiError';
  }
}

/** The Official Account API could not be reached or answered something that is not its JSON. */
export class WechatOaUnavailableError extends Error {
  constructor(
    readonly api: string,
    readonly reason: string,
  ) {
    super(`WeChat OA ${api} unavailable: ${reason}`);
    this.name = 'WechatOaUnavailableError';
  }
}

/** The access token was refused: 40001 invalid (e.g. replaced elsewhere), 42001 expired, 40014 malformed. */
export const OA_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 42001, 40014]);
/** The code of an OAuth exchange was already used (40163) or is invalid / expired (40029). */
export const OA_CODE_ERRCODES: ReadonlySet<number> = new Set([40029, 40163]);

/** System busy (-1) and transport failures: retried with backoff (quota errors such as 45009 are daily, not retried). */
export function isRetryableOaError(err: unknown): boolean {
  return err instanceof WechatOaUnavailableError || (err instanceof WechatOaApiError && err.errcode === -1);
}

/** co-wechat-api's errors carry request URLs (access token, app secret) in their messages: keep only code or kind. */
export function fromLibraryError(api: string, err: unknown): Error {
  if (err instanceof WechatOaApiError || err instanceof WechatOaUnavailableError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as { name?: unknown; code?: unknown; message?: unknown };
  if (e.name === 'WeChatAPIError' && typeof e.code === 'number') return new WechatOaApiError(e.code, api);
  const status = typeof e.message === 'string' ? /status code: (\d{3})$/.exec(e.message)?.[1] : undefined;
  if (status) return new WechatOaUnavailableError(api, `HTTP ${status}`);
  if (e.name === 'WeChatAPIError') return new WechatOaUnavailableError(api, 'response is not JSON');
  return new WechatOaUnavailableError(api, typeof e.name === 'string' ? e.name : 'network error');
}
