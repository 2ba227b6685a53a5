import type { Prisma } from '../../generated/prisma/client';
import type { HandlerContext } from './handler-context';

interface FollowUser {
  userid: string;
  remark?: string;
  state?: string;
  add_way?: number;
  createtime?: number;
  tags?: { tag_id?: string; type?: number }[];
}

export interface ContactDetails {
  name: string;
  avatar?: string;
  unionid?: string;
  follow?: FollowUser;
}

/** externalcontact/get, reduced to the contact and the one follow relation with this advisor. */
export async function fetchContactDetails(ctx: HandlerContext, externalUserId: string, userId: string): Promise<ContactDetails> {
  const r = await ctx.wecom.getExternalContact(externalUserId);
  const c = r.external_contact;
  const follow = (r.follow_user as unknown as FollowUser[]).find((f) => f.userid === userId);
  return {
    name: c.name,
    avatar: typeof c.avatar === 'string' ? c.avatar : undefined,
    unionid: typeof c.unionid === 'string' ? c.unionid : undefined,
    follow,
  };
}

/** The contact as a customer row; unionid only when no other customer holds it already. */
export async function upsertCustomer(tx: Prisma.TransactionClient, externalUserId: string, d: ContactDetails): Promise<string> {
  const unionOwner = d.unionid ? await tx.customer.findUnique({ where: { unionid: d.unionid }, select: { externalUserId: true } }) : null;
  const unionid = d.unionid && (!unionOwner || unionOwner.externalUserId === externalUserId) ? d.unionid : undefined;
  const c = await tx.customer.upsert({
    where: { externalUserId },
    create: { externalUserId, displayName: d.name, avatarUrl: d.avatar, unionid },
    update: { displayName: d.name, avatarUrl: d.avatar, ...(unionid ? { unionid } : {}) },
    select: { id: true },
  });
  return c.id;
}

/** The advisor's corp tags on this contact, limited to tags our catalogue knows. */
export async function syncCustomerTags(tx: Prisma.TransactionClient, customerId: string, staffId: string, follow: FollowUser | undefined): Promise<void> {
  if (!follow) return;
  const wanted = (follow.tags ?? []).filter((t) => t.type === 1 && t.tag_id).map((t) => t.tag_id as string);
  const known = wanted.length ? await tx.tag.findMany({ where: { id: { in: wanted }, deleted: false }, select: { id: true } }) : [];
  const keep = known.map((t) => t.id);
  await tx.customerTag.deleteMany({ where: { customerId, staffId, tagId: { notIn: keep } } });
  if (keep.length) await tx.customerTag.createMany({ data: keep.map((tagId) => ({ customerId, tagId, staffId })), skipDuplicates: true });
}
