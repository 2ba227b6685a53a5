import type { Context, Next } from 'koa';
import { ERROR_MESSAGES_ZH, type ErrorBody, type ErrorCode } from '@pfs/shared';
import { AppError } from './app-error';

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** Maps errors thrown by Koa's body parser (co-body / raw-body) and friends onto our codes. */
function fromHttpError(err: HttpishError): ErrorCode | undefined {
  const status = err.status ?? err.statusCode;
  if (err.type === 'entity.too.large' || status === 413) return 'PAYLOAD_TOO_LARGE';
  // co-body rethrows JSON.parse's SyntaxError with status 400
  if (err.type === 'entity.parse.failed' || status === 400) return 'BAD_JSON';
  if (status === 415 || err.type === 'encoding.unsupported') return 'UNSUPPORTED_MEDIA_TYPE';
  return undefined;
}

export function sendError(ctx: Context, code: ErrorCode, status: number, message: string, details?: unknown): void {
  const body: ErrorBody = { error: { code, message, requestId: String(ctx.state.requestId ?? ''), ...(details === undefined ? {} : { details }) } };
  ctx.status = status;
  ctx.body = body;
}

/** The one error shape for every failure; unexpected errors are logged and answered 500 without their message. */
export function errorHandler() {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
    } catch (err) {
      if (err instanceof AppError) {
        if (err.headers) ctx.set(err.headers);
        // The code says why; the request's content is never logged.
        ctx.state.log?.info({ code: err.code, status: err.status }, 'request refused');
        sendError(ctx, err.code, err.status, err.message, err.details);
        return;
      }
      const mapped = typeof err === 'object' && err !== null ? fromHttpError(err as HttpishError) : undefined;
      if (mapped) {
        sendError(ctx, mapped, mapped === 'BAD_JSON' ? 400 : mapped === 'PAYLOAD_TOO_LARGE' ? 413 : 415, ERROR_MESSAGES_ZH[mapped]);
        return;
      }
      ctx.state.log?.error({ err }, 'unhandled error');
      sendError(ctx, 'INTERNAL', 500, ERROR_MESSAGES_ZH.INTERNAL);
    }
  };
}
