import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { h5Flow } from '../../../test/helpers/h5-flow';
import { flipLastLowBit } from '../../../test/helpers/tamper';

// GET /api/h5/oauth/start: the verify page's 开始认证. The browser goes to WeChat's authorize page with a state that
// is a fresh single-use nonce (never the invitation id) and gets the HttpOnly login cookie it is bound to.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ platform: true, listen: true, env: { H5_RATE_LIMIT_PER_MINUTE: '1000', TRUST_PROXY: 'true' } });
});
afterAll(() => t.close());
const f = h5Flow(() => t);

describe('starting the WeChat login', () => {
  it('a fresh unguessable state per login, never the invitation id, and the login cookie (HttpOnly, SameSite=Lax, login path only)', async () => {
    const c = await f.customerAdds();
    const first = await f.startLogin(c.token, 'o_start_user');
    const authorize = new URL(first.location.replace('#wechat_redirect', ''));
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      appid: t.deps.platform.wechat!.appId,
      redirect_uri: `${f.publicBase()}/api/h5/oauth/callback`,
      response_type: 'code',
      scope: 'snsapi_base',
      state: expect.stringMatching(/^[0-9a-f]{64}$/),
      sim_user: 'o_start_user',
    });
    const state = authorize.searchParams.get('state')!;
    expect(state).not.toContain(c.invitationId.replaceAll('-', ''));
    expect(first.location).not.toContain(c.token);

    const res = await fetch(`${f.base()}/api/h5/oauth/start?${new URLSearchParams({ t: c.token })}`, { redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^pfs_h5_login=[A-Za-z0-9_-]{43}; path=\/api\/h5\/oauth; expires=[^;]+; samesite=lax; httponly$/);
    expect(setCookie).not.toContain('secure');
    const again = new URL(res.headers.get('location')!.replace('#wechat_redirect', '')).searchParams.get('state');
    expect(again).toMatch(/^[0-9a-f]{64}$/);
    expect(again).not.toBe(state);

    // Every login gets a secret of its own.
    expect(setCookie.split(';')[0]).not.toBe(first.cookie);
  });

  it('the login cookie is Secure over HTTPS (here: behind the trusted proxy)', async () => {
    const c = await f.customerAdds();
    const res = await fetch(`${f.base()}/api/h5/oauth/start?${new URLSearchParams({ t: c.token })}`, { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('set-cookie')).toMatch(/; secure; httponly$/);
  });

  it('a link that is no good goes back to the page with its error and no login cookie', async () => {
    const c = await f.customerAdds();
    const back = async (query: string) => {
      const res = await fetch(`${f.base()}/api/h5/oauth/start?${query}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('set-cookie')).toBeNull();
      return f.pageParams(res.headers.get('location')!);
    };
    expect(Object.fromEntries(await back('t=not-a-token'))).toEqual({ error: 'INVITATION_INVALID' });
    expect(Object.fromEntries(await back(''))).toEqual({ error: 'INVITATION_INVALID' });
    // An altered signature (low bits of its last character) is a forged link.
    const [body, sig] = c.token.split('.') as [string, string];
    const altered = `${body}.${flipLastLowBit(sig, 'base64url')}`;
    expect((await back(new URLSearchParams({ t: altered }).toString())).get('error')).toBe('INVITATION_INVALID');
    // An invitation id is not a link.
    expect((await back(new URLSearchParams({ t: c.invitationId }).toString())).get('error')).toBe('INVITATION_INVALID');

    const bearer = await t.tokenFor('wangfang');
    await t.http.post(`/api/customers/${c.customer.id}/invitations`).set('Authorization', `Bearer ${bearer}`).expect(201);
    expect(Object.fromEntries(await back(new URLSearchParams({ t: c.token }).toString()))).toEqual({ t: c.token, error: 'INVITATION_REVOKED' });
  });
});
