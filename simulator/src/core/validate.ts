import type { z } from 'zod';
import { ApiError } from './errcodeApi';

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * Validates a request body the way the platforms report it: a value of the wrong JSON type is a format error
 * (47001), a missing or out-of-range value is a parameter error (`missingCode`, 40058 on WeCom).
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, missingCode = 40058): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  if (!issue) throw new ApiError(missingCode);
  const path = issue.path.map(String).join('.');
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) !== undefined) {
    throw new ApiError(47001, `Warning: wrong json format. ${path || 'body'}: ${issue.message}`);
  }
  throw new ApiError(missingCode, `${path || 'body'}: ${issue.message}`);
}
