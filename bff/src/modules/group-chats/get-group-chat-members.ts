import type { GroupChatMembers } from '@pfs/shared';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { maskName } from '../../lib/pii';
import { customerScopeOf, customerWhere, type CustomerScope } from '../auth/data-scope';
import type { Principal } from '../auth/principal';
import type { WecomClient } from '../wecom/wecom-client';
import { syncGroupChat } from './group-chat-sync';

export interface GroupChatMembersDeps {
  prisma: PrismaClient;
  /** Reads a group not seen yet (created before the app was installed); null: only what events brought. */
  wecom: WecomClient | null;
  now: Date;
}

/**
 * Who may look into a group: an administrator any; an advisor one they own or are in; a unit manager one whose owner
 * or a staff member in it belongs to their subtree (or that they are in themselves).
 */
async function mayView(prisma: PrismaClient, p: Principal, scope: CustomerScope, staffIds: string[]): Promise<boolean> {
  if (scope.kind === 'all' || staffIds.includes(p.wecomUserId)) return true;
  if (scope.kind === 'own') return false;
  const inSubtree = await prisma.staff.count({ where: { wecomUserId: { in: staffIds }, unit: { path: { startsWith: scope.unitPath } } } });
  return inSubtree > 0;
}

/**
 * The sidebar in a group chat: the group's customers with their verification status. A group the caller may not
 * see answers exactly like one that does not exist. Customers outside the caller's scope show only a masked name.
 */
export async function getGroupChatMembers(deps: GroupChatMembersDeps, p: Principal, chatId: string): Promise<GroupChatMembers> {
  const scope = customerScopeOf(p);
  const load = () => deps.prisma.groupChat.findUnique({ where: { chatId }, include: { members: { orderBy: [{ joinedAt: 'asc' }, { memberId: 'asc' }] } } });
  let group = await load();
  if (!group && deps.wecom) {
    if ((await syncGroupChat(deps.prisma, deps.wecom, chatId, deps.now)).kind === 'stored') group = await load();
  }
  if (!group || group.dismissedAt) throw new AppError('GROUP_CHAT_NOT_FOUND');
  const staffIds = [...new Set([group.ownerUserId, ...group.members.filter((m) => m.type === 1).map((m) => m.memberId)])];
  if (!(await mayView(deps.prisma, p, scope, staffIds))) throw new AppError('GROUP_CHAT_NOT_FOUND');

  const external = group.members.filter((m) => m.type === 2);
  const visible = await deps.prisma.customer.findMany({
    where: { AND: [{ externalUserId: { in: external.map((m) => m.memberId) } }, customerWhere(scope)] },
    select: { id: true, externalUserId: true, displayName: true, verifiedAt: true, crm: { select: { name: true } } },
  });
  const byExternalId = new Map(visible.map((c) => [c.externalUserId, c]));
  const owner = await deps.prisma.staff.findUnique({ where: { wecomUserId: group.ownerUserId }, select: { name: true } });
  return {
    chatId: group.chatId,
    name: group.name,
    ownerName: owner?.name ?? null,
    staffCount: staffIds.length,
    customers: external.map((m) => {
      const c = byExternalId.get(m.memberId);
      const joinedAt = m.joinedAt.toISOString();
      if (!c) return { displayName: maskName(m.name ?? m.groupNickname ?? '微信用户'), inScope: false, customerId: null, nameMasked: null, verified: null, joinedAt };
      const verified = c.verifiedAt !== null;
      return { displayName: c.displayName, inScope: true, customerId: c.id, nameMasked: verified && c.crm ? maskName(c.crm.name) : null, verified, joinedAt };
    }),
  };
}
