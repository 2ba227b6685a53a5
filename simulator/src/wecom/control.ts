import { createHash } from 'node:crypto';
import { randomString, URL_SAFE } from '../core/ids';
import type { Sim } from '../core/sim';
import type { ApiCall, DeliveryRecord, ExternalContact, FollowRelation, GroupChat, SentAppMessage, WelcomeMessageRecord } from '../core/world';
import { groupJson } from './api/tags';
import { verifyCallbackUrl, type UrlVerificationResult } from './callbacks';
import type { XmlFields } from './events';
import { groupChatChanged, type GroupChatChangeInput, type GroupChatChangeResult } from './groupChats';
import {
  People,
  type ContactRef,
  type CustomerAddsAdvisorInput,
  type CustomerAddsAdvisorResult,
  type EditContactInput,
  type EventResult,
  type TagChangeInput,
  type TagChangeResult,
} from './people';

const CODE_TTL_MS = 5 * 60 * 1000;

/** sha1("jsapi_ticket=T&noncestr=N&timestamp=TS&url=U"), raw values, URL without #fragment. */
export function jsapiSignature(ticket: string, nonceStr: string, timestamp: string | number, url: string): string {
  const bare = url.split('#')[0] ?? url;
  return createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${bare}`).digest('hex');
}

export interface WecomControl {
  setCallbackUrl(url: string | undefined): void;
  callbackUrl(): string | undefined;
  /** Calls per API name (the path below /cgi-bin/, e.g. "gettoken", "externalcontact/get"). */
  calls(): Record<string, number>;
  callLog(): ApiCall[];
  /** The next `count` calls to `api` ('*' = any) answer `errcode` (e.g. 45009 rate limit, -1 busy). */
  failNext(api: string, errcode: number, count?: number): void;
  /** Every issued access token now answers 42001. */
  expireTokens(): void;
  /** Every issued access token now answers 40014 (early invalidation). */
  invalidateTokens(): void;
  /** A `wx.qy.login` code for this member: single use, 5 minutes, for miniprogram/jscode2session. */
  loginCode(userid: string): string;
  /** Member "using the WeCom browser" for OAuth with appid = corpid (auth/getuserinfo). */
  setBrowserUser(userid: string | undefined): void;
  customerAddsAdvisor(input: CustomerAddsAdvisorInput): CustomerAddsAdvisorResult;
  advisorEditsContact(input: EditContactInput): EventResult | null;
  customerDeletesAdvisor(ref: ContactRef): EventResult;
  advisorDeletesCustomer(ref: ContactRef, options?: { byTransfer?: boolean }): EventResult;
  transferFails(ref: ContactRef, reason: 'customer_refused' | 'customer_limit_exceed'): EventResult;
  tagChanged(input: TagChangeInput): TagChangeResult;
  /** A customer group is created, changes (members, name, notice, owner) or is dismissed: change_external_chat. */
  groupChatChanged(input: GroupChatChangeInput): GroupChatChangeResult;
  /** Customer groups, oldest first; with a userid only those it owns or is a member of (what its client lists). */
  groupChats(userid?: string): GroupChat[];
  emitEvent(event: string, fields: XmlFields, options?: { fromUserName?: string }): EventResult;
  verifyUrl(url?: string): Promise<UrlVerificationResult>;
  deliveries(): DeliveryRecord[];
  messages(): SentAppMessage[];
  welcomeMessages(): WelcomeMessageRecord[];
  /** Corp tags as get_corp_tag_list shows them. */
  tagGroups(): Record<string, unknown>[];
  contact(externalUserId: string): { contact: ExternalContact; follows: FollowRelation[] } | undefined;
  /** Checks a wx.config (kind 'corp') or wx.agentConfig (kind 'agent') signature against the live tickets. */
  verifyJsapiSignature(input: { kind: 'corp' | 'agent'; url: string; nonceStr: string; timestamp: string | number; signature: string }): boolean;
}

export function createWecomControl(sim: Sim): WecomControl {
  const people = new People(sim);
  return {
    setCallbackUrl: (url) => {
      sim.runtime.wecomCallbackUrl = url;
    },
    callbackUrl: () => sim.runtime.wecomCallbackUrl,
    calls: () => sim.world.wecom.calls.counts(),
    callLog: () => [...sim.world.wecom.calls.entries],
    failNext: (api, errcode, count = 1) => sim.world.wecom.faults.add(api, errcode, count),
    expireTokens: () => {
      const now = sim.clock.now();
      for (const t of sim.world.wecom.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
    },
    invalidateTokens: () => {
      for (const t of sim.world.wecom.tokens.values()) t.revoked = true;
    },
    loginCode: (userid) => {
      if (!sim.world.users.has(userid)) throw new Error(`unknown userid ${userid}`);
      const code = randomString(32, URL_SAFE);
      sim.world.wecom.loginCodes.set(code, { value: userid, expiresAt: sim.clock.now() + CODE_TTL_MS, used: false });
      return code;
    },
    setBrowserUser: (userid) => {
      if (userid !== undefined && !sim.world.users.has(userid)) throw new Error(`unknown userid ${userid}`);
      sim.world.wecom.browserUser = userid;
    },
    customerAddsAdvisor: (input) => people.customerAddsAdvisor(input),
    advisorEditsContact: (input) => people.advisorEditsContact(input),
    customerDeletesAdvisor: (ref) => people.customerDeletesAdvisor(ref),
    advisorDeletesCustomer: (ref, options) => people.advisorDeletesCustomer(ref, options),
    transferFails: (ref, reason) => people.transferFails(ref, reason),
    tagChanged: (input) => people.tagChanged(input),
    groupChatChanged: (input) => groupChatChanged(sim, input),
    groupChats: (userid) =>
      [...sim.world.groupChats.values()]
        .filter((g) => userid === undefined || g.members.some((m) => m.userid === userid))
        .sort((a, b) => a.createTime - b.createTime || a.chatId.localeCompare(b.chatId)),
    emitEvent: (event, fields, options) => people.emitEvent(event, fields, options),
    verifyUrl: (url) => verifyCallbackUrl(sim, url),
    deliveries: () => [...sim.world.wecom.deliveries],
    messages: () => [...sim.world.wecom.messages],
    welcomeMessages: () => [...sim.world.wecom.welcomeMessages],
    tagGroups: () =>
      [...sim.world.tagGroups.values()].sort((a, b) => b.order - a.order).map((g) => groupJson(g, sim.world.tagsOfGroup(g.groupId))),
    contact: (externalUserId) => {
      const contact = sim.world.contacts.get(externalUserId);
      return contact ? { contact, follows: sim.world.followsOf(externalUserId) } : undefined;
    },
    verifyJsapiSignature: ({ kind, url, nonceStr, timestamp, signature }) => {
      const now = sim.clock.now();
      return [...sim.world.wecom.tickets.values()].some(
        (t) => t.kind === kind && !t.revoked && t.expiresAt > now && jsapiSignature(t.token, nonceStr, timestamp, url) === signature,
      );
    },
  };
}
