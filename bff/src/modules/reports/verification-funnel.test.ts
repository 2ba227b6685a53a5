import { verificationFunnelSchema } from '@pfs/shared';
import { createTestApp, ManualClock, type TestApp } from '../../../test/helpers/test-app';

// "Today" is the test's: 2031-03-15 in China. The default range is the 30 days ending today.
const clock = new ManualClock('2031-03-15T04:00:00Z');
let t: TestApp;
const tokens = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp({ clock });
  const prisma = t.deps.db.prisma;
  // Only the invitations written here count (whatever the seed brought is removed from this test's database).
  await prisma.verificationAttempt.deleteMany({});
  await prisma.consentRecord.deleteMany({});
  await prisma.invitation.deleteMany({});
  const rows: { advisor: string; issuedAt: string; verified?: boolean }[] = [
    { advisor: 'wangfang', issuedAt: '2031-03-10T02:00:00Z', verified: true },
    { advisor: 'wangfang', issuedAt: '2031-03-14T17:00:00Z' }, // 2031-03-15 01:00 in China: today
    { advisor: 'wangfang', issuedAt: '2031-01-05T02:00:00Z' }, // before the default range
    { advisor: 'zhangwei', issuedAt: '2031-03-01T02:00:00Z' },
  ];
  const used = new Map<string, number>();
  for (const [n, r] of rows.entries()) {
    const staff = await prisma.staff.findUniqueOrThrow({ where: { wecomUserId: r.advisor } });
    const rels = await prisma.advisorCustomer.findMany({ where: { staffId: staff.id, status: 'ACTIVE' }, orderBy: { id: 'asc' }, take: 5 });
    const k = used.get(r.advisor) ?? 0;
    used.set(r.advisor, k + 1);
    const at = new Date(r.issuedAt);
    await prisma.invitation.create({
      data: {
        id: `range-${n}`,
        customerId: rels[k]!.customerId,
        staffId: staff.id,
        issuedAt: at,
        expiresAt: new Date(at.getTime() + 7 * 86_400_000),
        firstOpenedAt: r.verified ? at : null,
        consentedAt: r.verified ? at : null,
        verifiedAt: r.verified ? at : null,
      },
    });
  }
});
afterAll(() => t.close());

async function funnel(who: string, query = '') {
  if (!tokens.has(who)) tokens.set(who, await t.tokenFor(who));
  const res = await t.http.get(`/api/reports/verification-funnel${query}`).set('authorization', `Bearer ${tokens.get(who)!}`);
  expect(res.status).toBe(200);
  return verificationFunnelSchema.parse(res.body);
}
const activeAdvisors = async () =>
  (await t.deps.db.prisma.staff.findMany({ where: { active: true }, include: { unit: true } })).filter((s) => s.roles.includes('ADVISOR'));
const zero = { invited: 0, opened: 0, consented: 0, verified: 0 };

describe('verification funnel: every unit in scope, and a date range', () => {
  it('陈静 sees both outlets of 朝阳支行, 望京网点 with zeros; the default range is the last 30 days by the clock', async () => {
    const f = await funnel('chenjing');
    expect(f.from).toBe('2031-02-14');
    expect(f.to).toBe('2031-03-15');
    expect(f.rows).toEqual([
      { key: 'bj-cy-gm', label: '国贸网点', invited: 2, opened: 1, consented: 1, verified: 1 },
      { key: 'bj-cy-wj', label: '望京网点', ...zero },
    ]);
    expect(f.totals).toEqual({ invited: 2, opened: 1, consented: 1, verified: 1 });
  });

  it('a chosen range counts only its days (China calendar), still with every unit', async () => {
    const jan = await funnel('chenjing', '?from=2031-01-01&to=2031-01-31');
    expect(jan.rows.map((r) => [r.label, r.invited])).toEqual([
      ['国贸网点', 1],
      ['望京网点', 0],
    ]);
    const today = await funnel('chenjing', '?from=2031-03-15&to=2031-03-15');
    expect(today.totals.invited).toBe(1);
    const empty = await funnel('chenjing', '?from=2020-01-01&to=2020-01-31');
    expect(empty.rows.map((r) => r.label)).toEqual(['国贸网点', '望京网点']);
    expect(empty.totals).toEqual(zero);
    const onlyTo = await funnel('chenjing', '?to=2031-03-05');
    expect([onlyTo.from, onlyTo.to]).toEqual(['2031-02-04', '2031-03-05']);
    expect(onlyTo.totals).toEqual(zero);
  });

  it('the admin sees every unit with an active advisor, in org order', async () => {
    const f = await funnel('admin');
    const advisors = await activeAdvisors();
    const units = [...new Map(advisors.map((s) => [s.unit.id, s.unit.path])).entries()].sort((a, b) => (a[1] < b[1] ? -1 : 1)).map(([id]) => ({ id }));
    expect(f.rows.map((r) => r.key)).toEqual(units.map((u) => u.id));
    expect(f.rows.find((r) => r.label === '中关村网点')).toMatchObject({ invited: 1 });
    expect(f.rows.filter((r) => r.invited === 0).length).toBe(units.length - 2);
  });

  it('by advisor: every advisor of the outlet, with zeros', async () => {
    const f = await funnel('zhaomin', '?groupBy=advisor');
    const advisors = (await activeAdvisors()).filter((s) => s.unit.path.startsWith('/bj/bj-cy/bj-cy-gm/'));
    expect(f.rows).toHaveLength(advisors.length);
    expect(f.rows.find((r) => r.label === '王芳（国贸网点）')).toMatchObject({ invited: 2, verified: 1 });
    expect(f.rows.find((r) => r.label === '赵敏（国贸网点）')).toMatchObject(zero);
  });

  it('a range that ends before it starts, or a malformed day, is refused', async () => {
    const token = await t.tokenFor('chenjing');
    for (const q of ['?from=2031-03-10&to=2031-03-01', '?from=2031-02-30', '?to=yesterday']) {
      const res = await t.http.get(`/api/reports/verification-funnel${q}`).set('authorization', `Bearer ${token}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});
