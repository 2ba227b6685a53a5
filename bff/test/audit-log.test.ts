import { AUDIT_LOG_EXPORT_MAX_ROWS, auditLogExportSchema, auditLogPageSchema, type AuditLogPage } from '@pfs/shared';
import { createTestApp, ManualClock, type TestApp } from './helpers/test-app';

/** 2.5: the audit log for compliance and administrators: filtered, paged, masked, role- and org-scoped, itself audited. */
let t: TestApp;
let customerId: string;
let revealed: string;
const PHONE_IN_REASON = '13812345678';

beforeAll(async () => {
  // 17:30 UTC is already the next day in China: the export's file name follows the China calendar.
  t = await createTestApp({ clock: new ManualClock('2026-11-24T17:30:00Z') });
  const prisma = t.deps.db.prisma;
  const rel = await prisma.advisorCustomer.findFirstOrThrow({
    where: { status: 'ACTIVE', staff: { wecomUserId: 'wangfang' }, customer: { idNumberEnc: { not: null } } },
    orderBy: { id: 'asc' },
  });
  customerId = rel.customerId;
  // 陈静 (朝阳支行) reveals an ID number, with a phone number typed into the reason.
  const res = await t.http
    .post(`/api/customers/${customerId}/id-number/reveal`)
    .set('authorization', `Bearer ${await t.tokenFor('chenjing')}`)
    .set('x-forwarded-for', '10.9.8.7')
    .send({ reason: `客户${PHONE_IN_REASON}来电核对` });
  expect(res.status).toBe(200);
  revealed = res.body.idNumber;
  // Rows on fixed days (China time) and a customer's own action, written as the BFF writes them.
  await prisma.auditLog.createMany({
    data: [
      { actorType: 'SYSTEM', action: 'test.dated', entity: 'customer', entityId: 'day-1-end', at: new Date('2026-03-01T15:59:59.999Z') },
      { actorType: 'SYSTEM', action: 'test.dated', entity: 'customer', entityId: 'day-2-start', at: new Date('2026-03-01T16:00:00.000Z') },
      { actorType: 'SYSTEM', action: 'test.dated', entity: 'customer', entityId: 'day-2-end', at: new Date('2026-03-02T15:59:59.999Z') },
      { actorType: 'CUSTOMER', action: 'consent.withdraw', entity: 'customer', entityId: customerId, ip: '203.0.113.77', detail: { invitationId: 'inv-secret', consents: 1, erasedCustomers: 1 } },
      ...Array.from({ length: 25 }, (_, i) => ({ actorType: 'SYSTEM', action: 'test.paged', entity: 'invitation', entityId: `p-${String(i).padStart(2, '0')}`, at: new Date(Date.UTC(2026, 4, 1, 0, i)) })),
    ],
  });
  await prisma.staff.create({ data: { wecomUserId: 'hegui-hd', name: '海淀合规', unitId: 'bj-hd', roles: ['COMPLIANCE'] } });
});
afterAll(() => t.close());

async function read(who: string, query: Record<string, string | number>): Promise<AuditLogPage> {
  const res = await t.http.get('/api/audit-log').query(query).set('authorization', `Bearer ${await t.tokenFor(who)}`);
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return auditLogPageSchema.parse(res.body);
}

