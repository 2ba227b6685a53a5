import { useEffect } from 'react';

// In-memory Taro for jest: storage behaves like wx storage ('' for a missing key), navigation is recorded.
const storage = new Map<string, unknown>();
let routerParams: Record<string, string> = {};

/** The page's query for `useRouter()` (reset after each test). */
export function setRouterParams(params: Record<string, string>): void {
  routerParams = params;
}

const Taro = {
  request: jest.fn(),
  getStorageSync: (key: string): unknown => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown): void => {
    storage.set(key, value);
  },
  removeStorageSync: (key: string): void => {
    storage.delete(key);
  },
  redirectTo: jest.fn<Promise<{ errMsg: string }>, [{ url: string }]>(async () => ({ errMsg: 'redirectTo:ok' })),
  reLaunch: jest.fn<Promise<{ errMsg: string }>, [{ url: string }]>(async () => ({ errMsg: 'reLaunch:ok' })),
  navigateTo: jest.fn<Promise<{ errMsg: string }>, [{ url: string }]>(async () => ({ errMsg: 'navigateTo:ok' })),
  showModal: jest.fn<Promise<{ confirm: boolean; cancel: boolean }>, [Record<string, unknown>]>(async () => ({ confirm: true, cancel: false })),
  showToast: jest.fn(),
};

export function resetTaroStub(): void {
  storage.clear();
  routerParams = {};
  Taro.request.mockReset();
  Taro.redirectTo.mockClear();
  Taro.reLaunch.mockClear();
  Taro.navigateTo.mockClear();
  Taro.showModal.mockClear();
  Taro.showToast.mockClear();
}

export function useLaunch(callback: () => void): void {
  useEffect(callback, []);
}

export function useRouter(): { params: Record<string, string> } {
  return { params: routerParams };
}

export default Taro;
