/** JSON shapes of contacts and follow relations as the customer-contact APIs return them. */
import type { ExternalContact, FollowRelation, World } from '../../core/world';

export function externalContactJson(c: ExternalContact): Record<string, unknown> {
  const out: Record<string, unknown> = { external_userid: c.externalUserId, name: c.name };
  if (c.type === 2 && c.position) out.position = c.position;
  out.avatar = c.avatar;
  if (c.type === 2) {
    if (c.corpName) out.corp_name = c.corpName;
    if (c.corpFullName) out.corp_full_name = c.corpFullName;
  }
  out.type = c.type;
  out.gender = c.gender;
  // unionid only exists for WeChat users (and only with a bound developer account on the real platform).
  if (c.type === 1 && c.unionid) out.unionid = c.unionid;
  return out;
}

function followCommon(f: FollowRelation): Record<string, unknown> {
  return { userid: f.userid, remark: f.remark, description: f.description, createtime: f.createtime };
}

function followTail(f: FollowRelation): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.remarkCorpName) out.remark_corp_name = f.remarkCorpName;
  out.remark_mobiles = f.remarkMobiles;
  out.oper_userid = f.operUserid;
  out.add_way = f.addWay;
  if (f.state) out.state = f.state;
  return out;
}

/** `follow_user[]` item of externalcontact/get: tags with group and tag names. */
export function followUserJson(world: World, f: FollowRelation): Record<string, unknown> {
  const tags = f.tagIds
    .map((id) => world.tags.get(id))
    .filter((t) => t !== undefined)
    .map((t) => ({ group_name: world.tagGroups.get(t.groupId)?.name ?? '', tag_name: t.name, tag_id: t.id, type: 1 }));
  return { ...followCommon(f), tags, ...followTail(f) };
}

/** `follow_info` of batch/get_by_user: tag ids only. */
export function followInfoJson(f: FollowRelation): Record<string, unknown> {
  return { ...followCommon(f), tag_id: [...f.tagIds], ...followTail(f) };
}
