import {
  demoChatMessageSchema,
  demoContactSchema,
  demoCrmIdentitySchema,
  demoCustomerAddsAdvisorSchema,
  demoGroupChatSchema,
  demoLoginCodeSchema,
  demoSmsMessageSchema,
  demoStaffSchema,
  type DemoChatMessage,
  type DemoContact,
  type DemoCrmIdentity,
  type DemoGroupChat,
  type DemoSmsMessage,
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
  timing?: DemoBridgeTiming;
}

const DEFAULT_TIMING: DemoBridgeTiming = { contactPollMs: 500, contactPolls: 20 };

/** The switcher panel's handle on the demo bridge (lists from the simulator, and the current choice). */
export interface DemoControls {
  getDemoContext(): DemoContext;
  /** Changing staff clears the customer/group (they belong to the previous staff) and triggers a new login. */
  setDemoContext(patch: Partial<DemoContext>): void;
  listStaff(): Promise<DemoStaff[]>;
  listContacts(wecomUserId: string): Promise<DemoContact[]>;
  listGroupChats(wecomUserId: string): Promise<DemoGroupChat[]>;
  // The customer's side (what a newcomer needs to finish a verification from the panel alone).
  /** A simulated WeChat customer adds this member; resolves with the new contact once it is in the member's list. */
  addCustomer(wecomUserId: string, name: string): Promise<string>;
  /** What was sent into chats (the invitation's link card among them), oldest first. */
  listChatMessages(): Promise<DemoChatMessage[]>;
  /** Called after `sendChatMessage` recorded a message (the panel shows it in the customer's chat). */
  onChatMessage(listener: () => void): () => void;
  /** Demo CRM customers to verify as (the member's own first). */
  listCrmIdentities(wecomUserId?: string): Promise<DemoCrmIdentity[]>;
  /** The simulated phone's SMS inbox, newest first. */
  smsInbox(phone: string): Promise<DemoSmsMessage[]>;
}

export interface DemoBridgeTiming {
  /** How often, and how many times, `addCustomer` looks for the new contact (the callback is applied by a queue). */
  contactPollMs: number;
  contactPolls: number;
}

export type DemoBridge = PlatformBridge & DemoControls;

/**
 * Desktop-browser stand-in for WeCom: the simulator (through the BFF's /api/demo routes) plays the WeCom server,
 * the switcher panel plays the WeCom client (who is logged in, where the page was opened from).
 */
export function createDemoBridge(deps: DemoBridgeDeps): DemoBridge {
  let context = loadDemoContext(deps.storage);
  const listeners = new Set<(change: ContextChange) => void>();
  const messageListeners = new Set<() => void>();
  const timing = deps.timing ?? DEFAULT_TIMING;
  const url = (path: string) => `${deps.baseUrl}${path}`;

  const listStaff = () => fetchJson(deps.fetch, url('/api/demo/staff'), z.array(demoStaffSchema));
  const listContacts = (wecomUserId: string) =>
    fetchJson(deps.fetch, url(`/api/demo/contacts?wecomUserId=${encodeURIComponent(wecomUserId)}`), z.array(demoContactSchema));

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
      messageListeners.forEach((listener) => listener());
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
    listContacts,
    listGroupChats: (wecomUserId) =>
      fetchJson(deps.fetch, url(`/api/demo/group-chats?wecomUserId=${encodeURIComponent(wecomUserId)}`), z.array(demoGroupChatSchema)),
    async addCustomer(wecomUserId, name) {
      const { externalUserId } = await fetchJson(deps.fetch, url('/api/demo/customer-adds-advisor'), demoCustomerAddsAdvisorSchema, {
        method: 'POST',
        body: { userId: wecomUserId, name },
      });
      // The WeCom callback is recorded at once and applied by the queue right after: wait until it is applied.
      for (let i = 0; i < timing.contactPolls; i += 1) {
        if ((await listContacts(wecomUserId)).some((c) => c.externalUserId === externalUserId)) return externalUserId;
        await new Promise((resolve) => setTimeout(resolve, timing.contactPollMs));
      }
      throw new PlatformError('PLATFORM_CALL_FAILED', 'the new contact did not reach the list');
    },
    listChatMessages: () => fetchJson(deps.fetch, url('/api/demo/chat-messages'), z.array(demoChatMessageSchema)),
    onChatMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    listCrmIdentities: (wecomUserId) =>
      fetchJson(
        deps.fetch,
        url(`/api/demo/crm-identities${wecomUserId ? `?wecomUserId=${encodeURIComponent(wecomUserId)}` : ''}`),
        z.array(demoCrmIdentitySchema),
      ),
    smsInbox: (phone) => fetchJson(deps.fetch, url(`/api/demo/sms-inbox?phone=${encodeURIComponent(phone)}`), z.array(demoSmsMessageSchema)),
  };
}
