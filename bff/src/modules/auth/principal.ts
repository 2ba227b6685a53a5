import type { Role, UnitLevel } from '@pfs/shared';

/** Who is calling: a snapshot of the staff member taken at login and kept with the session. */
export interface Principal {
  staffId: string;
  wecomUserId: string;
  name: string;
  roles: Role[];
  unit: { id: string; name: string; level: UnitLevel; parentId: string | null; path: string };
}

export function hasAnyRole(p: Principal, roles: readonly Role[]): boolean {
  return p.roles.some((r) => roles.includes(r));
}
