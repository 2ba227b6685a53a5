import Taro from '@tarojs/taro';
import { normalizeEntry } from './entry';
import { PlatformError, platformErrorFrom, type PlatformErrorCode } from './platform-error';
import type { ChatMessage, Entry, PlatformBridge } from './types';

interface QyCallbacks<T> {
  success?: (result: T) => void;
  fail?: (error: { errMsg?: string }) => void;
}

/** The slice of the WeCom mini-program API (`wx.qy`) the shell uses. */
export interface QyApi {
  login(options: QyCallbacks<{ code: string }>): void;
  getContext(options: QyCallbacks<{ entry: string; shareTicket?: string }>): void;
  getCurExternalContact(options: QyCallbacks<{ userId: string }>): void;
  getCurExternalChat(options: QyCallbacks<{ chatId: string }>): void;
  sendChatMessage(options: ChatMessage & QyCallbacks<unknown>): void;
}

function call<T>(invoke: (callbacks: QyCallbacks<T>) => void, failCode?: PlatformErrorCode): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // A throwing getter (outside WeCom) rejects the promise, since it runs inside the executor.
    invoke({ success: resolve, fail: (error) => reject(platformErrorFrom(error?.errMsg, failCode)) });
  });
}

/** `getQy` is called per call, so a bridge built outside WeCom fails each call with NOT_IN_WECOM instead of at startup. */
type QyGetter = () => QyApi;

/** `webview` subpackage page that wraps <WebView>; the mini-program cannot open URLs any other way. */
export const WEBVIEW_PAGE = '/webview/pages/index';

export function createWeappBridge(qy: QyGetter): PlatformBridge {
  return {
    kind: 'weapp',
    login: async () => (await call<{ code: string }>((cb) => qy().login(cb))).code,
    getContext: async (): Promise<Entry> => normalizeEntry((await call<{ entry: string }>((cb) => qy().getContext(cb))).entry),
    getCurExternalContact: async () =>
      (await call<{ userId: string }>((cb) => qy().getCurExternalContact(cb), 'NO_EXTERNAL_CONTACT')).userId,
    getCurExternalChat: async () => (await call<{ chatId: string }>((cb) => qy().getCurExternalChat(cb), 'NO_EXTERNAL_CHAT')).chatId,
    sendChatMessage: async (message) => {
      await call<unknown>((cb) => qy().sendChatMessage({ ...message, ...cb }));
    },
    openLink: async (url) => {
      await Taro.navigateTo({ url: `${WEBVIEW_PAGE}?url=${encodeURIComponent(url)}` });
    },
  };
}

declare const wx: { qy?: QyApi } | undefined;

/** `wx.qy` exists only when the mini-program runs inside WeCom (not in plain WeChat). */
export function getQy(): QyApi {
  const qy = typeof wx === 'undefined' ? undefined : wx?.qy;
  if (!qy) throw new PlatformError('NOT_IN_WECOM', 'wx.qy is missing');
  return qy;
}
