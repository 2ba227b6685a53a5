import { meSchema, SESSION_EXPIRES_HEADER } from '@pfs/shared';
import { loadPrincipal } from '../src/modules/auth/login.service';
import { SessionStore } from '../src/modules/auth/session-store';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('sessions', () => {
  it('issues an opaque token that identifies the staff member, and renews it on use', async () => {
    const token = await t.tokenFor('wangfang');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const res = await t.http.get('/api/me').set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    const me = meSchema.parse(res.body);
    expect(me.staff).toMatchObject({ wecomUserId: 'wangfang', name: '王芳', roles: ['ADVISOR'], unit: { name: '国贸网点', level: 'OUTLET' } });
    const expires = Date.parse(String(res.headers[SESSION_EXPIRES_HEADER]));
    expect(expires - Date.now()).toBeGreaterThan(t.deps.config.SESSION_TTL_SECONDS * 1000 - 5000);
  });

  it('keeps only a hash of the token in Redis', async () => {
    const token = await t.tokenFor('lijun');
    const keys = await t.deps.redis.client.keys(`${t.deps.redis.prefix}session:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((k) => k.includes(token))).toBe(false);
  });

  it('expires after its TTL and slides forward when used', async () => {
    const store = new SessionStore(t.deps.redis.client, 1);
    const principal = await loadPrincipal(t.deps.db.prisma, { wecomUserId: 'wangfang' });
    const { token } = await store.create(principal);
    await new Promise((r) => setTimeout(r, 600));
    expect(await store.touch(token)).not.toBeNull(); // renewed for another second
    await new Promise((r) => setTimeout(r, 600));
    expect(await store.touch(token)).not.toBeNull(); // 1.2 s after creation, alive thanks to the renewal
    await new Promise((r) => setTimeout(r, 1300));
    expect(await store.touch(token)).toBeNull();
  });

  it('logout revokes the session: the token stops working', async () => {
    const token = await t.tokenFor('zhangwei');
    const out = await t.http.post('/api/auth/logout').set('authorization', `Bearer ${token}`);
    expect(out.status).toBe(204);
    const res = await t.http.get('/api/me').set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('revokes every session of one staff member', async () => {
    const a = await t.tokenFor('chenjing');
    const b = await t.tokenFor('chenjing');
    const staff = await t.deps.db.prisma.staff.findUniqueOrThrow({ where: { wecomUserId: 'chenjing' } });
    expect(await t.deps.sessions.revokeAllFor(staff.id)).toBe(2);
    for (const token of [a, b]) expect((await t.http.get('/api/me').set('authorization', `Bearer ${token}`)).status).toBe(401);
  });

  it('rejects malformed authorization headers without touching Redis', async () => {
    const res = await t.http.get('/api/me').set('authorization', 'Basic abc');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses inactive staff at login', async () => {
    await t.deps.db.prisma.staff.update({ where: { wecomUserId: 'E100010' }, data: { active: false } }).catch(() => undefined);
    const inactive = await t.deps.db.prisma.staff.findFirst({ where: { active: false } });
    expect(inactive).not.toBeNull();
    await expect(t.tokenFor(inactive!.wecomUserId)).rejects.toMatchObject({ code: 'STAFF_NOT_FOUND' });
  });
});
