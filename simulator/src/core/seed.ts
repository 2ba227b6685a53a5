import { z } from 'zod';
import { groupMember, memberVersionOf } from '../wecom/api/groupChats';
import { newChatId, newExternalUserId, newOpenId, newTagId, newUnionId } from './ids';
import type { World } from './world';

export const seedSchema = z.object({
  departments: z
    .array(
      z.object({
        id: z.number().int().positive(),
        name: z.string().min(1),
        nameEn: z.string().optional(),
        parentId: z.number().int().nonnegative().optional(),
        order: z.number().int().optional(),
        leaders: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  users: z
    .array(
      z.object({
        userid: z.string().min(1).max(64),
        name: z.string().min(1),
        department: z.array(z.number().int()).optional(),
        mainDepartment: z.number().int().optional(),
        position: z.string().optional(),
        isLeaderInDept: z.array(z.number().int()).optional(),
        directLeader: z.array(z.string()).optional(),
        status: z.number().int().optional(),
        customerContact: z.boolean().optional(),
      }),
    )
    .optional(),
  tagGroups: z
    .array(
      z.object({
        groupId: z.string().optional(),
        name: z.string().min(1),
        order: z.number().int().optional(),
        tags: z.array(z.object({ id: z.string().optional(), name: z.string().min(1), order: z.number().int().optional() })),
      }),
    )
    .optional(),
  customers: z
    .array(
      z.object({
        externalUserId: z.string().optional(),
        name: z.string().min(1),
        avatar: z.string().optional(),
        gender: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
        unionid: z.string().optional(),
        type: z.union([z.literal(1), z.literal(2)]).optional(),
        corpName: z.string().optional(),
        follows: z
          .array(
            z.object({
              userid: z.string(),
              remark: z.string().optional(),
              description: z.string().optional(),
              /** Tag ids or tag names (names are looked up across groups). */
              tags: z.array(z.string()).optional(),
              state: z.string().optional(),
              createtime: z.number().int().optional(),
              addWay: z.number().int().optional(),
              remarkMobiles: z.array(z.string()).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  /** Customer groups; members are userids or external_userids (names come from the contacts when known). */
  groupChats: z
    .array(
      z.object({
        chatId: z.string().optional(),
        name: z.string().min(1),
        owner: z.string().min(1),
        notice: z.string().optional(),
        createTime: z.number().int().optional(),
        /** userids or external_userids; `{userid, name}` for a WeChat user who is nobody's contact. */
        members: z.array(z.union([z.string().min(1), z.object({ userid: z.string().min(1), name: z.string().min(1) })])),
        admins: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  oaUsers: z
    .array(
      z.object({
        openid: z.string().optional(),
        unionid: z.string().optional(),
        nickname: z.string().optional(),
        sex: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
        headimgurl: z.string().optional(),
        subscribed: z.boolean().optional(),
        snapshot: z.boolean().optional(),
      }),
    )
    .optional(),
  /** OA template ids that exist; when any are listed, template/send rejects others (40037). */
  oaTemplateIds: z.array(z.string()).optional(),
});

export type SeedInput = z.input<typeof seedSchema>;

export interface SeedResult {
  departments: number[];
  users: string[];
  tagGroups: { name: string; groupId: string; tags: { name: string; id: string }[] }[];
  customers: { name: string; externalUserId: string; unionid?: string }[];
  oaUsers: { openid: string; unionid: string; nickname: string }[];
  groupChats: { name: string; chatId: string }[];
}

export const defaultAvatar = (seed: string): string =>
  `https://wework.qpic.cn/wwhead/sim_${encodeURIComponent(seed)}/0`;

/** Adds (or replaces, by id) the given people and tags. Unknown references are errors, not silent gaps. */
export function applySeed(world: World, input: SeedInput, nowSeconds: number): SeedResult {
  const seed = seedSchema.parse(input);
  const result: SeedResult = { departments: [], users: [], tagGroups: [], customers: [], oaUsers: [], groupChats: [] };

  for (const d of seed.departments ?? []) {
    world.departments.set(d.id, {
      id: d.id,
      name: d.name,
      nameEn: d.nameEn,
      parentId: d.parentId ?? (d.id === 1 ? 0 : 1),
      order: d.order ?? 100000000 - d.id,
      leaders: d.leaders ?? [],
    });
    result.departments.push(d.id);
  }
  if (!world.departments.has(1)) world.departments.set(1, { id: 1, name: '模拟银行', parentId: 0, order: 100000000, leaders: [] });

  for (const u of seed.users ?? []) {
    const department = u.department ?? [1];
    for (const id of department) if (!world.departments.has(id)) throw new Error(`user ${u.userid}: unknown department ${id}`);
    world.users.set(u.userid, {
      userid: u.userid,
      name: u.name,
      department,
      mainDepartment: u.mainDepartment ?? department[0] ?? 1,
      position: u.position ?? '',
      isLeaderInDept: u.isLeaderInDept ?? department.map(() => 0),
      directLeader: u.directLeader ?? [],
      status: u.status ?? 1,
      customerContact: u.customerContact ?? true,
    });
    result.users.push(u.userid);
  }

  for (const g of seed.tagGroups ?? []) {
    const groupId = g.groupId ?? newTagId();
    world.tagGroups.set(groupId, { groupId, name: g.name, createTime: nowSeconds, order: g.order ?? 0 });
    const tags = g.tags.map((t) => {
      const id = t.id ?? newTagId();
      world.tags.set(id, { id, groupId, name: t.name, createTime: nowSeconds, order: t.order ?? 0 });
      return { name: t.name, id };
    });
    result.tagGroups.push({ name: g.name, groupId, tags });
  }

  const resolveTag = (ref: string): string => {
    if (world.tags.has(ref)) return ref;
    const byName = [...world.tags.values()].find((t) => t.name === ref);
    if (!byName) throw new Error(`unknown tag ${ref}`);
    return byName.id;
  };

  for (const c of seed.customers ?? []) {
    const externalUserId = c.externalUserId ?? newExternalUserId();
    const type = c.type ?? 1;
    const unionid = type === 1 ? (c.unionid ?? newUnionId()) : undefined;
    world.contacts.set(externalUserId, {
      externalUserId,
      name: c.name,
      avatar: c.avatar ?? defaultAvatar(externalUserId),
      type,
      gender: c.gender ?? 0,
      unionid,
      corpName: c.corpName,
    });
    for (const f of c.follows ?? []) {
      if (!world.users.has(f.userid)) throw new Error(`customer ${c.name}: unknown follow user ${f.userid}`);
      world.follows.set(world.followKey(f.userid, externalUserId), {
        userid: f.userid,
        externalUserId,
        remark: f.remark ?? '',
        description: f.description ?? '',
        createtime: f.createtime ?? nowSeconds,
        tagIds: (f.tags ?? []).map(resolveTag),
        remarkCorpName: '',
        remarkMobiles: f.remarkMobiles ?? [],
        operUserid: f.userid,
        addWay: f.addWay ?? 1,
        state: f.state ?? '',
        half: false,
        deletedByCustomer: false,
      });
    }
    result.customers.push({ name: c.name, externalUserId, unionid });
  }

  for (const g of seed.groupChats ?? []) {
    if (!world.users.has(g.owner)) throw new Error(`group chat ${g.name}: unknown owner ${g.owner}`);
    const chatId = g.chatId ?? newChatId();
    const createTime = g.createTime ?? nowSeconds;
    const others = g.members.map((m) => (typeof m === 'string' ? { userid: m } : m)).filter((m) => m.userid !== g.owner);
    const members = [
      groupMember(world, g.owner, createTime),
      ...others.map((m) => groupMember(world, m.userid, createTime, { invitor: g.owner, ...('name' in m ? { name: m.name } : {}) })),
    ];
    world.groupChats.set(chatId, { chatId, name: g.name, owner: g.owner, createTime, notice: g.notice ?? '', members, admins: g.admins ?? [], status: 0, memberVersion: memberVersionOf(members) });
    result.groupChats.push({ name: g.name, chatId });
  }

  for (const o of seed.oaUsers ?? []) {
    const openid = o.openid ?? newOpenId();
    const user = {
      openid,
      unionid: o.unionid ?? newUnionId(),
      nickname: o.nickname ?? `微信用户${openid.slice(-4)}`,
      sex: o.sex ?? 0,
      province: '',
      city: '',
      country: '',
      headimgurl: o.headimgurl ?? `https://thirdwx.qlogo.cn/mmopen/vi_32/sim_${openid}/132`,
      subscribed: o.subscribed ?? true,
      snapshot: o.snapshot ?? false,
    };
    world.oaUsers.set(openid, user);
    result.oaUsers.push({ openid, unionid: user.unionid, nickname: user.nickname });
  }
  for (const t of seed.oaTemplateIds ?? []) world.oa.templateIds.add(t);
  return result;
}

