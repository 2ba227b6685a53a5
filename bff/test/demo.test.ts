import * as z from 'zod/mini';
import { demoContactSchema, demoGroupChatSchema, demoLoginCodeSchema, demoStaffSchema, sessionInfoSchema } from '@pfs/shared';
import { DEMO_ACCOUNTS } from '../src/modules/demo-data/org-chart';
import { DEMO_DEFAULT_STAFF } from '../src/modules/demo/demo.service';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ platform: true });
});
afterAll(() => t.close());

describe('demo endpoints (embedded simulator only)', () => {
  it('GET /api/demo/staff lists every active staff member with unit and roles', async () => {
    const res = await t.http.get('/api/demo/staff');
    expect(res.status).toBe(200);
    const staff = z.array(demoStaffSchema).parse(res.body);
    expect(staff.length).toBe(await t.deps.db.prisma.staff.count({ where: { active: true } }));
    expect(staff).toContainEqual({ wecomUserId: 'wangfang', name: '王芳', unitName: '国贸网点', roles: ['ADVISOR'] });
  });

  it('GET /api/demo/staff lists the default advisor 王芳 first (the demo acts as her on a first visit), then the named accounts', async () => {
    const staff = z.array(demoStaffSchema).parse((await t.http.get('/api/demo/staff')).body);
    expect(staff[0]).toEqual({ wecomUserId: DEMO_DEFAULT_STAFF, name: '王芳', unitName: '国贸网点', roles: ['ADVISOR'] });
    const named = DEMO_ACCOUNTS.map((a) => a.wecomUserId).filter((id) => id !== DEMO_DEFAULT_STAFF);
    expect(staff.slice(1, 1 + named.length).map((s) => s.wecomUserId)).toEqual(named);
    const rest = staff.slice(1 + named.length).map((s) => s.wecomUserId);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest).toEqual([...rest].sort());
  });

  it('GET /api/demo/contacts lists the advisor’s own active customers (at most 50), known to the simulator', async () => {
    const res = await t.http.get('/api/demo/contacts').query({ wecomUserId: 'wangfang' });
    expect(res.status).toBe(200);
    const contacts = z.array(demoContactSchema).parse(res.body);
    expect(contacts.length).toBeGreaterThan(0);
    expect(contacts.length).toBeLessThanOrEqual(50);
    const owned = await t.deps.db.prisma.customer.count({
      where: { externalUserId: { in: contacts.map((c) => c.externalUserId) }, relationships: { some: { status: 'ACTIVE', staff: { wecomUserId: 'wangfang' } } } },
    });
    expect(owned).toBe(contacts.length);
    const inSimulator = t.simulator!.control.wecom.contact(contacts[0]!.externalUserId);
    expect(inSimulator?.contact.name).toBe(contacts[0]!.name);
    expect(inSimulator?.follows.map((f) => f.userid)).toContain('wangfang');
  });

  it('GET /api/demo/contacts: unknown staff → 404, missing parameter → 400', async () => {
    expect((await t.http.get('/api/demo/contacts').query({ wecomUserId: 'nobody' })).status).toBe(404);
    expect((await t.http.get('/api/demo/contacts')).status).toBe(400);
  });

  it('GET /api/demo/group-chats lists the customer groups the member is in (seeded from their customers)', async () => {
    const res = await t.http.get('/api/demo/group-chats').query({ wecomUserId: 'wangfang' });
    expect(res.status).toBe(200);
    const groups = z.array(demoGroupChatSchema).parse(res.body);
    expect(groups.map((g) => g.name)).toEqual(['王芳的理财沙龙群', '王芳的客户交流群']);
    expect(t.simulator!.control.wecom.groupChats('wangfang').map((g) => g.chatId)).toEqual(groups.map((g) => g.chatId));
    expect((await t.http.get('/api/demo/group-chats').query({ wecomUserId: 'nobody' })).status).toBe(404);
  });

  it('POST /api/demo/login-code gives a code that logs the advisor in', async () => {
    const res = await t.http.post('/api/demo/login-code').send({ wecomUserId: 'zhangwei' });
    expect(res.status).toBe(200);
    const { code } = demoLoginCodeSchema.parse(res.body);
    const login = await t.http.post('/api/auth/wecom').send({ code });
    expect(login.status).toBe(200);
    expect(sessionInfoSchema.parse(login.body).staff.wecomUserId).toBe('zhangwei');
    expect((await t.http.post('/api/demo/login-code').send({ wecomUserId: 'nobody' })).status).toBe(404);
  });

  it('POST /api/demo/chat-messages records what was sent into the chat', async () => {
    const message = { msgtype: 'news', news: { link: 'http://localhost:3000/p/1', title: '稳健理财', desc: '', imgUrl: '' } };
    const res = await t.http.post('/api/demo/chat-messages').send({ wecomUserId: 'wangfang', externalUserId: 'wmX', message });
    expect(res.status).toBe(201);
    const list = await t.http.get('/api/demo/chat-messages');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([expect.objectContaining({ wecomUserId: 'wangfang', externalUserId: 'wmX', message })]);
    expect((await t.http.post('/api/demo/chat-messages').send({ message })).status).toBe(400);
  });

  it('is public but rate-limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++) statuses.push((await t.http.get('/api/demo/group-chats').query({ wecomUserId: 'wangfang' })).status);
    expect(statuses).toContain(429);
  });
});

describe('demo endpoints with a real platform', () => {
  it('do not exist', async () => {
    const real = await createTestApp({ seed: false });
    try {
      const res = await real.http.get('/api/demo/staff');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
    } finally {
      await real.close();
    }
  });
});
