import { revealIdNumberResultSchema } from '@pfs/shared';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * 2.5: who may reveal a full ID number, of whom (README, "Who may reveal an ID number"). Demo org: 王芳 in 国贸网点
 * (bj-cy-gm), 李军 in 望京网点 (bj-cy-wj), 张伟 in 中关村网点 (bj-hd-zgc); 赵敏 manages 国贸, 陈静 朝阳支行; 钱正 is the
 * branch's compliance officer (北京分行); 周立新 the administrator.
 */
let t: TestApp;
const customers: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  // A verified customer followed by this advisor only, so that "in scope" depends on that one advisor's unit.
  for (const owner of ['wangfang', 'lijun', 'zhangwei']) {
    const c = await t.deps.db.prisma.customer.findFirstOrThrow({
      where: {
        idNumberEnc: { not: null },
        relationships: { some: { status: 'ACTIVE', staff: { wecomUserId: owner } } },
        NOT: { relationships: { some: { status: 'ACTIVE', staff: { wecomUserId: { not: owner } } } } },
      },
      orderBy: { id: 'asc' },
      select: { id: true },
    });
    customers[owner] = c.id;
  }
  // A compliance officer of 海淀支行 only: compliance reveals within its own unit's subtree, not bank-wide.
  await t.deps.db.prisma.staff.create({ data: { wecomUserId: 'hegui-hd', name: '海淀合规', unitId: 'bj-hd', roles: ['COMPLIANCE'] } });
});
afterAll(() => t.close());

const reveal = async (who: string, owner: string, body: Record<string, unknown>) =>
  t.http
    .post(`/api/customers/${customers[owner]}/id-number/reveal`)
    .set('authorization', `Bearer ${await t.tokenFor(who)}`)
    .send(body);

const REASON = '客户投诉核查';
const CASE = 'HG-2026-0153';

describe('ID number reveal policy (role × scope × case reference)', () => {
  // [who, body, owner → expected status (error code when refused)]
  const matrix: [string, Record<string, unknown>, Record<string, number | string>][] = [
    ['wangfang', { reason: REASON }, { wangfang: 'FORBIDDEN' }],
    ['wangfang', { reason: REASON, caseRef: CASE }, { wangfang: 'FORBIDDEN' }],
    ['zhaomin', { reason: REASON }, { wangfang: 200, lijun: 'CUSTOMER_NOT_FOUND', zhangwei: 'CUSTOMER_NOT_FOUND' }],
    ['chenjing', { reason: REASON }, { wangfang: 200, lijun: 200, zhangwei: 'CUSTOMER_NOT_FOUND' }],
    ['hegui', { reason: REASON }, { wangfang: 'CASE_REFERENCE_REQUIRED', zhangwei: 'CASE_REFERENCE_REQUIRED' }],
    ['hegui', { reason: REASON, caseRef: CASE }, { wangfang: 200, lijun: 200, zhangwei: 200 }],
    ['hegui-hd', { reason: REASON, caseRef: CASE }, { zhangwei: 200, wangfang: 'CUSTOMER_NOT_FOUND' }],
    ['admin', { reason: REASON }, { wangfang: 'FORBIDDEN' }],
    ['admin', { reason: REASON, caseRef: CASE }, { wangfang: 'FORBIDDEN', zhangwei: 'FORBIDDEN' }],
    ['yunying', { reason: REASON, caseRef: CASE }, { wangfang: 'FORBIDDEN' }],
  ];

  it.each(matrix)('%s with %j', async (who, body, expected) => {
    for (const [owner, outcome] of Object.entries(expected)) {
      const before = await t.deps.db.prisma.auditLog.count({ where: { action: 'reveal_id_number', entityId: customers[owner] } });
      const res = await reveal(who, owner, body);
      if (outcome === 200) {
        expect([owner, res.status]).toEqual([owner, 200]);
        expect(revealIdNumberResultSchema.parse(res.body).idNumber).toMatch(/^\d{17}[\dX]$/);
        const staff = await t.deps.db.prisma.staff.findUniqueOrThrow({ where: { wecomUserId: who } });
        const row = await t.deps.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'reveal_id_number', entityId: customers[owner], actorId: staff.id }, orderBy: { id: 'desc' } });
        expect(row.detail).toEqual(body.caseRef ? { reason: REASON, caseRef: CASE } : { reason: REASON });
      } else {
        expect([owner, res.status, res.body.error?.code]).toEqual([owner, outcome === 'CUSTOMER_NOT_FOUND' ? 404 : 403, outcome]);
        expect(res.body.idNumber).toBeUndefined();
        // A refusal reveals nothing and records no reveal.
        expect(await t.deps.db.prisma.auditLog.count({ where: { action: 'reveal_id_number', entityId: customers[owner] } })).toBe(before);
      }
    }
  });

  it.each(['x', 'ab', 'HG 2026', '案件-1', '-HG-1', 'A'.repeat(41), 'HG\u00002026'])('refuses the malformed case reference %j (400)', async (caseRef) => {
    const res = await reveal('hegui', 'wangfang', { reason: REASON, caseRef });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('body.caseRef');
  });

  it('a unit manager may add a case reference; it is kept with the reason', async () => {
    const res = await reveal('zhaomin', 'wangfang', { reason: REASON, caseRef: 'KS-88' });
    expect(res.status).toBe(200);
    const row = await t.deps.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'reveal_id_number', entityId: customers.wangfang }, orderBy: { id: 'desc' } });
    expect(row.detail).toEqual({ reason: REASON, caseRef: 'KS-88' });
  });
});
