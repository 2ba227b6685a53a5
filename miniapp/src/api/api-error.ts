import { ERROR_MESSAGES_ZH, errorBodySchema, fieldIssueSchema, type ErrorCode, type FieldIssue } from '@pfs/shared';
import * as z from 'zod/mini';
import { AppError, GENERIC_ERROR_ZH } from '../errors/app-error';

/** Client-side failures that never reached (or never came back from) the BFF's error handler. */
export type ClientErrorCode = 'NETWORK' | 'TIMEOUT' | 'BAD_RESPONSE';

export const CLIENT_MESSAGES_ZH: Record<ClientErrorCode, string> = {
  NETWORK: '网络连接失败，请检查网络后重试',
  TIMEOUT: '请求超时，请稍后重试',
  BAD_RESPONSE: '服务返回的数据有误，请稍后再试',
};

/** A failed API call, in the BFF's terms (`code`, `requestId`, field issues) plus the sentence to show. */
export class ApiError extends AppError {
  constructor(
    code: ErrorCode | ClientErrorCode | string,
    userMessage: string,
    readonly status: number,
    readonly requestId?: string,
    readonly fieldErrors: FieldIssue[] = [],
    cause?: unknown,
    /** The server's own wording and details, for the few pages that show a more specific sentence (see toApiError). */
    readonly server: { message?: string; details?: unknown } = {},
  ) {
    super(code, userMessage, { cause, message: `${code} (${status})${requestId ? ` [${requestId}]` : ''}` });
    this.name = 'ApiError';
  }

  /** Field message for a form input, e.g. `err.fieldError('name')`. */
  fieldError(path: string): string | undefined {
    return this.fieldErrors.find((issue) => issue.path === path)?.message;
  }
}

export function clientError(code: ClientErrorCode, cause?: unknown): ApiError {
  return new ApiError(code, CLIENT_MESSAGES_ZH[code], 0, undefined, [], cause);
}

const fieldIssuesSchema = z.array(fieldIssueSchema);
const wrappedIssuesSchema = z.object({ issues: fieldIssuesSchema });

/** Validation details come either as a bare list of `{path, message}` or as `{issues: [...]}`; accept both. */
function readFieldIssues(details: unknown): FieldIssue[] {
  const bare = fieldIssuesSchema.safeParse(details);
  if (bare.success) return bare.data;
  const wrapped = wrappedIssuesSchema.safeParse(details);
  return wrapped.success ? wrapped.data.issues : [];
}

const HAN = /[\u4e00-\u9fff]/;

function isKnownCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_MESSAGES_ZH, code);
}

/**
 * The one place that turns a non-2xx answer into an ApiError. Known codes show the shared Chinese message
 * (the server's `message` is for logs); an unknown code shows the server message only if it is Chinese. A Chinese
 * server message and the details stay on `error.server`, for pages that word a known code more precisely (the
 * verification form's "短信验证码错误，还可尝试2次").
 */
export function toApiError(status: number, body: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) {
    if (status >= 500) return new ApiError('INTERNAL', ERROR_MESSAGES_ZH.INTERNAL, status);
    return new ApiError('BAD_RESPONSE', CLIENT_MESSAGES_ZH.BAD_RESPONSE, status);
  }
  const { code, message, requestId, details } = parsed.data.error;
  const base = isKnownCode(code) ? ERROR_MESSAGES_ZH[code] : HAN.test(message) ? message : GENERIC_ERROR_ZH;
  const fieldErrors = readFieldIssues(details);
  return new ApiError(code, withFieldSummary(base, fieldErrors), status, requestId, fieldErrors, undefined, {
    ...(HAN.test(message) ? { message } : {}),
    ...(details !== undefined ? { details } : {}),
  });
}

/** "填写的内容有误，请检查后重试：手机号格式不正确；姓名" — Chinese field messages as sent, otherwise the field path. */
function withFieldSummary(base: string, issues: FieldIssue[]): string {
  if (issues.length === 0) return base;
  const shown = issues.slice(0, 3).map((issue) => (HAN.test(issue.message) ? issue.message : issue.path));
  return `${base}：${shown.join('；')}${issues.length > 3 ? ' 等' : ''}`;
}
