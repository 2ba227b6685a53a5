import type { HandlerContext, HandlerOutcome } from './handler-context';

interface TagGroupJson {
  group_id: string;
  group_name: string;
  order?: number;
  tag: { id: string; name: string; order?: number }[];
}

/**
 * change_external_tag (create, update, delete, shuffle of a tag or group): the whole catalogue is re-read with
 * get_corp_tag_list, so every change type and any missed event end in the same state. Tags that vanished are
 * marked deleted, never removed (customers' history refers to them).
 */
export async function handleCorpTagsChanged(ctx: HandlerContext): Promise<HandlerOutcome> {
  const r = await ctx.wecom.getCorpTagList();
  const groups = r.tag_group as TagGroupJson[];
  const seen: string[] = [];
  await ctx.prisma.$transaction(async (tx) => {
    for (const g of groups) {
      for (const t of g.tag) {
        seen.push(t.id);
        const data = { groupId: g.group_id, groupName: g.group_name, name: t.name, order: t.order ?? 0, deleted: false };
        await tx.tag.upsert({ where: { id: t.id }, create: { id: t.id, ...data }, update: data });
      }
    }
    await tx.tag.updateMany({ where: { id: { notIn: seen }, deleted: false }, data: { deleted: true } });
  });
  return { outcome: 'applied', note: `tags:${seen.length}` };
}
