import { customerProfileSchema } from '@pfs/shared';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app';

// The profile's ownership conflict: the CRM names another owner than the WeCom follower the profile is about.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function verifiedCustomerOf(wecomUserId: string) {
  const prisma = t.deps.db.prisma;
  const staff = await prisma.staff.findUniqueOrThrow({ where: { wecomUserId } });
  const customer = await prisma.customer.findFirstOrThrow({
    where: { verifiedAt: { not: null }, crmNo: { not: null }, relationships: { some: { staffId: staff.id, status: 'ACTIVE' } } },
    orderBy: { id: 'asc' },
  });
  return { staff, customer };
}

async function profileAs(who: string, customerId: string) {
  const res = await t.http.get(`/api/customers/${customerId}/profile`).set('authorization', `Bearer ${await t.tokenFor(who)}`);
  expect(res.status).toBe(200);
  return customerProfileSchema.parse(res.body);
}

describe('ownership conflict in the profile', () => {
  it('is flagged when the CRM owner is someone else, even before a conflict was recorded, and names the owner', async () => {
    const prisma = t.deps.db.prisma;
    const { staff, customer } = await verifiedCustomerOf('wangfang');
    const lijun = await prisma.staff.findUniqueOrThrow({ where: { wecomUserId: 'lijun' } });
    await prisma.crmCustomer.update({ where: { crmNo: customer.crmNo! }, data: { ownerStaffId: staff.id } });
    expect((await profileAs('wangfang', customer.id)).crm).toMatchObject({ ownershipConflict: false, owner: { name: '王芳' } });

    await prisma.crmCustomer.update({ where: { crmNo: customer.crmNo! }, data: { ownerStaffId: lijun.id } });
    expect((await profileAs('wangfang', customer.id)).crm).toMatchObject({ ownershipConflict: true, owner: { name: '李军' } });

    // A recorded conflict decides: resolved means no flag, open means a flag.
    const row = await prisma.ownershipConflict.create({
      data: { crmNo: customer.crmNo!, customerId: customer.id, ownerStaffId: lijun.id, followerStaffId: staff.id, resolvedAt: new Date(), resolution: 'accepted' },
    });
    expect((await profileAs('wangfang', customer.id)).crm?.ownershipConflict).toBe(false);
    await prisma.ownershipConflict.update({ where: { id: row.id }, data: { resolvedAt: null, resolution: null } });
    expect((await profileAs('wangfang', customer.id)).crm?.ownershipConflict).toBe(true);
  });
});
