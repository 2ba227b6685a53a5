import type { SessionInfo } from '@pfs/shared';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import type { Principal } from './principal';
import type { SessionStore } from './session-store';
import { staffView } from './staff-view';

export async function loadPrincipal(prisma: PrismaClient, where: { wecomUserId: string } | { id: string }): Promise<Principal> {
  const staff = await prisma.staff.findUnique({ where, include: { unit: true } });
  if (!staff || !staff.active) throw new AppError('STAFF_NOT_FOUND');
  return {
    staffId: staff.id,
    wecomUserId: staff.wecomUserId,
    name: staff.name,
    roles: staff.roles,
    unit: { id: staff.unit.id, name: staff.unit.name, level: staff.unit.level, parentId: staff.unit.parentId, path: staff.unit.path },
  };
}

/** Opens a session for a staff member already identified (by WeCom login, or by a test). */
export async function openSession(prisma: PrismaClient, sessions: SessionStore, wecomUserId: string): Promise<SessionInfo> {
  const principal = await loadPrincipal(prisma, { wecomUserId });
  const { token, expiresAt } = await sessions.create(principal);
  return { token, expiresAt: expiresAt.toISOString(), staff: staffView(principal) };
}
