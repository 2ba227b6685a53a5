import {
  demoContactSchema,
  demoGroupChatSchema,
  demoLoginCodeSchema,
  demoStaffSchema,
  type DemoContact,
  type DemoGroupChat,
  type DemoStaff,
} from '@pfs/shared';
import * as z from 'zod/mini';
import { loadDemoContext, saveDemoContext, type DemoContext, type StringStorage } from './demo-context-store';
import { fetchJson, type FetchLike } from './fetch-json';
import { PlatformError } from './platform-error';
import { hasExternalContact, type ContextChange, type PlatformBridge } from './types';

export interface DemoBridgeDeps {
  fetch: FetchLike;
  baseUrl: string;
  storage: StringStorage;
  openWindow(url: string): void;
}

/** The switcher panel's handle on the demo bridge (lists from the simulator, and the current choice). */
export interface DemoControls {
  getDemoContext(): DemoContext;
  /** Changing staff clears the customer/group (they belong to the previous staff) and triggers a new login. */
  setDemoContext(patch: Partial<DemoContext>): void;
  listStaff(): Promise<DemoStaff[]>;
  listContacts(wecomUserId: string): Promise<DemoContact[]>;
  listGroupChats(wecomUserId: string): Promise<DemoGroupChat[]>;
}

export type DemoBridge = PlatformBridge & DemoControls;

/**
 * Desktop-browser stand-in for WeCom: the simulator (through the BFF's /api/demo routes) plays the WeCom server,
 * the switcher panel plays the WeCom client (who is logged in, where the page was opened from).
 */
export function createDemoBridge(deps: DemoBridgeDeps): DemoBridge {
  let context = loadDemoContext(deps.storage);
  const listeners = new Set<(change: ContextChange) => void>();
  const url = (path: string) => `${deps.baseUrl}${path}`;

  const listStaff = () => fetchJson(deps.fetch, url('/api/demo/staff'), z.array(demoStaffSchema));

  function update(next: DemoContext, change: ContextChange): void {
    context = next;
    saveDemoContext(deps.storage, context);
    listeners.forEach((listener) => listener(change));
  }

  /**
   * First visit: act as the first staff member listed (the BFF puts the demo's default advisor first), so the demo
   * opens straight into the app.
   */
  async function currentStaffId(): Promise<string> {
    if (context.wecomUserId) return context.wecomUserId;
    const [first] = await listStaff();
    if (!first) throw new PlatformError('DEMO_NOT_READY');
    update({ ...context, wecomUserId: first.wecomUserId }, { staffChanged: false });
    return first.wecomUserId;
  }

  return {
    kind: 'demo',
    async login() {
      const wecomUserId = await currentStaffId();
      const { code } = await fetchJson(deps.fetch, url('/api/demo/login-code'), demoLoginCodeSchema, {
        method: 'POST',
        body: { wecomUserId },
      });
      return code;
    },
    async getContext() {
      return context.entry;
    },
    async getCurExternalContact() {
      // Same rule as WeCom: only single-chat and contact-profile entries have a current customer.
      if (!hasExternalContact(context.entry) || !context.externalUserId) throw new PlatformError('NO_EXTERNAL_CONTACT');
      return context.externalUserId;
    },
    async getCurExternalChat() {
      if (context.entry !== 'group_chat_tools' || !context.chatId) throw new PlatformError('NO_EXTERNAL_CHAT');
      return context.chatId;
    },
    async sendChatMessage(message) {
      const wecomUserId = await currentStaffId();
      const body = {
        wecomUserId,
        externalUserId: hasExternalContact(context.entry) ? context.externalUserId : undefined,
        chatId: context.entry === 'group_chat_tools' ? context.chatId : undefined,
        message,
      };
      await fetchJson(deps.fetch, url('/api/demo/chat-messages'), null, { method: 'POST', body });
    },
    async openLink(link) {
      deps.openWindow(link);
    },
    onContextChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getDemoContext: () => context,
    setDemoContext(patch) {
      const staffChanged = patch.wecomUserId !== undefined && patch.wecomUserId !== context.wecomUserId;
      const next: DemoContext = staffChanged ? { entry: context.entry, ...patch, externalUserId: patch.externalUserId, chatId: patch.chatId } : { ...context, ...patch };
      update(next, { staffChanged });
    },
    listStaff,
    listContacts: (wecomUserId) =>
      fetchJson(deps.fetch, url(`/api/demo/contacts?wecomUserId=${encodeURIComponent(wecomUserId)}`), z.array(demoContactSchema)),
    listGroupChats: (wecomUserId) =>
      fetchJson(deps.fetch, url(`/api/demo/group-chats?wecomUserId=${encodeURIComponent(wecomUserId)}`), z.array(demoGroupChatSchema)),
  };
}
