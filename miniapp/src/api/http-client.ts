import { SESSION_EXPIRES_HEADER } from '@pfs/shared';
import type * as z from 'zod/mini';
import { ApiError, clientError, toApiError } from './api-error';
import { backoffMs, isRetryableStatus, MAX_GET_RETRIES } from './retry-policy';
import { readHeader, TransportFailure, type Transport, type TransportRequest, type TransportResponse } from './transport';

/** What the client needs from the session: the token, a way to log in again, and where renewed expiry goes. */
export interface SessionHooks {
  getToken(): string | undefined;
  /** Logs in again through the platform bridge; resolves once a fresh token is stored. */
  relogin(): Promise<void>;
  /** The BFF slides the expiry forward on every authenticated call and reports it in a response header. */
  onExpiresAt(expiresAt: string): void;
}

export interface HttpClientOptions {
  baseUrl: string;
  transport: Transport;
  session?: SessionHooks;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  /** false for the calls that create the session (login) or need none (demo, JS-SDK signature). */
  auth?: boolean;
  /** false where a lapsed session needs no repair (logout): the 401 is returned instead of logging in again. */
  relogin?: boolean;
}

const RELOGIN_CODES = new Set(['SESSION_EXPIRED', 'UNAUTHENTICATED']);

export type HttpClient = ReturnType<typeof createHttpClient>;

export function createHttpClient(options: HttpClientOptions) {
  const { baseUrl, transport, session, timeoutMs = 15_000 } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  function buildUrl(path: string, query?: RequestOptions['query']): string {
    const pairs = Object.entries(query ?? {}).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined);
    const search = pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`).join('&');
    return `${baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  async function sendOnce(request: Omit<TransportRequest, 'headers' | 'timeoutMs'>, auth: boolean): Promise<TransportResponse> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    const token = auth ? session?.getToken() : undefined;
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      const response = await transport({ ...request, headers, timeoutMs });
      const renewed = readHeader(response.headers, SESSION_EXPIRES_HEADER);
      if (renewed && auth) session?.onExpiresAt(renewed);
      return response;
    } catch (error) {
      if (error instanceof TransportFailure) throw clientError(error.timedOut ? 'TIMEOUT' : 'NETWORK', error);
      throw clientError('NETWORK', error);
    }
  }

  /** GETs retry network failures and 429/502/503/504 twice with backoff; other methods are sent once. */
  async function sendWithRetry(request: Omit<TransportRequest, 'headers' | 'timeoutMs'>, auth: boolean): Promise<TransportResponse> {
    const retries = request.method === 'GET' ? MAX_GET_RETRIES : 0;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const response = await sendOnce(request, auth);
        if (attempt < retries && isRetryableStatus(response.status)) {
          await sleep(backoffMs(attempt));
          continue;
        }
        return response;
      } catch (error) {
        const retryable = error instanceof ApiError && (error.code === 'NETWORK' || error.code === 'TIMEOUT');
        if (!retryable || attempt >= retries) throw error;
        await sleep(backoffMs(attempt));
      }
    }
  }

  async function call<T>(
    method: TransportRequest['method'],
    path: string,
    schema: z.ZodMiniType<T> | null,
    body: unknown,
    opts: RequestOptions = {},
  ): Promise<T> {
    const auth = opts.auth !== false;
    const request = { method, url: buildUrl(path, opts.query), body };
    let response = await sendWithRetry(request, auth);
    // One silent re-login per call when the session lapsed; a second 401 is reported to the page.
    if (auth && opts.relogin !== false && session && response.status === 401 && RELOGIN_CODES.has(toApiError(401, response.body).code)) {
      await session.relogin();
      response = await sendWithRetry(request, auth);
    }
    if (response.status < 200 || response.status >= 300) throw toApiError(response.status, response.body);
    if (schema === null) return undefined as T;
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw clientError('BAD_RESPONSE', parsed.error);
    return parsed.data;
  }

  return {
    get: <T>(path: string, schema: z.ZodMiniType<T>, opts?: RequestOptions) => call('GET', path, schema, undefined, opts),
    post: <T>(path: string, body: unknown, schema: z.ZodMiniType<T> | null, opts?: RequestOptions) =>
      call('POST', path, schema, body, opts),
    put: <T>(path: string, body: unknown, schema: z.ZodMiniType<T> | null, opts?: RequestOptions) =>
      call('PUT', path, schema, body, opts),
    patch: <T>(path: string, body: unknown, schema: z.ZodMiniType<T> | null, opts?: RequestOptions) =>
      call('PATCH', path, schema, body, opts),
    delete: <T>(path: string, schema: z.ZodMiniType<T> | null, opts?: RequestOptions) =>
      call('DELETE', path, schema, undefined, opts),
  };
}
