import { createHttpClient } from '../api/http-client';
import { createShellApi } from '../api/endpoints';
import { clientError } from '../api/api-error';
import type { TransportRequest, TransportResponse } from '../api/transport';
import { fakeApi, fakeBridge, makeStaff, memoryStore, sessionFor } from '../../test/fakes';
import { SessionController } from './session-controller';
import { createTokenStore } from './token-store';

const NOW = Date.parse('2026-11-24T10:00:00Z');

function setup(stored?: { token: string; expiresAt: string }) {
  const staff = makeStaff();
  const store = memoryStore();
  const tokens = createTokenStore(store);
  if (stored) tokens.save(stored);
  const bridge = fakeBridge();
  const api = fakeApi(staff);
  const controller = new SessionController({ bridge, api, tokens, now: () => NOW });
  return { staff, tokens, bridge, api, controller };
}

describe('SessionController', () => {
  it('logs in through the bridge when no token is stored, and stores the token', async () => {
    const { controller, bridge, api, tokens, staff } = setup();
    await controller.start();
    expect(bridge.login).toHaveBeenCalledTimes(1);
    expect(api.loginWithCode).toHaveBeenCalledWith('code-1');
    expect(api.me).not.toHaveBeenCalled();
    expect(tokens.load()).toEqual({ token: 'tok-1', expiresAt: '2030-01-01T08:00:00.000Z' });
    expect(controller.getState()).toEqual({ status: 'ready', staff, expiresAt: '2030-01-01T08:00:00.000Z' });
  });

  it('reuses a stored unexpired token (validated by GET /api/me)', async () => {
    const { controller, bridge, api } = setup({ token: 'old', expiresAt: '2026-11-24T11:00:00Z' });
    await controller.start();
    expect(api.me).toHaveBeenCalledTimes(1);
    expect(bridge.login).not.toHaveBeenCalled();
    expect(controller.getState().status).toBe('ready');
  });

  it('skips straight to a new login when the stored token has expired', async () => {
    const { controller, bridge, api } = setup({ token: 'old', expiresAt: '2026-11-24T09:59:59Z' });
    await controller.start();
    expect(api.me).not.toHaveBeenCalled();
    expect(bridge.login).toHaveBeenCalledTimes(1);
  });

  it('runs one bridge login for concurrent re-login requests', async () => {
    const { controller, bridge } = setup();
    await Promise.all([controller.relogin(), controller.relogin(), controller.relogin()]);
    expect(bridge.login).toHaveBeenCalledTimes(1);
    await controller.relogin();
    expect(bridge.login).toHaveBeenCalledTimes(2);
  });

  it('keeps the renewed expiry from the BFF', async () => {
    const { controller, tokens } = setup();
    await controller.start();
    controller.onExpiresAt('2030-02-02T00:00:00Z');
    expect(tokens.load()?.expiresAt).toBe('2030-02-02T00:00:00Z');
    expect(controller.getState()).toMatchObject({ status: 'ready', expiresAt: '2030-02-02T00:00:00Z' });
  });

  it('ends in the error state when the login fails', async () => {
    const { controller, api } = setup();
    const failure = clientError('NETWORK');
    (api.loginWithCode as jest.Mock).mockRejectedValueOnce(failure);
    await controller.start();
    expect(controller.getState()).toEqual({ status: 'error', error: failure });
  });

  it('logs out locally even when the server cannot be reached', async () => {
    const { controller, api, tokens } = setup();
    await controller.start();
    (api.logout as jest.Mock).mockRejectedValueOnce(clientError('NETWORK'));
    await controller.logout();
    expect(api.logout).toHaveBeenCalledTimes(1);
    expect(tokens.load()).toBeUndefined();
    expect(controller.getState()).toEqual({ status: 'logged_out' });
  });

  it('switchUser drops the old token before logging in as someone else', async () => {
    const { controller, bridge, tokens } = setup({ token: 'old', expiresAt: '2030-01-01T00:00:00Z' });
    const seen: Array<string | undefined> = [];
    (bridge.login as jest.Mock).mockImplementationOnce(async () => {
      seen.push(tokens.load()?.token);
      return 'code-2';
    });
    await controller.switchUser();
    expect(seen).toEqual([undefined]);
    expect(tokens.load()?.token).toBe('tok-1');
  });
});

describe('session renewal end to end (controller + HTTP client)', () => {
  it('recovers from an expired session on GET /api/me with one re-login', async () => {
    const staff = makeStaff(['UNIT_MANAGER']);
    const tokens = createTokenStore(memoryStore());
    tokens.save({ token: 'stale', expiresAt: '2030-01-01T00:00:00Z' });
    const seen: Array<{ url: string; auth?: string }> = [];
    const answers: TransportResponse[] = [
      { status: 401, body: { error: { code: 'SESSION_EXPIRED', message: 'expired', requestId: 'r1' } }, headers: {} },
      { status: 200, body: sessionFor(staff, 'fresh'), headers: {} },
      { status: 200, body: { staff, expiresAt: '2030-03-03T00:00:00Z' }, headers: { 'x-session-expires-at': '2030-03-03T00:00:00Z' } },
    ];
    const transport = jest.fn(async (request: TransportRequest) => {
      seen.push({ url: request.url, auth: request.headers.Authorization });
      const answer = answers.shift();
      if (!answer) throw new Error('unexpected request');
      return answer;
    });
    const bridge = fakeBridge();
    const http = createHttpClient({
      baseUrl: '',
      transport,
      session: {
        getToken: () => controller.getToken(),
        relogin: () => controller.relogin(),
        onExpiresAt: (value) => controller.onExpiresAt(value),
      },
    });
    const controller = new SessionController({ bridge, api: createShellApi(http), tokens, now: () => NOW });

    await controller.start();

    expect(seen).toEqual([
      { url: '/api/me', auth: 'Bearer stale' },
      { url: '/api/auth/wecom', auth: undefined },
      { url: '/api/me', auth: 'Bearer fresh' },
    ]);
    expect(bridge.login).toHaveBeenCalledTimes(1);
    expect(controller.getState()).toEqual({ status: 'ready', staff, expiresAt: '2030-03-03T00:00:00Z' });
    expect(tokens.load()).toEqual({ token: 'fresh', expiresAt: '2030-03-03T00:00:00Z' });
  });
});
