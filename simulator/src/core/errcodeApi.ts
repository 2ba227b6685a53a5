/**
 * Dispatcher shared by the two Tencent hosts that answer `{errcode, errmsg}` JSON (WeCom and the OA API):
 * counts every call, applies injected faults, checks the access token, parses JSON strictly (47001) and
 * renders errors with the platform's errmsg style.
 */
import type Koa from 'koa';
import { BodyTooLargeError, q, readRawBody, sendJson } from './http';
import type { ApiCall } from './world';
import type { CallLog, FaultQueue } from './faults';

export class ApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly detail?: string,
  ) {
    super(`errcode ${errcode}${detail ? `: ${detail}` : ''}`);
  }
}

export interface ApiRequest {
  ctx: Koa.Context;
  query(name: string): string | undefined;
  /** Parsed JSON body (POST only). */
  body: unknown;
  accessToken?: string;
}

export interface ApiDef {
  method: 'GET' | 'POST';
  /** Whether `?access_token=` is required and checked (default true). */
  auth?: boolean;
  /** Some list APIs accept an empty body as `{}`. */
  emptyBodyAsObject?: boolean;
  /** Prepend `errcode: 0, errmsg: "ok"` to a successful result (WeCom always; OA only for some APIs). */
  okEnvelope?: boolean;
  handle(req: ApiRequest): Record<string, unknown> | Promise<Record<string, unknown>>;
}

export interface ErrcodeHostConfig {
  apis: Record<string, ApiDef>;
  /** Strip this from ctx.path to get the API name (e.g. "/cgi-bin/"). */
  pathPrefix: string;
  calls(): CallLog<ApiCall>;
  faults(): FaultQueue<number>;
  now(): number;
  checkToken(token: string | undefined): void;
  errmsg(errcode: number, detail: string | undefined, ctx: Koa.Context): string;
}

export function errcodeHost(config: ErrcodeHostConfig): Koa.Middleware {
  return async (ctx) => {
    if (!ctx.path.startsWith(config.pathPrefix)) {
      ctx.status = 404;
      return;
    }
    const api = ctx.path.slice(config.pathPrefix.length);
    const def = config.apis[api];
    if (!def) {
      // Unknown paths are not API calls: the real hosts answer 404 without an errcode body.
      ctx.status = 404;
      ctx.body = 'Not Found';
      return;
    }
    let errcode = 0;
    try {
      const injected = config.faults().take(api);
      if (injected !== undefined) throw new ApiError(injected, 'injected by simulator control');
      if (ctx.method !== def.method) throw new ApiError(47001, `${api} expects ${def.method}`);
      const accessToken = q(ctx, 'access_token');
      if (def.auth !== false) config.checkToken(accessToken);
      let body: unknown = undefined;
      if (def.method === 'POST') body = parseJsonBody(await readBody(ctx), def.emptyBodyAsObject === true);
      const result = await def.handle({ ctx, query: (n) => q(ctx, n), body, accessToken });
      sendJson(ctx, 200, def.okEnvelope === false ? result : { errcode: 0, errmsg: 'ok', ...result });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      errcode = e.errcode;
      sendJson(ctx, 200, { errcode, errmsg: config.errmsg(errcode, e.detail, ctx) });
    } finally {
      config.calls().record({ api, at: config.now(), errcode });
    }
  };
}

async function readBody(ctx: Koa.Context): Promise<string> {
  try {
    return await readRawBody(ctx);
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw new ApiError(47001, e.message);
    throw e;
  }
}

function parseJsonBody(raw: string, emptyAsObject: boolean): unknown {
  if (raw.trim() === '') {
    if (emptyAsObject) return {};
    throw new ApiError(47001, 'Warning: wrong json format. empty body');
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ApiError(47001, 'Warning: wrong json format.');
  }
}
