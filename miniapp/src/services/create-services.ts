import { createShellApi } from '../api/endpoints';
import { createHttpClient } from '../api/http-client';
import { taroTransport } from '../api/taro-transport';
import { API_BASE } from '../env';
import { getBridge, getDemoBridge } from '../platform';
import { SessionController } from '../session/session-controller';
import { taroStore } from '../session/taro-store';
import { createTokenStore } from '../session/token-store';
import type { AppServices } from './app-services';

/** Wires the real runtime: platform bridge, Taro.request client with session hooks, session controller. */
export function createAppServices(): AppServices {
  const bridge = getBridge();
  // The client needs the controller (token, re-login) and the controller needs the client (login call): the
  // hooks below refer to `session` lazily, and no request can run before it is assigned two lines down.
  const http = createHttpClient({
    baseUrl: API_BASE,
    transport: taroTransport,
    session: {
      getToken: () => session.getToken(),
      relogin: () => session.relogin(),
      onExpiresAt: (expiresAt) => session.onExpiresAt(expiresAt),
    },
  });
  const api = createShellApi(http);
  const session = new SessionController({ bridge, api, tokens: createTokenStore(taroStore) });
  return { bridge, demo: getDemoBridge(), http, api, session };
}
