import { customerListSchema } from '@pfs/shared';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function customerIdOf(wecomUserId: string): Promise<string> {
  const rel = await t.deps.db.prisma.advisorCustomer.findFirstOrThrow({ where: { staff: { wecomUserId }, status: 'ACTIVE' }, orderBy: { id: 'asc' } });
  return rel.customerId;
}

async function visibleAdvisorUnits(token: string): Promise<Set<string>> {
  const res = await t.http.get('/api/customers?pageSize=100').set('authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  const list = customerListSchema.parse(res.body);
  const ids = list.items.map((c) => c.id);
  const rels = await t.deps.db.prisma.advisorCustomer.findMany({ where: { customerId: { in: ids }, status: 'ACTIVE' }, include: { staff: true } });
  return new Set(rels.map((r) => r.staff.unitId));
}

describe('role × data-scope matrix on the customer routes', () => {
  // Demo org: 王芳 (wangfang) in 国贸网点 bj-cy-gm; 李军 (lijun) in 望京网点 bj-cy-wj; 张伟 (zhangwei) in 中关村网点 bj-hd-zgc.
  // 赵敏 manages 国贸网点; 陈静 manages 朝阳支行 (both outlets above); admin sees all; 运营/合规 see content only.
  const cases: { who: string; sees: string[]; notSees: string[] }[] = [
    { who: 'wangfang', sees: ['wangfang'], notSees: ['lijun', 'zhangwei'] },
    { who: 'lijun', sees: ['lijun'], notSees: ['wangfang', 'zhangwei'] },
    { who: 'zhaomin', sees: ['wangfang'], notSees: ['lijun', 'zhangwei'] },
    { who: 'chenjing', sees: ['wangfang', 'lijun'], notSees: ['zhangwei'] },
    { who: 'admin', sees: ['wangfang', 'lijun', 'zhangwei'], notSees: [] },
  ];

  it.each(cases)('$who sees the customers of $sees and not of $notSees', async ({ who, sees, notSees }) => {
    const token = await t.tokenFor(who);
    for (const owner of sees) {
      const res = await t.http.get(`/api/customers/${await customerIdOf(owner)}`).set('authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
    }
    for (const owner of notSees) {
      const res = await t.http.get(`/api/customers/${await customerIdOf(owner)}`).set('authorization', `Bearer ${token}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('CUSTOMER_NOT_FOUND');
    }
  });

  it('an advisor list holds only their own customers; a sub-branch manager list stays inside the sub-branch', async () => {
    const own = await t.http.get('/api/customers?pageSize=100').set('authorization', `Bearer ${await t.tokenFor('wangfang')}`);
    const list = customerListSchema.parse(own.body);
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((c) => c.staffName === '王芳')).toBe(true);
    const units = await visibleAdvisorUnits(await t.tokenFor('chenjing'));
    expect([...units].every((u) => u.startsWith('bj-cy'))).toBe(true);
  });

  it.each(['yunying', 'hegui'])('%s (operations / compliance) gets 403 on customers and 200 on product content', async (who) => {
    const token = await t.tokenFor(who);
    const customers = await t.http.get('/api/customers').set('authorization', `Bearer ${token}`);
    expect(customers.status).toBe(403);
    expect(customers.body.error.code).toBe('FORBIDDEN');
    const products = await t.http.get('/api/products').set('authorization', `Bearer ${token}`);
    expect(products.status).toBe(200);
    expect(products.body.items.length).toBeGreaterThan(10);
  });

  it('no session → 401 on every protected route', async () => {
    for (const path of ['/api/customers', '/api/products', '/api/me']) {
      const res = await t.http.get(path);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('viewing a customer writes an audit record; masked values only', async () => {
    const id = await customerIdOf('wangfang');
    const res = await t.http.get(`/api/customers/${id}`).set('authorization', `Bearer ${await t.tokenFor('wangfang')}`);
    expect(res.status).toBe(200);
    if (res.body.idNumberMasked) expect(res.body.idNumberMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    const audit = await t.deps.db.prisma.auditLog.findFirst({ where: { action: 'customer.view', entityId: id }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ actorType: 'STAFF', entity: 'customer' });
    expect(audit?.requestId).toBe(res.headers['x-request-id']);
  });
});
