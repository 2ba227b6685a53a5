/** Where the session token lives between launches (Taro storage: wx storage in weapp, localStorage in H5). */
export interface StoredSession {
  token: string;
  expiresAt: string;
}

export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

const KEY = 'pfs.session';

export function createTokenStore(store: KeyValueStore) {
  return {
    load(): StoredSession | undefined {
      const value = store.get(KEY) as Partial<StoredSession> | undefined | '';
      if (!value || typeof value !== 'object' || typeof value.token !== 'string' || typeof value.expiresAt !== 'string') {
        return undefined;
      }
      return { token: value.token, expiresAt: value.expiresAt };
    },
    save(session: StoredSession): void {
      store.set(KEY, session);
    },
    clear(): void {
      store.remove(KEY);
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
