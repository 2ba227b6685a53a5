import type { Prisma } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import type { Principal } from './principal';

/**
 * Which customers a caller may see, from the org tree: an advisor only those they follow; a unit manager those
 * followed by anyone in their unit's subtree; an administrator all. Operations and compliance see content only.
 */
export type CustomerScope = { kind: 'all' } | { kind: 'subtree'; unitPath: string } | { kind: 'own'; staffId: string };

export function customerScopeOf(p: Principal): CustomerScope {
  if (p.roles.includes('ADMIN')) return { kind: 'all' };
  if (p.roles.includes('UNIT_MANAGER')) return { kind: 'subtree', unitPath: p.unit.path };
  if (p.roles.includes('ADVISOR')) return { kind: 'own', staffId: p.staffId };
  throw new AppError('FORBIDDEN', '您的角色不能查看客户信息');
}

export function customerWhere(scope: CustomerScope): Prisma.CustomerWhereInput {
  switch (scope.kind) {
    case 'all':
      return {};
    case 'subtree':
      return { relationships: { some: { status: 'ACTIVE', staff: { unit: { path: { startsWith: scope.unitPath } } } } } };
    case 'own':
      return { relationships: { some: { status: 'ACTIVE', staffId: scope.staffId } } };
  }
}
