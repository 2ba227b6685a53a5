import { Writable } from 'node:stream';
import pino from 'pino';
import { customerListSchema, customerProfileSchema, verificationFunnelSchema, type CustomerProfile } from '@pfs/shared';
import { createTestApp, ManualClock, type TestApp } from './helpers/test-app';

let t: TestApp;
const logLines: string[] = [];
const logger = pino(
  { level: 'trace' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  }),
);
const tokens: Record<string, string> = {};
/**
 * "Today" for the seed and every request of this file: a day far from the one the code was written on (the seed's
 * dates follow the day it is seeded, so maturities, relationships and timelines are as near on any day).
 */
const clock = new ManualClock('2031-05-17T02:00:00Z');
/** The China business day of the clock, `YYYY-MM-DD`. */
const today = (): string => new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp({ platform: true, logger, clock });
  for (const who of ['wangfang', 'lijun', 'zhangwei', 'zhaomin', 'chenjing', 'admin', 'yunying', 'hegui']) tokens[who] = await t.tokenFor(who);
});
afterAll(() => t.close());

const auth = (who: string): [string, string] => ['authorization', `Bearer ${tokens[who]}`];

/** A seeded customer followed by `wecomUserId`: verified with holdings, or unverified. */
async function customerOf(wecomUserId: string, kind: 'verified' | 'unverified') {
  const prisma = t.deps.db.prisma;
  const rel = await prisma.advisorCustomer.findFirstOrThrow({
    where: {
      status: 'ACTIVE',
      staff: { wecomUserId },
      customer: kind === 'verified' ? { verifiedAt: { not: null }, crm: { holdings: { some: {} }, riskLevel: { gte: 2 } } } : { verifiedAt: null },
    },
    orderBy: { id: 'asc' },
    select: { customer: { select: { id: true, externalUserId: true, crmNo: true, idNumberMasked: true } } },
  });
  return rel.customer;
}

async function profileOf(who: string, id: string): Promise<CustomerProfile> {
  const res = await t.http.get(`/api/customers/${id}/profile`).set(...auth(who));
  expect(res.status).toBe(200);
  return customerProfileSchema.parse(res.body);
}

