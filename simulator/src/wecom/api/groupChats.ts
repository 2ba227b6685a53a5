import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ApiError, type ApiDef } from '../../core/errcodeApi';
import type { Sim } from '../../core/sim';
import { parseWith } from '../../core/validate';
import type { GroupChat, GroupChatMember, World } from '../../core/world';
import { decodeCursor, encodeCursor } from './contacts';

const listSchema = z.object({
  /** 0 all (default), 1 owner left and awaiting inheritance, 2 inheriting, 3 inherited. */
  status_filter: z.number().int().min(0).max(3).optional(),
  owner_filter: z.object({ userid_list: z.array(z.string()).max(100).optional() }).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(1000),
});

const getSchema = z.object({ chat_id: z.string().min(1), need_name: z.number().int().min(0).max(1).optional() });

/** The member_version the platform returns (and repeats as LastMemVer/CurMemVer): changes with the member list. */
export function memberVersionOf(members: readonly GroupChatMember[]): string {
  return createHash('md5').update(members.map((m) => m.userid).sort().join(',')).digest('hex').toUpperCase();
}

/** A member record for a corp member or an external contact (a known contact lends its name and unionid). */
export function groupMember(world: World, id: string, joinTime: number, extra: Partial<GroupChatMember> = {}): GroupChatMember {
  const user = world.users.get(id);
  if (user) return { userid: id, type: 1, joinTime, joinScene: 1, groupNickname: '', name: user.name, ...extra };
  const contact = world.contacts.get(id);
  return {
    userid: id,
    type: 2,
    joinTime,
    joinScene: 1,
    groupNickname: '',
    name: contact?.name ?? '微信用户',
    ...(contact?.type === 1 && contact.unionid ? { unionid: contact.unionid } : {}),
    ...extra,
  };
}

function memberJson(m: GroupChatMember, needName: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { userid: m.userid, type: m.type, join_time: m.joinTime, join_scene: m.joinScene };
  if (m.invitor) out.invitor = { userid: m.invitor };
  out.group_nickname = m.groupNickname;
  if (needName) out.name = m.name;
  if (m.type === 2 && m.unionid) out.unionid = m.unionid;
  return out;
}

export function groupChatJson(g: GroupChat, needName: boolean): Record<string, unknown> {
  return {
    chat_id: g.chatId,
    name: g.name,
    owner: g.owner,
    create_time: g.createTime,
    notice: g.notice,
    member_list: g.members.map((m) => memberJson(m, needName)),
    admin_list: g.admins.map((userid) => ({ userid })),
  };
}

/** 客户群: groupchat/list (the app's visible groups, by owner and status, paged) and groupchat/get (one group). */
export function groupChatApis(sim: Sim): Record<string, ApiDef> {
  return {
    'externalcontact/groupchat/list': {
      method: 'POST',
      handle: ({ body }) => {
        const req = parseWith(listSchema, body);
        const owners = req.owner_filter?.userid_list ?? [];
        for (const u of owners) if (!sim.world.users.has(u)) throw new ApiError(40003, u);
        const status = req.status_filter ?? 0;
        const all = [...sim.world.groupChats.values()]
          .filter((g) => (owners.length === 0 || owners.includes(g.owner)) && (status === 0 || g.status === status))
          .sort((a, b) => a.createTime - b.createTime || a.chatId.localeCompare(b.chatId));
        const scope = `groupchat:${status}:${owners.join('|')}`;
        const offset = decodeCursor(req.cursor, scope);
        const page = all.slice(offset, offset + req.limit);
        const out: Record<string, unknown> = { group_chat_list: page.map((g) => ({ chat_id: g.chatId, status: g.status })) };
        if (offset + req.limit < all.length) out.next_cursor = encodeCursor(offset + req.limit, scope);
        return out;
      },
    },
    'externalcontact/groupchat/get': {
      method: 'POST',
      handle: ({ body }) => {
        const req = parseWith(getSchema, body);
        const g = sim.world.groupChats.get(req.chat_id);
        // A dismissed group is gone from the platform: the same answer as an id that never existed.
        if (!g) throw new ApiError(40050, req.chat_id);
        return { group_chat: groupChatJson(g, req.need_name === 1), member_version: g.memberVersion };
      },
    },
  };
}
