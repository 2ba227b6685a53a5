import { randomBytes } from 'node:crypto';
import { createTestApp, ManualClock, type TestApp } from '../../../test/helpers/test-app';
import { h5, h5Flow, loginCookieOf } from '../../../test/helpers/h5-flow';
import { OAUTH_STATE_TTL_SECONDS } from './oauth-state';

// GET /api/h5/oauth/callback: WeChat sends the browser back with `code` and `state`. Only a state this browser
// started, once, within its minutes, leads to a session; the redirect never carries the link's token, and every
// refusal looks the same.
const clock = new ManualClock(Date.now());
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ platform: true, listen: true, clock, env: { H5_RATE_LIMIT_PER_MINUTE: '1000' } });
});
afterAll(() => t.close());
const f = h5Flow(() => t);
const prisma = () => t.deps.db.prisma;

/** What every refused callback answers: the page with a generic error, nothing else. */
const refusedPage = () => `${f.publicBase()}/#/verify/pages/index?error=WECHAT_AUTH_REQUIRED`;

/** The callback URL with a login code the simulator issued to `openid` for `state` (what WeChat would send). */
async function callbackWithCode(state: string, openid: string): Promise<string> {
  const q = new URLSearchParams({ appid: t.deps.platform.wechat!.appId, redirect_uri: `${f.publicBase()}/api/h5/oauth/callback`, response_type: 'code', scope: 'snsapi_base', state, sim_user: openid });
  return f.authorize(`${t.deps.platform.wechat!.oauthBase}/connect/oauth2/authorize?${q.toString()}#wechat_redirect`);
}

async function rawCallback(url: string, cookie = ''): Promise<Response> {
  const res = await f.fetchPublic(url, { headers: cookie ? { cookie } : {} });
  expect(res.status).toBe(302);
  return res;
}

const stateOf = (authorizeUrl: string) => new URL(authorizeUrl.replace('#wechat_redirect', '')).searchParams.get('state')!;