describe('customer profile', () => {
  it('a verified customer: CRM join, masked values, holdings, tags, timeline, recommendations', async () => {
    const c = await customerOf('wangfang', 'verified');
    const res = await t.http.get(`/api/customers/${c.id}/profile`).set(...auth('wangfang'));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const p = customerProfileSchema.parse(res.body);
    const crm = await t.deps.db.prisma.crmCustomer.findUniqueOrThrow({ where: { crmNo: c.crmNo! }, include: { holdings: true } });
    expect(p).toMatchObject({ id: c.id, externalUserId: c.externalUserId, verified: true, engagement: null, idNumberMasked: c.idNumberMasked });
    expect(p.nameMasked).toMatch(/^.\*+.?$/u);
    expect(p.nameMasked?.[0]).toBe(crm.name[0]);
    expect(p.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(p.idNumberMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(JSON.stringify(res.body)).not.toContain(crm.name);
    expect(p.crm).toMatchObject({ crmNo: c.crmNo, riskLevel: crm.riskLevel, crmTags: crm.tags, ownershipConflict: false, owner: { staffId: crm.ownerStaffId } });
    expect(p.crm!.riskLabel).toMatch(new RegExp(`^C${crm.riskLevel} `));
    const yuan = Number(crm.aumFen / 100n);
    const tier = yuan < 50_000 ? 'MASS' : yuan < 500_000 ? 'AFFLUENT' : yuan < 6_000_000 ? 'HIGH_NET_WORTH' : 'PRIVATE';
    expect(p.crm!.aumTier).toBe(tier);
    expect(p.crm!.aumYuan).toBe(`${crm.aumFen / 100n}.${String(crm.aumFen % 100n).padStart(2, '0')}`);
    expect(p.crm!.holdings).toHaveLength(crm.holdings.length);
    for (const h of p.crm!.holdings) {
      const days = h.maturityDate ? (Date.parse(h.maturityDate) - Date.parse(today())) / 86_400_000 : NaN;
      expect(h.maturingSoon).toBe(days >= 0 && days <= 30);
      expect(h.amountYuan).toMatch(/^\d+\.\d{2}$/);
    }
    const tagRows = await t.deps.db.prisma.customerTag.findMany({ where: { customerId: c.id } });
    expect(p.corpTags.map((x) => x.id).sort()).toEqual(tagRows.map((x) => x.tagId).sort());
    expect(p.availableTags.map((g) => g.groupName)).toEqual(expect.arrayContaining(['客户等级', '投资偏好', '人生阶段']));
    expect(p.relationship).toMatchObject({ staffName: '王芳', status: 'ACTIVE' });
    expect(p.timeline.map((e) => e.type)).toEqual(['VERIFIED', 'ADDED']);
    expect(p.timeline[1]!.label).toBe('添加为好友');
    expect(p.invitation).toBeNull();
    expect(p.recommendations.length).toBeGreaterThan(0);
    for (const r of p.recommendations) expect(r.riskLevel).toBeLessThanOrEqual(crm.riskLevel);

    const audit = await t.deps.db.prisma.auditLog.findFirst({ where: { action: 'customer.view', entityId: c.id }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ actorType: 'STAFF', entity: 'customer', requestId: res.headers['x-request-id'] });
  });

  it('the demo data, seeded for the clock’s day, has holdings maturing soon and the reinvestment recommendation fires', async () => {
    const prisma = t.deps.db.prisma;
    const day = new Date(`${today()}T00:00:00Z`);
    const due = await prisma.crmHolding.findMany({
      where: { maturityDate: { gte: day, lte: new Date(day.getTime() + 30 * 86_400_000) }, crm: { customers: { some: { verifiedAt: { not: null }, relationships: { some: { status: 'ACTIVE', staff: { wecomUserId: 'wangfang' } } } } } } },
      select: { crm: { select: { customers: { select: { id: true } } } } },
    });
    expect(due.length).toBeGreaterThan(0);
    const reasons = new Set<string>();
    for (const h of due) for (const c of h.crm.customers) for (const r of (await profileOf('wangfang', c.id)).recommendations) reasons.add(r.reasonCode);
    expect(reasons).toContain('MATURITY_REINVEST');
  });

  it('the same profile by WeCom external_userid (the sidebar entry)', async () => {
    const c = await customerOf('wangfang', 'verified');
    const res = await t.http.get(`/api/customers/by-external/${c.externalUserId}`).set(...auth('wangfang'));
    expect(res.status).toBe(200);
    expect(customerProfileSchema.parse(res.body).id).toBe(c.id);
  });

  it('an unverified customer: no CRM, no personal data, no recommendations', async () => {
    const c = await customerOf('wangfang', 'unverified');
    const p = await profileOf('wangfang', c.id);
    expect(p).toMatchObject({ verified: false, verifiedAt: null, crm: null, nameMasked: null, phoneMasked: null, idNumberMasked: null, recommendations: [] });
    expect(p.timeline.map((e) => e.type)).toEqual(['ADDED']);
  });

  it('invitation milestones join the timeline, newest first; the current invitation is the follower’s latest', async () => {
    const c = await customerOf('wangfang', 'unverified');
    const staff = await t.deps.db.prisma.staff.findUniqueOrThrow({ where: { wecomUserId: 'wangfang' } });
    const now = clock.now().getTime();
    const at = (minutesAgo: number): Date => new Date(now - minutesAgo * 60_000);
    await t.deps.db.prisma.invitation.createMany({
      data: [
        { id: 'inv-old', customerId: c.id, staffId: staff.id, issuedAt: at(120), expiresAt: at(-60), revokedAt: at(30) },
        { id: 'inv-new', customerId: c.id, staffId: staff.id, issuedAt: at(30), expiresAt: at(-10_000), firstOpenedAt: at(20), openCount: 2, consentedAt: at(10) },
      ],
    });
    const p = await profileOf('wangfang', c.id);
    expect(p.invitation).toMatchObject({ id: 'inv-new', status: 'CONSENTED' });
    expect(p.timeline.map((e) => e.type)).toEqual(['CONSENTED', 'OPENED', 'INVITED', 'INVITED', 'ADDED']);
    await t.deps.db.prisma.invitation.deleteMany({ where: { customerId: c.id } });
  });
});

describe('scope of the new customer routes', () => {
  const cases: { who: string; owner: string; status: number; code?: string }[] = [
    { who: 'wangfang', owner: 'wangfang', status: 200 },
    { who: 'wangfang', owner: 'lijun', status: 404, code: 'CUSTOMER_NOT_FOUND' },
    { who: 'lijun', owner: 'wangfang', status: 404, code: 'CUSTOMER_NOT_FOUND' },
    { who: 'zhaomin', owner: 'wangfang', status: 200 },
    { who: 'zhaomin', owner: 'lijun', status: 404, code: 'CUSTOMER_NOT_FOUND' },
    { who: 'chenjing', owner: 'lijun', status: 200 },
    { who: 'chenjing', owner: 'zhangwei', status: 404, code: 'CUSTOMER_NOT_FOUND' },
    { who: 'admin', owner: 'zhangwei', status: 200 },
    { who: 'yunying', owner: 'wangfang', status: 403, code: 'FORBIDDEN' },
    { who: 'hegui', owner: 'wangfang', status: 403, code: 'FORBIDDEN' },
  ];
  it.each(cases)('$who → profile of a customer of $owner: $status', async ({ who, owner, status, code }) => {
    const c = await customerOf(owner, 'verified');
    for (const path of [`/api/customers/${c.id}/profile`, `/api/customers/by-external/${c.externalUserId}`]) {
      const res = await t.http.get(path).set(...auth(who));
      expect(res.status).toBe(status);
      if (code) expect(res.body.error.code).toBe(code);
    }
  });

  it('an unknown customer is a 404 like an out-of-scope one', async () => {
    const res = await t.http.get('/api/customers/by-external/wmNobody').set(...auth('admin'));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('CUSTOMER_NOT_FOUND');
  });

  it('no session → 401', async () => {
    const c = await customerOf('wangfang', 'verified');
    for (const [method, path] of [
      ['get', `/api/customers/${c.id}/profile`],
      ['put', `/api/customers/${c.id}/tags`],
      ['post', `/api/customers/${c.id}/id-number/reveal`],
      ['get', '/api/reports/verification-funnel'],
    ] as const) {
      expect((await t.http[method](path)).status).toBe(401);
    }
  });
});

describe('corp tag editing', () => {
  it('the following advisor replaces the tags: WeCom mark_tag with the difference, then the database', async () => {
    const c = await customerOf('wangfang', 'verified');
    const wanted = ['et-1-2', 'et-3-4'];
    const calls = t.simulator!.control.wecom.calls()['externalcontact/mark_tag'] ?? 0;
    const res = await t.http.put(`/api/customers/${c.id}/tags`).set(...auth('wangfang')).send({ tagIds: wanted });
    expect(res.status).toBe(200);
    expect(res.body.map((x: { id: string }) => x.id)).toEqual(wanted);
    expect(res.body[0]).toEqual({ id: 'et-1-2', name: '金卡客户', groupName: '客户等级' });
    expect(t.simulator!.control.wecom.calls()['externalcontact/mark_tag']).toBe(calls + 1);
    expect(t.simulator!.control.wecom.callLog().filter((x) => x.api === 'externalcontact/mark_tag').at(-1)?.errcode).toBe(0);
    const follow = t.simulator!.control.wecom.contact(c.externalUserId!)!.follows.find((f) => f.userid === 'wangfang')!;
    expect([...follow.tagIds].sort()).toEqual(wanted);
    expect((await t.deps.db.prisma.customerTag.findMany({ where: { customerId: c.id } })).map((x) => x.tagId).sort()).toEqual(wanted);
    expect((await profileOf('wangfang', c.id)).corpTags.map((x) => x.id)).toEqual(wanted);

    // Unchanged: nothing to tell WeCom.
    const again = await t.http.put(`/api/customers/${c.id}/tags`).set(...auth('wangfang')).send({ tagIds: wanted });
    expect(again.status).toBe(200);
    expect(t.simulator!.control.wecom.calls()['externalcontact/mark_tag']).toBe(calls + 1);
    const audit = await t.deps.db.prisma.auditLog.findMany({ where: { action: 'customer.tags', entityId: c.id } });
    expect(audit).toHaveLength(1);
  });

  it('only the follower: a manager who can see the customer gets 403, another advisor 404; unknown tags 400', async () => {
    const c = await customerOf('wangfang', 'verified');
    const manager = await t.http.put(`/api/customers/${c.id}/tags`).set(...auth('chenjing')).send({ tagIds: [] });
    expect(manager.status).toBe(403);
    const other = await t.http.put(`/api/customers/${c.id}/tags`).set(...auth('lijun')).send({ tagIds: [] });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('CUSTOMER_NOT_FOUND');
    const bad = await t.http.put(`/api/customers/${c.id}/tags`).set(...auth('wangfang')).send({ tagIds: ['et-9-9'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('TAG_NOT_FOUND');
    const malformed = await t.http.put(`/api/customers/${c.id}/tags`).set(...auth('wangfang')).send({ tagIds: 'et-1-1' });
    expect(malformed.status).toBe(400);
  });

  it('WeCom refusing the change leaves the database as it was (503)', async () => {
    const c = await customerOf('wangfang', 'verified');
    const before = (await t.deps.db.prisma.customerTag.findMany({ where: { customerId: c.id } })).map((x) => x.tagId).sort();
    t.simulator!.control.wecom.failNext('externalcontact/mark_tag', 84061);
    const res = await t.http.put(`/api/customers/${c.id}/tags`).set(...auth('wangfang')).send({ tagIds: ['et-2-1'] });
    expect(res.status).toBe(503);
    expect((await t.deps.db.prisma.customerTag.findMany({ where: { customerId: c.id } })).map((x) => x.tagId).sort()).toEqual(before);
  });
});

describe('ID number reveal', () => {
  it.each(['chenjing', 'zhaomin'])('%s gets the full number with a reason; audited with actor, ip and request id; never logged', async (who) => {
    const c = await customerOf('wangfang', 'verified');
    logLines.length = 0;
    const res = await t.http.post(`/api/customers/${c.id}/id-number/reveal`).set(...auth(who)).send({ reason: '客户办理业务核对身份' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const idNumber = res.body.idNumber as string;
    expect(idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(idNumber.slice(0, 4)).toBe(c.idNumberMasked!.slice(0, 4));
    expect(idNumber.slice(-4)).toBe(c.idNumberMasked!.slice(-4));
    const staff = await t.deps.db.prisma.staff.findUniqueOrThrow({ where: { wecomUserId: who } });
    const audit = await t.deps.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'reveal_id_number', entityId: c.id, actorId: staff.id }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ actorType: 'STAFF', entity: 'customer', requestId: res.headers['x-request-id'], detail: { reason: '客户办理业务核对身份' } });
    expect(audit.ip).toBeTruthy();
    expect(JSON.stringify(audit.detail)).not.toContain(idNumber);
    expect(logLines.join('')).not.toContain(idNumber);
  });

  it('advisors are refused (403); a reason is required; out of scope is 404; unverified has no number', async () => {
    const c = await customerOf('wangfang', 'verified');
    const advisor = await t.http.post(`/api/customers/${c.id}/id-number/reveal`).set(...auth('wangfang')).send({ reason: '核对身份' });
    expect(advisor.status).toBe(403);
    expect(advisor.body.error.code).toBe('FORBIDDEN');
    expect(advisor.body.idNumber).toBeUndefined();
    const noReason = await t.http.post(`/api/customers/${c.id}/id-number/reveal`).set(...auth('hegui')).send({ reason: ' ' });
    expect(noReason.status).toBe(400);
    const other = await customerOf('zhangwei', 'verified');
    const outOfScope = await t.http.post(`/api/customers/${other.id}/id-number/reveal`).set(...auth('chenjing')).send({ reason: '核对身份' });
    expect(outOfScope.status).toBe(404);
    const unverified = await customerOf('wangfang', 'unverified');
    const none = await t.http.post(`/api/customers/${unverified.id}/id-number/reveal`).set(...auth('chenjing')).send({ reason: '核对身份' });
    expect(none.status).toBe(404);
    const refusals = await t.deps.db.prisma.auditLog.count({ where: { action: 'reveal_id_number', entityId: { in: [other.id, unverified.id] } } });
    expect(refusals).toBe(0);
  });
});

describe('customer list', () => {
  async function list(who: string, query: string) {
    const res = await t.http.get(`/api/customers?${query}`).set(...auth(who));
    expect(res.status).toBe(200);
    return customerListSchema.parse(res.body);
  }

  it('an advisor pages through their own customers, newest first, with total', async () => {
    const own = await t.deps.db.prisma.advisorCustomer.count({ where: { status: 'ACTIVE', staff: { wecomUserId: 'wangfang' } } });
    const p1 = await list('wangfang', 'pageSize=5');
    const p2 = await list('wangfang', 'pageSize=5&page=2');
    expect(p1.total).toBe(own);
    expect(p1.items).toHaveLength(5);
    expect(p2.page).toBe(2);
    expect(new Set([...p1.items, ...p2.items].map((c) => c.id)).size).toBe(10);
    const all = [...p1.items, ...p2.items];
    expect(all.every((c) => c.staffName === '王芳')).toBe(true);
    expect(all.map((c) => c.addedAt)).toEqual([...all.map((c) => c.addedAt)].sort().reverse());
    for (const c of all) {
      if (c.verified) expect(c.nameMasked).toMatch(/\*/);
      else expect(c).toMatchObject({ nameMasked: null, aumTier: null, riskLevel: null });
    }
  });

  it.each([
    ['verified=true', (c: { verified: boolean }) => c.verified],
    ['verified=false', (c: { verified: boolean }) => !c.verified],
    ['aumTier=AFFLUENT', (c: { aumTier: string | null }) => c.aumTier === 'AFFLUENT'],
    ['tagId=et-1-1', (c: { corpTags: { id: string }[] }) => c.corpTags.some((x) => x.id === 'et-1-1')],
    ['maturingWithinDays=30', (c: { maturingSoon: boolean }) => c.maturingSoon],
  ] as const)('filter %s', async (query, holds) => {
    const all = await list('wangfang', 'pageSize=100');
    const filtered = await list('wangfang', `${query}&pageSize=100`);
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.total).toBeLessThan(all.total);
    expect(filtered.items.every((c) => (holds as (c: unknown) => boolean)(c))).toBe(true);
    if (all.total <= 100) expect(filtered.total).toBe(all.items.filter((c) => (holds as (c: unknown) => boolean)(c)).length);
  });

  it('search by display name and by the last four digits of the phone; bad filters are 400', async () => {
    const sample = (await list('wangfang', 'pageSize=1')).items[0]!;
    const byName = await list('wangfang', `q=${encodeURIComponent(sample.displayName)}&pageSize=100`);
    expect(byName.items.map((c) => c.id)).toContain(sample.id);
    expect(byName.items.every((c) => c.displayName.includes(sample.displayName))).toBe(true);
    const v = await customerOf('wangfang', 'verified');
    const phone = (await t.deps.db.prisma.customer.findUniqueOrThrow({ where: { id: v.id } })).phoneMasked!;
    const byPhone = await list('wangfang', `q=${phone.slice(-4)}&pageSize=100`);
    expect(byPhone.items.map((c) => c.id)).toContain(v.id);
    expect((await list('wangfang', 'q=%25')).total).toBe(0);
    expect((await t.http.get('/api/customers?aumTier=RICH').set(...auth('wangfang'))).status).toBe(400);
    expect((await t.http.get('/api/customers?verified=yes').set(...auth('wangfang'))).status).toBe(400);
  });

  it('a sub-branch manager lists the follows of the subtree only', async () => {
    const res = await list('chenjing', 'pageSize=100');
    const expected = await t.deps.db.prisma.advisorCustomer.count({ where: { status: 'ACTIVE', staff: { unit: { path: { startsWith: '/bj/bj-cy/' } } } } });
    expect(res.total).toBe(expected);
    expect(res.items.some((c) => c.staffName === '张伟')).toBe(false);
  });
});

describe('verification funnel', () => {
  beforeAll(async () => {
    const prisma = t.deps.db.prisma;
    const now = clock.now().getTime();
    const at = (h: number): Date => new Date(now - h * 3_600_000);
    const rows: { advisor: string; stage: 0 | 1 | 2 | 3 }[] = [
      { advisor: 'wangfang', stage: 0 },
      { advisor: 'wangfang', stage: 1 },
      { advisor: 'wangfang', stage: 3 },
      { advisor: 'lijun', stage: 2 },
      { advisor: 'lijun', stage: 3 },
      { advisor: 'zhangwei', stage: 1 },
    ];
    let n = 0;
    const used: Record<string, number> = {};
    for (const r of rows) {
      const staff = await prisma.staff.findUniqueOrThrow({ where: { wecomUserId: r.advisor } });
      const rels = await prisma.advisorCustomer.findMany({ where: { staffId: staff.id, status: 'ACTIVE' }, orderBy: { id: 'desc' }, take: 3 });
      const k = (used[r.advisor] = (used[r.advisor] ?? -1) + 1);
      const customerId = rels[k]!.customerId;
      n += 1;
      await prisma.invitation.create({
        data: {
          id: `fun-${n}`,
          customerId,
          staffId: staff.id,
          issuedAt: at(48),
          expiresAt: at(-100),
          firstOpenedAt: r.stage >= 1 ? at(47) : null,
          consentedAt: r.stage >= 2 ? at(46) : null,
          verifiedAt: r.stage >= 3 ? at(45) : null,
        },
      });
      // A re-issued invitation to the same customer does not count the customer twice.
      if (r.stage === 0) await prisma.invitation.create({ data: { id: `fun-${n}-b`, customerId, staffId: staff.id, issuedAt: at(24), expiresAt: at(-100) } });
    }
  });

  async function funnel(who: string, query: string) {
    const res = await t.http.get(`/api/reports/verification-funnel?${query}`).set(...auth(who));
    expect(res.status).toBe(200);
    return verificationFunnelSchema.parse(res.body);
  }

  it('a sub-branch manager by unit: their outlets only', async () => {
    const f = await funnel('chenjing', 'groupBy=unit');
    expect(f.rows).toEqual([
      { key: 'bj-cy-gm', label: '国贸网点', invited: 3, opened: 2, consented: 1, verified: 1 },
      { key: 'bj-cy-wj', label: '望京网点', invited: 2, opened: 2, consented: 2, verified: 1 },
    ]);
    expect(f.totals).toEqual({ invited: 5, opened: 4, consented: 3, verified: 2 });
  });

  it('by advisor; an outlet manager sees the outlet; admin and operations everything', async () => {
    // Every advisor in scope is a row (zeros included); those who invited are these.
    const invitedBy = (f: { rows: { label: string; invited: number }[] }) => f.rows.filter((r) => r.invited > 0);
    const byAdvisor = await funnel('zhaomin', 'groupBy=advisor');
    expect(invitedBy(byAdvisor)).toHaveLength(1);
    expect(invitedBy(byAdvisor)[0]).toMatchObject({ label: '王芳（国贸网点）', invited: 3, verified: 1 });
    expect((await funnel('admin', 'groupBy=unit')).totals).toEqual({ invited: 6, opened: 5, consented: 3, verified: 2 });
    expect(invitedBy(await funnel('yunying', 'groupBy=advisor'))).toHaveLength(3);
    expect((await funnel('admin', `from=${today()}&to=${today()}`)).totals.invited).toBeLessThanOrEqual(6);
    expect((await funnel('admin', 'from=2020-01-01&to=2020-12-31')).totals).toEqual({ invited: 0, opened: 0, consented: 0, verified: 0 });
  });

  it('advisors and compliance are refused', async () => {
    for (const who of ['wangfang', 'hegui']) {
      const res = await t.http.get('/api/reports/verification-funnel').set(...auth(who));
      expect(res.status).toBe(403);
    }
  });
});
