import { PlatformError } from './platform-error';
import type { PlatformBridge } from './types';

/** Outside WeCom with the demo switched off: every call explains that the app must be opened in WeCom. */
export function createUnsupportedBridge(): PlatformBridge {
  const fail = async (): Promise<never> => {
    throw new PlatformError('NOT_IN_WECOM');
  };
  return {
    kind: 'unsupported',
    login: fail,
    getContext: async () => 'normal',
    getCurExternalContact: fail,
    getCurExternalChat: fail,
    sendChatMessage: fail,
    openLink: fail,
  };
}
