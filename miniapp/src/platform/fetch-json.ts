import type * as z from 'zod/mini';
import { clientError, toApiError } from '../api/api-error';

/**
 * Minimal fetch + zod call for H5-only helpers (demo simulator, JS-SDK signature) that run before a session
 * exists. Errors go through the same `toApiError` mapping as the main client.
 */
export type FetchLike = (input: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
}>;

export async function fetchJson<T>(
  fetchFn: FetchLike,
  url: string,
  schema: z.ZodMiniType<T> | null,
  init?: { method?: 'GET' | 'POST'; body?: unknown },
): Promise<T> {
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetchFn(url, {
      method: init?.method ?? 'GET',
      headers: { Accept: 'application/json', ...(init?.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
  } catch (error) {
    throw clientError('NETWORK', error);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) throw toApiError(response.status, body);
  if (schema === null) return undefined as T;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw clientError('BAD_RESPONSE', parsed.error);
  return parsed.data;
}
