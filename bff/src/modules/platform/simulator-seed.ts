import type { SeedInput } from '@pfs/simulator';
import type { PrismaClient } from '../../generated/prisma/client';
import { demoGroupChats } from './simulator-groups';

/** Demo-size worlds only: the simulator keeps everything in memory. */
export const MAX_SIMULATED_CONTACTS = 3000;

/**
 * The simulator's WeCom world from the BFF's own data: departments from the org units, members from the active
 * staff, external contacts from the customers that have a WeCom external_userid, followed by their advisors.
 */
export async function simulatorSeedFromDatabase(prisma: PrismaClient, maxContacts = MAX_SIMULATED_CONTACTS): Promise<SeedInput> {
  const units = await prisma.orgUnit.findMany({ orderBy: { path: 'asc' } });
  const deptOf = new Map(units.map((u) => [u.id, u.wecomDepartmentId]));
  const departments = units
    .filter((u): u is typeof u & { wecomDepartmentId: number } => u.wecomDepartmentId !== null)
    .map((u) => ({
      id: u.wecomDepartmentId,
      name: u.name,
      ...(u.wecomDepartmentId === 1 ? {} : { parentId: (u.parentId && deptOf.get(u.parentId)) || 1 }),
    }));
  const known = new Set(departments.map((d) => d.id));

  const staff = await prisma.staff.findMany({ where: { active: true }, select: { wecomUserId: true, name: true, unitId: true }, orderBy: { wecomUserId: 'asc' } });
  const users = staff.map((s) => {
    const dept = deptOf.get(s.unitId);
    return { userid: s.wecomUserId, name: s.name, department: [dept && known.has(dept) ? dept : 1] };
  });
  const userIds = new Set(users.map((u) => u.userid));

  const tags = await prisma.tag.findMany({ where: { deleted: false }, orderBy: [{ groupId: 'asc' }, { order: 'desc' }] });
  const tagGroups = [...new Set(tags.map((t) => t.groupId))].map((groupId) => {
    const inGroup = tags.filter((t) => t.groupId === groupId);
    return { groupId, name: inGroup[0]!.groupName, tags: inGroup.map((t) => ({ id: t.id, name: t.name, order: t.order })) };
  });

  const customers = await prisma.customer.findMany({
    where: { externalUserId: { not: null }, relationships: { some: { status: 'ACTIVE' } } },
    select: {
      externalUserId: true,
      displayName: true,
      verifiedAt: true,
      relationships: { where: { status: 'ACTIVE' }, select: { remark: true, staffId: true, staff: { select: { wecomUserId: true } } } },
      tags: { select: { tagId: true, staffId: true } },
    },
    orderBy: { externalUserId: 'asc' },
    take: maxContacts,
  });
  const seedCustomers = customers.map((c) => ({
    externalUserId: c.externalUserId ?? undefined,
    name: c.displayName,
    follows: c.relationships
      .filter((r) => userIds.has(r.staff.wecomUserId))
      .map((r) => {
        const tagIds = c.tags.filter((t) => t.staffId === r.staffId).map((t) => t.tagId);
        return { userid: r.staff.wecomUserId, ...(r.remark ? { remark: r.remark } : {}), ...(tagIds.length ? { tags: tagIds } : {}) };
      }),
  }));
  return {
    departments,
    users,
    tagGroups,
    customers: seedCustomers,
    groupChats: demoGroupChats(
      seedCustomers,
      new Map(users.map((u) => [u.userid, u.name])),
      new Set(customers.filter((c) => c.verifiedAt !== null).map((c) => c.externalUserId ?? '')),
    ),
  };
}
