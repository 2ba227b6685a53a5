import type { Context, Next } from 'koa';
import { CONTROL_CHARACTERS, CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS, CONTROL_CHARACTERS_MESSAGE_ZH, type FieldIssue } from '@pfs/shared';
import { AppError } from './app-error';

/** No request body of this service nests deeper; a deeper one would only cost stack in the validators. */
export const MAX_JSON_DEPTH = 32;

type Finding = { path: string; message: string } | null;

function inspect(value: unknown, path: string, depth: number): Finding {
  if (typeof value === 'string') return CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS.test(value) ? { path, message: CONTROL_CHARACTERS_MESSAGE_ZH } : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_JSON_DEPTH) return { path, message: '嵌套层级过深' };
  for (const [k, v] of Object.entries(value)) {
    if (CONTROL_CHARACTERS.test(k)) return { path, message: CONTROL_CHARACTERS_MESSAGE_ZH };
    const found = inspect(v, `${path}.${k}`, depth + 1);
    if (found) return found;
  }
  return null;
}

function refuse(issue: FieldIssue): never {
  throw new AppError('VALIDATION_FAILED', undefined, [issue]);
}

/**
 * The edge guard behind the shared schemas' `text()`: NUL and control characters are refused in the path, every
 * query parameter and every string of a JSON body (keys too) before any route runs, so a route without a schema
 * is covered as well. PostgreSQL refuses NUL in text, which would otherwise surface as a 500.
 */
export function refuseHostileInput() {
  return async (ctx: Context, next: Next): Promise<void> => {
    let path: string;
    try {
      path = decodeURIComponent(ctx.path);
    } catch {
      throw new AppError('BAD_REQUEST', '请求地址编码有误');
    }
    if (CONTROL_CHARACTERS.test(path)) refuse({ path: 'path', message: CONTROL_CHARACTERS_MESSAGE_ZH });
    for (const [k, v] of Object.entries(ctx.query)) {
      const values = Array.isArray(v) ? v : [v ?? ''];
      if (CONTROL_CHARACTERS.test(k) || values.some((s) => CONTROL_CHARACTERS.test(s))) refuse({ path: `query.${k.replace(CONTROL_CHARACTERS, '?')}`, message: CONTROL_CHARACTERS_MESSAGE_ZH });
    }
    const body: unknown = ctx.request.body;
    // Text and XML bodies keep their line breaks; NUL is never valid in either.
    if (typeof body === 'string' && body.includes('\u0000')) refuse({ path: 'body', message: CONTROL_CHARACTERS_MESSAGE_ZH });
    const found = typeof body === 'object' ? inspect(body, 'body', 0) : null;
    if (found) refuse(found);
    await next();
  };
}