describe('GET /api/audit-log', () => {
  it('compliance reads who revealed which customer, with reason, actor and unit; no personal data in the answer', async () => {
    const page = await read('hegui', { action: 'reveal_id_number' });
    const row = page.items.find((r) => r.entityId === customerId);
    expect(row).toMatchObject({
      actorType: 'STAFF',
      actor: { wecomUserId: 'chenjing', name: '陈静', unitName: '朝阳支行' },
      action: 'reveal_id_number',
      entity: 'customer',
      detail: { reason: '客户***********来电核对' },
    });
    expect(row?.requestId).toBeTruthy();
    const text = JSON.stringify(page);
    expect(text).not.toContain(revealed);
    expect(text).not.toContain(PHONE_IN_REASON);
    expect(page.items.every((r) => r.action === 'reveal_id_number')).toBe(true);
  });

  it('masks IPs and drops unreviewed detail fields (a customer row keeps its counts, not the invitation id)', async () => {
    const page = await read('admin', { action: 'consent.withdraw', entityId: customerId });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ actorType: 'CUSTOMER', actor: null, ipMasked: '203.0.*.*', detail: { consents: 1, erasedCustomers: 1 } });
    expect(JSON.stringify(page)).not.toContain('inv-secret');
    expect(JSON.stringify(page)).not.toContain('203.0.113.77');
  });

  it('filters by actor, entity and China calendar days (both ends inclusive)', async () => {
    const byActor = await read('hegui', { actor: 'chenjing' });
    expect(byActor.total).toBeGreaterThan(0);
    expect(byActor.items.every((r) => r.actor?.wecomUserId === 'chenjing')).toBe(true);
    expect((await read('hegui', { actor: 'nobody-here' })).total).toBe(0);
    const day2 = await read('hegui', { action: 'test.dated', from: '2026-03-02', to: '2026-03-02' });
    expect(day2.items.map((r) => r.entityId)).toEqual(['day-2-end', 'day-2-start']);
    const day1 = await read('hegui', { action: 'test.dated', to: '2026-03-01' });
    expect(day1.items.map((r) => r.entityId)).toEqual(['day-1-end']);
    expect((await read('hegui', { action: 'test.paged', entity: 'customer' })).total).toBe(0);
  });

  it('pages newest first with the total', async () => {
    const p1 = await read('hegui', { action: 'test.paged', pageSize: 10 });
    const p3 = await read('hegui', { action: 'test.paged', pageSize: 10, page: 3 });
    expect(p1).toMatchObject({ total: 25, page: 1, pageSize: 10 });
    expect(p1.items.map((r) => r.entityId)).toEqual(Array.from({ length: 10 }, (_, i) => `p-${String(24 - i).padStart(2, '0')}`));
    expect(p3.items.map((r) => r.entityId)).toEqual(['p-04', 'p-03', 'p-02', 'p-01', 'p-00']);
  });

  it('compliance sees the staff of its own subtree (and customers’ and system rows); the administrator everyone', async () => {
    const hd = await read('hegui-hd', { action: 'reveal_id_number' });
    expect(hd.items.find((r) => r.actor?.wecomUserId === 'chenjing')).toBeUndefined();
    expect((await read('hegui-hd', { action: 'consent.withdraw' })).total).toBe(1);
    const admin = await read('admin', { action: 'reveal_id_number', actor: 'chenjing' });
    expect(admin.total).toBeGreaterThan(0);
  });

  it('reading is itself audited, with the filters', async () => {
    await read('hegui', { action: 'customer.tags', page: 2 });
    const hegui = await t.deps.db.prisma.staff.findUniqueOrThrow({ where: { wecomUserId: 'hegui' } });
    const row = await t.deps.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'audit_log.read', actorId: hegui.id }, orderBy: { id: 'desc' } });
    expect(row).toMatchObject({ actorType: 'STAFF', entity: 'audit_log', detail: { action: 'customer.tags', page: 2, rows: 0 } });
    const seen = await read('admin', { action: 'audit_log.read', actor: 'hegui' });
    expect(seen.items[0]?.detail).toEqual({ action: 'customer.tags', page: 2, rows: 0 });
  });

  it.each(['wangfang', 'chenjing', 'zhaomin', 'yunying'])('%s gets 403 and no row', async (who) => {
    const res = await t.http.get('/api/audit-log').set('authorization', `Bearer ${await t.tokenFor(who)}`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(res.body.items).toBeUndefined();
    const csv = await t.http.get('/api/audit-log/export').set('authorization', `Bearer ${await t.tokenFor(who)}`);
    expect(csv.status).toBe(403);
  });

  it('no session → 401; bad filters → 400 naming them', async () => {
    expect((await t.http.get('/api/audit-log')).status).toBe(401);
    const res = await t.http.get('/api/audit-log').query({ action: 'DROP TABLE', from: '2026-13-01', pageSize: 1000 }).set('authorization', `Bearer ${await t.tokenFor('hegui')}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['query.action', 'query.from', 'query.pageSize']);
  });
});

describe('GET /api/audit-log/export', () => {
  const exportAs = async (who: string, query: Record<string, string>) => {
    const res = await t.http.get('/api/audit-log/export').query(query).set('authorization', `Bearer ${await t.tokenFor(who)}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    return auditLogExportSchema.parse(res.body);
  };

  it('the whole selection as CSV (BOM, Chinese header, China time, masked), audited as an export', async () => {
    const out = await exportAs('hegui', { action: 'test.dated' });
    expect(out).toMatchObject({ filename: 'audit-log-20261125.csv', rows: 3 });
    expect(out.csv.charCodeAt(0)).toBe(0xfeff);
    const lines = out.csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toContain('"时间（北京时间）"');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^"2026-03-02 23:59:59","test.dated","test.dated","系统",/);
    const hegui = await t.deps.db.prisma.staff.findUniqueOrThrow({ where: { wecomUserId: 'hegui' } });
    const row = await t.deps.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'audit_log.export', actorId: hegui.id }, orderBy: { id: 'desc' } });
    expect(row.detail).toEqual({ action: 'test.dated', rows: 3 });
  });

  it('masks like the page, and keeps a cell from running as a spreadsheet formula', async () => {
    const reveals = await exportAs('admin', { action: 'reveal_id_number' });
    expect(reveals.csv).toContain('reason=客户***********来电核对');
    expect(reveals.csv).not.toContain(PHONE_IN_REASON);
    expect(reveals.csv).not.toContain(revealed);
    await t.deps.db.prisma.auditLog.create({ data: { actorType: 'SYSTEM', action: 'test.formula', entity: 'customer', entityId: '=cmd|calc' } });
    const formula = await exportAs('admin', { action: 'test.formula' });
    expect(formula.csv).toContain(`"'=cmd|calc"`);
    expect(formula.csv).not.toMatch(/,"=/);
  });

  it(`refuses more than ${AUDIT_LOG_EXPORT_MAX_ROWS} rows, asking to narrow the filters`, async () => {
    await t.deps.db.prisma.auditLog.createMany({ data: Array.from({ length: AUDIT_LOG_EXPORT_MAX_ROWS + 1 }, () => ({ actorType: 'SYSTEM', action: 'test.bulk', entity: 'customer' })) });
    const res = await t.http.get('/api/audit-log/export').query({ action: 'test.bulk' }).set('authorization', `Bearer ${await t.tokenFor('admin')}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_REQUEST', details: { total: AUDIT_LOG_EXPORT_MAX_ROWS + 1, max: AUDIT_LOG_EXPORT_MAX_ROWS } });
  });
});
