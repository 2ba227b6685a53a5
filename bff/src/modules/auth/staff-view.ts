import type { Staff } from '@pfs/shared';
import type { Principal } from './principal';

export function staffView(p: Principal): Staff {
  return {
    id: p.staffId,
    wecomUserId: p.wecomUserId,
    name: p.name,
    unit: { id: p.unit.id, name: p.unit.name, level: p.unit.level, parentId: p.unit.parentId },
    roles: p.roles,
  };
}
