import type { CorpTagRef } from '@pfs/shared';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { currentKeyOf, decryptPii, type PiiKeys } from '../../lib/pii';
import type { CustomerScope } from '../auth/data-scope';
import { customerWhere } from '../auth/data-scope';
import type { Principal } from '../auth/principal';
import type { WecomClient } from '../wecom/wecom-client';
import { WecomApiError, WecomUnavailableError } from '../wecom/wecom-errors';
import type { Catalogue } from './catalogue-cache';

export interface TagChange {
  corpTags: CorpTagRef[];
  added: string[];
  removed: string[];
}

/**
 * Replaces a customer's corp tags. Only the advisor who follows the customer may: WeCom tags belong to the follow
 * relationship, so the change goes to WeCom first (`externalcontact/mark_tag`, the add/remove difference) and is
 * recorded only once WeCom took it. A manager who can see the customer gets 403; anyone else 404.
 */
export async function setCustomerTags(
  prisma: PrismaClient,
  wecom: WecomClient | null,
  catalogue: Catalogue,
  principal: Principal,
  scope: CustomerScope | null,
  customerId: string,
  tagIds: string[],
): Promise<TagChange> {
  const rel = await prisma.advisorCustomer.findFirst({
    where: { customerId, staffId: principal.staffId, status: 'ACTIVE' },
    select: { customer: { select: { externalUserId: true, tags: { select: { tagId: true } } } } },
  });
  if (!rel) {
    const visible = scope ? await prisma.customer.count({ where: { AND: [{ id: customerId }, customerWhere(scope)] } }) : 0;
    if (visible) throw new AppError('FORBIDDEN', '只有跟进该客户的客户经理可以修改标签');
    throw new AppError('CUSTOMER_NOT_FOUND');
  }
  const wanted = [...new Set(tagIds)];
  const unknown = wanted.filter((id) => !catalogue.tagIds.has(id));
  if (unknown.length) throw new AppError('TAG_NOT_FOUND', undefined, { tagIds: unknown });
  const current = new Set(rel.customer.tags.map((t) => t.tagId));
  const added = wanted.filter((id) => !current.has(id));
  const removed = [...current].filter((id) => !wanted.includes(id));

  if (added.length || removed.length) {
    const externalUserId = rel.customer.externalUserId;
    if (!externalUserId) throw new AppError('BAD_REQUEST', '该客户没有企业微信联系人，无法同步标签');
    if (!wecom) throw new AppError('UPSTREAM_UNAVAILABLE', '企业微信未配置，无法同步标签');
    try {
      await wecom.markTag({
        userid: principal.wecomUserId,
        external_userid: externalUserId,
        ...(added.length ? { add_tag: added } : {}),
        ...(removed.length ? { remove_tag: removed } : {}),
      });
    } catch (err) {
      if (err instanceof WecomApiError || err instanceof WecomUnavailableError) throw new AppError('UPSTREAM_UNAVAILABLE', '企业微信同步标签失败，请稍后重试');
      throw err;
    }
    await prisma.$transaction([
      prisma.customerTag.deleteMany({ where: { customerId, tagId: { in: removed } } }),
      prisma.customerTag.createMany({ data: added.map((tagId) => ({ customerId, tagId, staffId: principal.staffId })), skipDuplicates: true }),
    ]);
  }
  const rows = await prisma.customerTag.findMany({
    where: { customerId, tag: { deleted: false } },
    select: { tag: { select: { id: true, name: true, groupName: true, groupId: true, order: true } } },
  });
  const corpTags = rows
    .map((r) => r.tag)
    .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : b.order - a.order || (a.id < b.id ? -1 : 1)))
    .map((t) => ({ id: t.id, name: t.name, groupName: t.groupName }));
  return { corpTags, added, removed };
}

/**
 * Who may see a full ID number, and of whom (README, "Who may reveal an ID number"): a unit manager the customers of
 * their subtree; compliance those of its unit's subtree (the branch), and only for a case (`caseRef`, kept in the
 * audit row). Administrators and advisors never: the route refuses them before this.
 */
export function revealScopeOf(p: Principal, caseRef: string | undefined): CustomerScope {
  if (p.roles.includes('COMPLIANCE') && caseRef) return { kind: 'subtree', unitPath: p.unit.path };
  if (p.roles.includes('UNIT_MANAGER')) return { kind: 'subtree', unitPath: p.unit.path };
  if (p.roles.includes('COMPLIANCE')) throw new AppError('CASE_REFERENCE_REQUIRED');
  throw new AppError('FORBIDDEN');
}

/** The full ID number of a verified customer in scope (the caller writes the audit record before answering). */
export async function readIdNumber(prisma: PrismaClient, keys: PiiKeys, scope: CustomerScope, customerId: string): Promise<string> {
  const row = await prisma.customer.findFirst({ where: { AND: [{ id: customerId }, customerWhere(scope)] }, select: { idNumberEnc: true } });
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND');
  if (!row.idNumberEnc) throw new AppError('NOT_FOUND', '该客户尚未实名认证，没有身份证号');
  return decryptPii(currentKeyOf(keys), row.idNumberEnc);
}
