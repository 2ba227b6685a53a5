import { z } from 'zod';
import { ApiError, type ApiDef } from '../../core/errcodeApi';
import { newTagId } from '../../core/ids';
import type { Sim } from '../../core/sim';
import { parseWith } from '../../core/validate';
import type { CorpTag, TagGroup } from '../../core/world';

const listSchema = z.object({ tag_id: z.array(z.string()).optional(), group_id: z.array(z.string()).optional() });

const addSchema = z
  .object({
    group_id: z.string().optional(),
    group_name: z.string().min(1).max(30).optional(),
    order: z.number().int().optional(),
    tag: z.array(z.object({ name: z.string().min(1).max(30), order: z.number().int().optional() })).min(1),
    agentid: z.number().int().optional(),
  })
  .refine((v) => v.group_id !== undefined || v.group_name !== undefined, { message: 'group_id or group_name required', path: ['group_name'] });

const markSchema = z.object({
  userid: z.string().min(1),
  external_userid: z.string().min(1),
  add_tag: z.array(z.string()).optional(),
  remove_tag: z.array(z.string()).optional(),
});

export function groupJson(g: TagGroup, tags: CorpTag[]): Record<string, unknown> {
  return {
    group_id: g.groupId,
    group_name: g.name,
    create_time: g.createTime,
    order: g.order,
    deleted: false,
    tag: tags.map((t) => ({ id: t.id, name: t.name, create_time: t.createTime, order: t.order, deleted: false })),
  };
}

export function tagApis(sim: Sim): Record<string, ApiDef> {
  return {
    'externalcontact/get_corp_tag_list': {
      method: 'POST',
      emptyBodyAsObject: true,
      handle: ({ body }) => {
        const req = parseWith(listSchema, body);
        const w = sim.world;
        const groups = [...w.tagGroups.values()].sort((a, b) => b.order - a.order);
        // tag_id wins over group_id when both are given, as documented.
        if (req.tag_id && req.tag_id.length > 0) {
          const wanted = new Set(req.tag_id);
          return {
            tag_group: groups
              .map((g) => ({ g, tags: w.tagsOfGroup(g.groupId).filter((t) => wanted.has(t.id)) }))
              .filter((x) => x.tags.length > 0)
              .map((x) => groupJson(x.g, x.tags)),
          };
        }
        const groupFilter = req.group_id && req.group_id.length > 0 ? new Set(req.group_id) : undefined;
        return {
          tag_group: groups.filter((g) => !groupFilter || groupFilter.has(g.groupId)).map((g) => groupJson(g, w.tagsOfGroup(g.groupId))),
        };
      },
    },
    'externalcontact/add_corp_tag': {
      method: 'POST',
      handle: ({ body }) => {
        const req = parseWith(addSchema, body);
        if (req.agentid !== undefined && req.agentid !== sim.credentials.wecom.agentId) throw new ApiError(40056);
        const w = sim.world;
        const now = sim.clock.nowSeconds();
        let group: TagGroup | undefined;
        if (req.group_id !== undefined) {
          group = w.tagGroups.get(req.group_id);
          if (!group) throw new ApiError(40068, `group ${req.group_id}`);
        } else {
          // An existing group_name adds the tags into that group.
          group = [...w.tagGroups.values()].find((g) => g.name === req.group_name);
        }
        const existingNames = new Set(group ? w.tagsOfGroup(group.groupId).map((t) => t.name) : []);
        const newNames = new Set<string>();
        for (const t of req.tag) {
          if (existingNames.has(t.name) || newNames.has(t.name)) throw new ApiError(40071, t.name);
          newNames.add(t.name);
        }
        if (!group) {
          group = { groupId: newTagId(), name: req.group_name ?? '', createTime: now, order: req.order ?? 0 };
          w.tagGroups.set(group.groupId, group);
        }
        const created = req.tag.map((t) => {
          const tag: CorpTag = { id: newTagId(), groupId: group.groupId, name: t.name, createTime: now, order: t.order ?? 0 };
          w.tags.set(tag.id, tag);
          return tag;
        });
        const json = groupJson(group, created);
        delete json.deleted;
        (json.tag as Record<string, unknown>[]).forEach((t) => delete t.deleted);
        return { tag_group: json };
      },
    },
    'externalcontact/mark_tag': {
      method: 'POST',
      handle: ({ body }) => {
        const req = parseWith(markSchema, body);
        const w = sim.world;
        if (!w.users.has(req.userid)) throw new ApiError(40003);
        if (!w.contacts.has(req.external_userid)) throw new ApiError(40096);
        const f = w.follow(req.userid, req.external_userid);
        if (!f) throw new ApiError(84061);
        const add = req.add_tag ?? [];
        const remove = req.remove_tag ?? [];
        if (add.length === 0 && remove.length === 0) throw new ApiError(40058, 'add_tag and remove_tag are both empty');
        for (const id of [...add, ...remove]) if (!w.tags.has(id)) throw new ApiError(40068, id);
        // No callback: API operations never produce edit_external_contact.
        const set = new Set(f.tagIds);
        for (const id of add) set.add(id);
        for (const id of remove) set.delete(id);
        f.tagIds = [...set];
        return {};
      },
    },
  };
}