describe('the WeChat login return', () => {
  it('the normal flow: a session for the page, no link token in the redirect, the invitation bound, the login cookie cleared', async () => {
    const c = await f.customerAdds();
    const start = await f.startLogin(c.token, 'o_login_ok');
    const res = await rawCallback(await f.authorize(start.location), start.cookie);
    const page = f.pageParams(res.headers.get('location')!);
    expect([...page.keys()]).toEqual(['s']);
    expect(res.headers.get('location')).not.toContain(c.token.split('.')[1]!);
    expect(res.headers.get('set-cookie')).toMatch(/^pfs_h5_login=; path=\/api\/h5\/oauth; expires=Thu, 01 Jan 1970 00:00:00 GMT/);
    const session = page.get('s')!;
    expect((await t.http.get(`/api/h5/invitations/${c.token}`).set(h5(session)).expect(200)).body).toMatchObject({ needsLogin: false, status: 'OPENED' });
    expect((await prisma().invitation.findUniqueOrThrow({ where: { id: c.invitationId } })).openid).toBe('o_login_ok');
  });

  it('the old takeover: state = the invitation id (without dashes) gets nothing, with or without a code issued to the attacker', async () => {
    const c = await f.customerAdds();
    const state = c.invitationId.replaceAll('-', '');
    // No code: the old answer carried a valid link token.
    const bare = await rawCallback(`${f.publicBase()}/api/h5/oauth/callback?state=${state}`);
    expect(bare.headers.get('location')).toBe(refusedPage());
    // A code WeChat issued to the attacker, with and without a login cookie of the attacker's own (another link).
    const own = await f.customerAdds();
    const attackerCookie = (await f.startLogin(own.token, 'o_attacker')).cookie;
    for (const cookie of ['', attackerCookie]) {
      const res = await rawCallback(await callbackWithCode(state, 'o_attacker'), cookie);
      expect(res.headers.get('location')).toBe(refusedPage());
    }
    expect((await prisma().invitation.findUniqueOrThrow({ where: { id: c.invitationId } })).openid).toBeNull();
    // The real customer's link still works.
    expect((await f.oauth(c.token, 'o_real_customer')).get('s')).toBeTruthy();
    expect((await prisma().invitation.findUniqueOrThrow({ where: { id: c.invitationId } })).openid).toBe('o_real_customer');
  });

  it('a state is single use: the callback replayed, or the state sent again with a fresh code, gets nothing', async () => {
    const c = await f.customerAdds();
    const start = await f.startLogin(c.token, 'o_replay');
    const callback = await f.authorize(start.location);
    expect((await f.callback(callback, start.cookie)).get('s')).toBeTruthy();
    expect((await rawCallback(callback, start.cookie)).headers.get('location')).toBe(refusedPage());
    expect((await rawCallback(await callbackWithCode(stateOf(start.location), 'o_replay'), start.cookie)).headers.get('location')).toBe(refusedPage());
  });

  it('a state from another browser is refused (no login cookie, or another browser’s), and is used up by the try', async () => {
    const c = await f.customerAdds();
    const a = await f.startLogin(c.token, 'o_browser_a');
    const callbackA = await f.authorize(a.location);
    expect((await rawCallback(callbackA)).headers.get('location')).toBe(refusedPage());
    expect((await rawCallback(callbackA, a.cookie)).headers.get('location')).toBe(refusedPage()); // used up

    const b = await f.startLogin(c.token, 'o_browser_a');
    expect(b.cookie).not.toBe(a.cookie);
    for (const wrong of [b.cookie, 'pfs_h5_login=not-a-secret', `pfs_h5_login=${'A'.repeat(43)}`]) {
      const a2 = await f.startLogin(c.token, 'o_browser_a', {}, a.cookie);
      expect((await rawCallback(await f.authorize(a2.location), wrong)).headers.get('location')).toBe(refusedPage());
    }
    expect((await prisma().invitation.findUniqueOrThrow({ where: { id: c.invitationId } })).openid).toBeNull();
    // Browser B's own login is fine.
    expect((await f.callback(await f.authorize(b.location), b.cookie)).get('s')).toBeTruthy();
  });

  it('every refusal looks the same: unknown or malformed state, none at all, a revoked invitation’s id', async () => {
    const c = await f.customerAdds();
    const bearer = await t.tokenFor('wangfang');
    await t.http.post(`/api/customers/${c.customer.id}/invitations`).set('Authorization', `Bearer ${bearer}`).expect(201);
    const cookie = (await f.startLogin((await f.customerAdds()).token, 'o_refusals')).cookie;
    for (const query of [`state=${randomBytes(32).toString('hex')}&code=abc`, 'state=abc', '', 'code=abc', `state=${c.invitationId.replaceAll('-', '')}`, 'state=a&state=b']) {
      const res = await rawCallback(`${f.publicBase()}/api/h5/oauth/callback?${query}`, cookie);
      expect([query, res.headers.get('location')]).toEqual([query, refusedPage()]);
    }
    // A NUL never reaches the login: the edge refuses it like on every route (400, the error shape, no redirect).
    const nul = await f.fetchPublic(`${f.publicBase()}/api/h5/oauth/callback?state=%00`, { headers: { cookie } });
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  it('a snapshot (Moments preview) user is never bound; a link opened by one WeChat user refuses another', async () => {
    const c = await f.customerAdds();
    const snap = await f.oauth(c.token, 'o_snapshot_person', { scope: 'snsapi_userinfo', sim_snapshot: '1' });
    expect(snap.get('error')).toBe('WECHAT_AUTH_REQUIRED');
    expect(snap.get('s')).toBeNull();
    expect((await prisma().invitation.findUniqueOrThrow({ where: { id: c.invitationId } })).openid).toBeNull();

    expect((await f.oauth(c.token, 'o_first_user')).get('s')).toBeTruthy();
    expect((await f.oauth(c.token, 'o_first_user')).get('s')).toBeTruthy(); // the same person again is fine
    expect(Object.fromEntries(await f.oauth(c.token, 'o_second_user'))).toEqual({ error: 'INVITATION_INVALID' });
  });

  it('after the login, the link opened again in a new tab starts a new login (new state) and lands on the page again', async () => {
    const c = await f.customerAdds();
    // The demo's browser: nobody names the WeChat user; the simulated WeChat remembers it (its own cookie).
    const firstStart = await fetch(`${f.base()}/api/h5/oauth/start?${new URLSearchParams({ t: c.token })}`, { redirect: 'manual' });
    const loginCookie = loginCookieOf(firstStart);
    const firstAuthorize = await fetch(firstStart.headers.get('location')!, { redirect: 'manual' });
    const wechatCookie = loginCookieOf(firstAuthorize);
    expect(wechatCookie).toMatch(/^sim_wx_openid=/);
    const first = await f.callback(firstAuthorize.headers.get('location')!, loginCookie);
    await f.consent(first.get('s')!);

    // The new tab has no H5 session: the page asks for a login.
    expect((await t.http.get(`/api/h5/invitations/${c.token}`).expect(200)).body).toMatchObject({ status: 'CONSENTED', needsLogin: true });
    const again = await fetch(`${f.base()}/api/h5/oauth/start?${new URLSearchParams({ t: c.token })}`, { redirect: 'manual' });
    const location = again.headers.get('location')!;
    expect(stateOf(location)).not.toBe(stateOf(firstStart.headers.get('location')!));
    const secondAuthorize = await fetch(location, { redirect: 'manual', headers: { cookie: wechatCookie } });
    const second = await f.callback(secondAuthorize.headers.get('location')!, loginCookieOf(again));
    expect([...second.keys()]).toEqual(['s']);
    expect(second.get('s')).not.toBe(first.get('s'));
    expect((await t.http.get(`/api/h5/invitations/${c.token}`).set(h5(second.get('s')!)).expect(200)).body).toMatchObject({ status: 'CONSENTED', needsLogin: false });
  });

  it(`a state older than ${OAUTH_STATE_TTL_SECONDS / 60} minutes is refused (the app's clock)`, async () => {
    const c = await f.customerAdds();
    const fresh = await f.startLogin(c.token, 'o_slow');
    const stale = await f.startLogin(c.token, 'o_slow', {}, fresh.cookie);
    clock.advance(OAUTH_STATE_TTL_SECONDS * 1000 - 1000);
    expect((await f.callback(await f.authorize(fresh.location), fresh.cookie)).get('s')).toBeTruthy();
    clock.advance(1000);
    expect((await rawCallback(await f.authorize(stale.location), stale.cookie)).headers.get('location')).toBe(refusedPage());
  });
});
