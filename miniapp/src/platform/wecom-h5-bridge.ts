import type { JssdkSignature } from '@pfs/shared';
import * as ww from '@wecom/jssdk';
import { normalizeEntry } from './entry';
import { platformErrorFrom, type PlatformErrorCode } from './platform-error';
import type { PlatformBridge } from './types';
import { redirectToOAuth, takeOAuthCode, urlWithoutFragment, type OAuthEnvironment } from './wecom-oauth';

/** The APIs the shell registers for; feature modules add theirs here (registration covers the whole page). */
export const JS_API_LIST = ['getContext', 'getCurExternalContact', 'getCurExternalChat', 'sendChatMessage'];

export type WwSdk = Pick<typeof ww, 'register' | 'getContext' | 'getCurExternalContact' | 'getCurExternalChat' | 'sendChatMessage'>;

export interface WecomH5Deps extends OAuthEnvironment {
  sdk?: WwSdk;
  /** `GET /api/wecom/jssdk-signature?url=` (no session needed). */
  fetchSignature(url: string): Promise<JssdkSignature>;
  /** Build-time corp id; when empty the one in the signature answer is used for OAuth. */
  corpId?: string;
}

/** ww rejects with `{errMsg}` objects (or Errors); turn either into a PlatformError. */
function rethrow(fallback?: PlatformErrorCode) {
  return (error: unknown): never => {
    const errMsg = (error as { errMsg?: string; message?: string } | undefined)?.errMsg ?? (error as Error | undefined)?.message;
    throw platformErrorFrom(errMsg, fallback);
  };
}

export function createWecomH5Bridge(deps: WecomH5Deps): PlatformBridge {
  const sdk = deps.sdk ?? ww;
  const signatures = new Map<string, Promise<JssdkSignature>>();
  let registered: Promise<JssdkSignature> | undefined;

  // One signature request per page URL; a failed one is forgotten so the next call asks again.
  function signatureFor(url: string): Promise<JssdkSignature> {
    const key = urlWithoutFragment(url);
    let pending = signatures.get(key);
    if (!pending) {
      pending = deps.fetchSignature(key);
      pending.catch(() => signatures.delete(key));
      signatures.set(key, pending);
    }
    return pending;
  }

  /** Registers corp and app identity once (the toolbar APIs need the app identity, hence both signatures). */
  function ensureRegistered(): Promise<JssdkSignature> {
    if (!registered) {
      registered = signatureFor(deps.location.href).then((first) => {
        sdk.register({
          corpId: first.corpId,
          agentId: first.agentId,
          jsApiList: JS_API_LIST,
          getConfigSignature: async (url) => (await signatureFor(url)).config,
          getAgentConfigSignature: async (url) => (await signatureFor(url)).agentConfig,
        });
        return first;
      });
      registered.catch(() => {
        registered = undefined;
      });
    }
    return registered;
  }

  return {
    kind: 'wecom-h5',
    async login() {
      const code = takeOAuthCode(deps);
      if (code) return code;
      const signature = deps.corpId ? undefined : await ensureRegistered();
      redirectToOAuth(deps, deps.corpId || (signature?.corpId ?? ''), signature?.agentId);
      // The page is being replaced by WeCom's authorize redirect; nothing after this should run.
      return new Promise<string>(() => undefined);
    },
    async getContext() {
      await ensureRegistered();
      const result = await sdk.getContext().catch(rethrow());
      return normalizeEntry(result.entry);
    },
    async getCurExternalContact() {
      await ensureRegistered();
      return (await sdk.getCurExternalContact().catch(rethrow('NO_EXTERNAL_CONTACT'))).userId;
    },
    async getCurExternalChat() {
      await ensureRegistered();
      return (await sdk.getCurExternalChat().catch(rethrow('NO_EXTERNAL_CHAT'))).chatId;
    },
    async sendChatMessage(message) {
      await ensureRegistered();
      await sdk.sendChatMessage(message as Parameters<WwSdk['sendChatMessage']>[0]).catch(rethrow());
    },
    async openLink(url) {
      // Inside WeCom's webview a plain navigation keeps the WeCom identity (a new browser would not).
      deps.location.assign(url);
    },
  };
}
