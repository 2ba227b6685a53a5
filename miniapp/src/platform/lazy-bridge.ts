import type { PlatformBridge, RuntimeKind } from './types';

/** A bridge whose implementation is loaded on first use (keeps @wecom/jssdk out of the demo and customer pages). */
export function lazyBridge(kind: RuntimeKind, load: () => Promise<PlatformBridge>): PlatformBridge {
  let loaded: Promise<PlatformBridge> | undefined;
  const get = () => (loaded ??= load());
  return {
    kind,
    login: async () => (await get()).login(),
    getContext: async () => (await get()).getContext(),
    getCurExternalContact: async () => (await get()).getCurExternalContact(),
    getCurExternalChat: async () => (await get()).getCurExternalChat(),
    sendChatMessage: async (message) => (await get()).sendChatMessage(message),
    openLink: async (url) => (await get()).openLink(url),
  };
}
