import type { Context, Next } from 'koa';
import * as z from 'zod/mini';
import type { FieldIssue } from '@pfs/shared';
import { AppError } from './app-error';

type Schema = z.core.$ZodType;

export interface ValidationSchemas<B extends Schema, Q extends Schema, P extends Schema> {
  body?: B;
  query?: Q;
  params?: P;
}

export interface Validated<B, Q, P> {
  body: B;
  query: Q;
  params: P;
}

function issuesOf(where: string, error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
}

/**
 * Validates body, query and params with shared zod schemas before the handler runs; the parsed values land in
 * `ctx.state.valid`. A JSON body is required whenever a body schema is given.
 */
export function validate<B extends Schema = z.ZodMiniUnknown, Q extends Schema = z.ZodMiniUnknown, P extends Schema = z.ZodMiniUnknown>(
  schemas: ValidationSchemas<B, Q, P>,
) {
  const middleware = async (ctx: Context, next: Next): Promise<void> => {
    const issues: FieldIssue[] = [];
    const valid: Record<string, unknown> = {};
    if (schemas.body) {
      if (!ctx.is('application/json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 application/json 提交');
      const r = z.safeParse(schemas.body, ctx.request.body);
      if (r.success) valid.body = r.data;
      else issues.push(...issuesOf('body', r.error));
    }
    if (schemas.query) {
      const r = z.safeParse(schemas.query, ctx.query);
      if (r.success) valid.query = r.data;
      else issues.push(...issuesOf('query', r.error));
    }
    if (schemas.params) {
      const r = z.safeParse(schemas.params, (ctx as Context & { params?: unknown }).params ?? {});
      if (r.success) valid.params = r.data;
      else issues.push(...issuesOf('params', r.error));
    }
    if (issues.length) throw new AppError('VALIDATION_FAILED', undefined, issues);
    ctx.state.valid = valid;
    await next();
  };
  // The route's schemas travel with its middleware, so tooling (the fuzz test) finds every route's input shape.
  return Object.assign(middleware, { [ROUTE_SCHEMAS]: schemas as ValidationSchemas<Schema, Schema, Schema> });
}

/** Where `validate()` leaves a route's schemas on its middleware function. */
export const ROUTE_SCHEMAS = Symbol.for('pfs.routeSchemas');

/** The schemas a route's middleware stack validates with, if any. */
export function routeSchemasOf(stack: readonly unknown[]): ValidationSchemas<Schema, Schema, Schema> | undefined {
  for (const fn of stack) {
    const schemas = typeof fn === 'function' ? (fn as unknown as Record<symbol, unknown>)[ROUTE_SCHEMAS] : undefined;
    if (schemas) return schemas as ValidationSchemas<Schema, Schema, Schema>;
  }
  return undefined;
}

/** Typed access to what `validate` parsed. */
export function valid<B = unknown, Q = unknown, P = unknown>(ctx: Context): Validated<B, Q, P> {
  return ctx.state.valid as Validated<B, Q, P>;
}
