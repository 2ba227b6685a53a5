import { ERROR_MESSAGES_ZH } from '@pfs/shared';
import * as z from 'zod/mini';
import { ApiError, CLIENT_MESSAGES_ZH } from './api-error';
import { createHttpClient, type SessionHooks } from './http-client';
import { TransportFailure, type TransportRequest, type TransportResponse } from './transport';

const itemSchema = z.object({ id: z.string() });
const ok = (body: unknown, headers: Record<string, string> = {}): TransportResponse => ({ status: 200, body, headers });
const fail = (status: number, code: string): TransportResponse => ({
  status,
  body: { error: { code, message: code, requestId: 'r-1' } },
  headers: {},
});

function setup(responses: Array<TransportResponse | Error>, session?: Partial<SessionHooks>) {
  const requests: TransportRequest[] = [];
  const transport = jest.fn(async (request: TransportRequest) => {
    requests.push(request);
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    if (next instanceof Error) throw next;
    return next;
  });
  const sleeps: number[] = [];
  let token = 'tok-1';
  const hooks: SessionHooks = {
    getToken: () => token,
    relogin: jest.fn(async () => {
      token = 'tok-2';
    }),
    onExpiresAt: jest.fn(),
    ...session,
  };
  const client = createHttpClient({
    baseUrl: 'https://bff.example',
    transport,
    session: hooks,
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { client, requests, sleeps, hooks, transport };
}

const offline = () => new TransportFailure(false, 'request:fail');

describe('http client', () => {
  it('sends the bearer token, builds the query and validates the answer', async () => {
    const { client, requests } = setup([ok({ id: 'a', extra: true })]);
    await expect(client.get('/api/items', itemSchema, { query: { q: '张 三', page: 2, skip: undefined } })).resolves.toEqual({ id: 'a' });
    expect(requests[0]).toMatchObject({
      method: 'GET',
      url: 'https://bff.example/api/items?q=%E5%BC%A0%20%E4%B8%89&page=2',
      headers: { Authorization: 'Bearer tok-1', Accept: 'application/json' },
    });
  });

  it('passes the renewed expiry from x-session-expires-at to the session (any header case)', async () => {
    const { client, hooks } = setup([ok({ id: 'a' }, { 'X-Session-Expires-At': '2030-01-01T00:00:00Z' })]);
    await client.get('/api/items', itemSchema);
    expect(hooks.onExpiresAt).toHaveBeenCalledWith('2030-01-01T00:00:00Z');
  });

  it('retries a GET twice after network failures, with growing backoff', async () => {
    const { client, sleeps, transport } = setup([offline(), offline(), ok({ id: 'a' })]);
    await expect(client.get('/api/items', itemSchema)).resolves.toEqual({ id: 'a' });
    expect(transport).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([300, 900]);
  });

  it('gives up after two retries with the Chinese network message', async () => {
    const { client, transport } = setup([offline(), offline(), offline()]);
    const error = await client.get('/api/items', itemSchema).catch((e: unknown) => e);
    expect(transport).toHaveBeenCalledTimes(3);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('NETWORK');
    expect((error as ApiError).userMessage).toBe(CLIENT_MESSAGES_ZH.NETWORK);
  });

  it('retries a GET on 503 and 429 but not on 500 or 404', async () => {
    const retried = setup([fail(503, 'UPSTREAM_UNAVAILABLE'), fail(429, 'RATE_LIMITED'), ok({ id: 'a' })]);
    await expect(retried.client.get('/api/items', itemSchema)).resolves.toEqual({ id: 'a' });

    const internal = setup([fail(500, 'INTERNAL'), ok({ id: 'a' })]);
    await expect(internal.client.get('/api/items', itemSchema)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(internal.transport).toHaveBeenCalledTimes(1);

    const missing = setup([fail(404, 'NOT_FOUND')]);
    await expect(missing.client.get('/api/items', itemSchema)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      userMessage: ERROR_MESSAGES_ZH.NOT_FOUND,
    });
  });

  it('never retries a POST (it may have been applied)', async () => {
    const network = setup([offline(), ok({ id: 'a' })]);
    await expect(network.client.post('/api/items', { name: 'x' }, itemSchema)).rejects.toMatchObject({ code: 'NETWORK' });
    expect(network.transport).toHaveBeenCalledTimes(1);

    const unavailable = setup([fail(503, 'UPSTREAM_UNAVAILABLE'), ok({ id: 'a' })]);
    await expect(unavailable.client.post('/api/items', {}, itemSchema)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(unavailable.transport).toHaveBeenCalledTimes(1);
  });

  it('reports a timeout separately', async () => {
    const { client } = setup([new TransportFailure(true, 'timeout'), new TransportFailure(true, 'timeout'), new TransportFailure(true, 'timeout')]);
    await expect(client.get('/api/items', itemSchema)).rejects.toMatchObject({ code: 'TIMEOUT', userMessage: CLIENT_MESSAGES_ZH.TIMEOUT });
  });

  it('logs in again once on SESSION_EXPIRED and repeats the call with the new token', async () => {
    const { client, requests, hooks } = setup([fail(401, 'SESSION_EXPIRED'), ok({ id: 'a' })]);
    await expect(client.post('/api/items', { n: 1 }, itemSchema)).resolves.toEqual({ id: 'a' });
    expect(hooks.relogin).toHaveBeenCalledTimes(1);
    expect(requests.map((r) => r.headers.Authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('reports a second 401 instead of looping', async () => {
    const { client, hooks } = setup([fail(401, 'UNAUTHENTICATED'), fail(401, 'UNAUTHENTICATED')]);
    await expect(client.get('/api/items', itemSchema)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(hooks.relogin).toHaveBeenCalledTimes(1);
  });

  it('does not log in again for other 401 codes, unauthenticated calls or relogin:false', async () => {
    const invalidCode = setup([fail(401, 'WECOM_CODE_INVALID')]);
    await expect(invalidCode.client.post('/api/auth/wecom', { code: 'x' }, itemSchema, { auth: false })).rejects.toMatchObject({
      code: 'WECOM_CODE_INVALID',
    });
    expect(invalidCode.requests[0]?.headers.Authorization).toBeUndefined();
    expect(invalidCode.hooks.relogin).not.toHaveBeenCalled();

    const logout = setup([fail(401, 'SESSION_EXPIRED')]);
    await expect(logout.client.post('/api/auth/logout', undefined, null, { relogin: false })).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(logout.hooks.relogin).not.toHaveBeenCalled();
  });

  it('rejects an answer that does not match the schema, and accepts 204 without one', async () => {
    const bad = setup([ok({ id: 7 })]);
    await expect(bad.client.get('/api/items', itemSchema)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });

    const empty = setup([{ status: 204, body: null, headers: {} }]);
    await expect(empty.client.post('/api/auth/logout', undefined, null)).resolves.toBeUndefined();
  });
});
