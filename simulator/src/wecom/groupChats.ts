/**
 * What people do with customer groups in the WeCom client (create, invite or remove members, rename, hand over,
 * dismiss). Each action changes the world and then sends the change_external_chat callback the platform sends.
 */
import { newChatId } from '../core/ids';
import type { Sim } from '../core/sim';
import type { GroupChat } from '../core/world';
import { groupMember, memberVersionOf } from './api/groupChats';
import { deliverWecomEvent } from './callbacks';
import { externalChatEvent, fieldsToObject, type ExternalChatChange } from './events';
import type { EventResult } from './people';

export type GroupChatChangeInput =
  | { action: 'create'; owner: string; name: string; members?: string[]; notice?: string; chatId?: string }
  | { action: 'add_member'; chatId: string; members: string[]; invitor?: string; viaQrCode?: boolean }
  | { action: 'del_member'; chatId: string; members: string[]; removed?: boolean }
  | { action: 'change_name'; chatId: string; name: string }
  | { action: 'change_notice'; chatId: string; notice: string }
  | { action: 'change_owner'; chatId: string; owner: string }
  | { action: 'dismiss'; chatId: string };

export interface GroupChatChangeResult extends EventResult {
  chatId: string;
}

export function groupChatChanged(sim: Sim, input: GroupChatChangeInput): GroupChatChangeResult {
  const w = sim.world;
  const now = sim.clock.nowSeconds();
  const requireChat = (chatId: string): GroupChat => {
    const g = w.groupChats.get(chatId);
    if (!g) throw new Error(`unknown group chat ${chatId}`);
    return g;
  };
  const requireUser = (userid: string): void => {
    if (!w.users.has(userid)) throw new Error(`unknown userid ${userid}`);
  };
  let change: ExternalChatChange;
  switch (input.action) {
    case 'create': {
      requireUser(input.owner);
      const chatId = input.chatId ?? newChatId();
      if (w.groupChats.has(chatId)) throw new Error(`group chat ${chatId} exists`);
      const ids = [input.owner, ...(input.members ?? []).filter((m) => m !== input.owner)];
      const members = ids.map((id, i) => groupMember(w, id, now, i === 0 ? {} : { invitor: input.owner }));
      w.groupChats.set(chatId, { chatId, name: input.name, owner: input.owner, createTime: now, notice: input.notice ?? '', members, admins: [], status: 0, memberVersion: memberVersionOf(members) });
      change = { changeType: 'create', chatId };
      break;
    }
    case 'add_member':
    case 'del_member': {
      const g = requireChat(input.chatId);
      const lastMemVer = g.memberVersion;
      const present = new Set(g.members.map((m) => m.userid));
      if (input.action === 'add_member') {
        const fresh = input.members.filter((m) => !present.has(m));
        if (fresh.length === 0) throw new Error('every member is already in the group');
        const invitor = input.viaQrCode ? undefined : (input.invitor ?? g.owner);
        if (invitor) requireUser(invitor);
        g.members.push(...fresh.map((id) => groupMember(w, id, now, { joinScene: input.viaQrCode ? 3 : 1, ...(invitor ? { invitor } : {}) })));
        g.memberVersion = memberVersionOf(g.members);
        change = { changeType: 'update', updateDetail: 'add_member', chatId: g.chatId, joinScene: input.viaQrCode ? 3 : 0, memChangeList: fresh, lastMemVer, curMemVer: g.memberVersion };
      } else {
        const gone = input.members.filter((m) => present.has(m) && m !== g.owner);
        if (gone.length === 0) throw new Error('none of these members can leave the group (the owner cannot)');
        g.members = g.members.filter((m) => !gone.includes(m.userid));
        g.admins = g.admins.filter((a) => !gone.includes(a));
        g.memberVersion = memberVersionOf(g.members);
        change = { changeType: 'update', updateDetail: 'del_member', chatId: g.chatId, quitScene: input.removed ? 1 : 0, memChangeList: gone, lastMemVer, curMemVer: g.memberVersion };
      }
      break;
    }
    case 'change_name':
      requireChat(input.chatId).name = input.name;
      change = { changeType: 'update', updateDetail: 'change_name', chatId: input.chatId };
      break;
    case 'change_notice':
      requireChat(input.chatId).notice = input.notice;
      change = { changeType: 'update', updateDetail: 'change_notice', chatId: input.chatId };
      break;
    case 'change_owner': {
      const g = requireChat(input.chatId);
      requireUser(input.owner);
      if (!g.members.some((m) => m.userid === input.owner)) {
        g.members.push(groupMember(w, input.owner, now, { invitor: g.owner }));
        g.memberVersion = memberVersionOf(g.members);
      }
      g.owner = input.owner;
      g.admins = g.admins.filter((a) => a !== input.owner);
      change = { changeType: 'update', updateDetail: 'change_owner', chatId: g.chatId };
      break;
    }
    case 'dismiss':
      requireChat(input.chatId);
      w.groupChats.delete(input.chatId);
      change = { changeType: 'dismiss', chatId: input.chatId };
      break;
  }
  const fields = externalChatEvent({ corpId: sim.credentials.wecom.corpId, createTime: now }, change);
  return { ...deliverWecomEvent(sim, fields), event: fieldsToObject(fields), chatId: change.chatId };
}
