import type { Role, SessionInfo, Staff } from '@pfs/shared';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { ShellApi } from '../src/api/endpoints';
import { createHttpClient } from '../src/api/http-client';
import type { DemoBridge } from '../src/platform/demo-bridge';
import type { Entry, PlatformBridge } from '../src/platform/types';
import type { AppServices } from '../src/services/app-services';
import { ServicesProvider } from '../src/services/ServicesContext';
import { SessionController } from '../src/session/session-controller';
import { createTokenStore, type KeyValueStore } from '../src/session/token-store';

export function makeStaff(roles: Role[] = ['ADVISOR'], overrides: Partial<Staff> = {}): Staff {
  return {
    id: 'staff-1',
    wecomUserId: 'zhangsan',
    name: '张晓明',
    unit: { id: 'unit-1', name: '朝阳支行', level: 'SUB_BRANCH', parentId: 'unit-0' },
    roles,
    ...overrides,
  };
}

export function sessionFor(staff: Staff, token = 'tok-1'): SessionInfo {
  return { token, expiresAt: '2030-01-01T08:00:00.000Z', staff };
}

export function memoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: (key) => data.get(key),
    set: (key, value) => void data.set(key, value),
    remove: (key) => void data.delete(key),
  };
}

export function fakeBridge(overrides: Partial<PlatformBridge> = {}, entry: Entry = 'normal'): PlatformBridge {
  return {
    kind: 'weapp',
    login: jest.fn(async () => 'code-1'),
    getContext: jest.fn(async () => entry),
    getCurExternalContact: jest.fn(async () => 'wm-customer-1'),
    getCurExternalChat: jest.fn(async () => 'wr-group-1'),
    sendChatMessage: jest.fn(async () => undefined),
    openLink: jest.fn(async () => undefined),
    ...overrides,
  };
}

export function fakeApi(staff: Staff, overrides: Partial<ShellApi> = {}): ShellApi {
  return {
    loginWithCode: jest.fn(async () => sessionFor(staff)),
    me: jest.fn(async () => ({ staff, expiresAt: '2030-01-01T08:00:00.000Z' })),
    logout: jest.fn(async () => undefined),
    jssdkSignature: jest.fn(),
    ...overrides,
  };
}

export interface ServicesOptions {
  staff?: Staff;
  bridge?: PlatformBridge;
  api?: ShellApi;
  demo?: DemoBridge;
}

/** Real SessionController over fake bridge and API, so pages see genuine session transitions. */
export function makeServices(options: ServicesOptions = {}): AppServices {
  const staff = options.staff ?? makeStaff();
  const bridge = options.bridge ?? options.demo ?? fakeBridge();
  const api = options.api ?? fakeApi(staff);
  const session = new SessionController({ bridge, api, tokens: createTokenStore(memoryStore()) });
  const http = createHttpClient({ baseUrl: '', transport: jest.fn() });
  return { bridge, demo: options.demo, http, api, session };
}

export function renderWithServices(ui: ReactElement, services: AppServices) {
  return render(<ServicesProvider services={services}>{ui}</ServicesProvider>);
}

/** A promise that never settles: keeps a login (and so the page) in its loading state. */
export const never = <T,>(): Promise<T> => new Promise<T>(() => undefined);
