import { getJson, postJson, startSim, type Harness } from './helpers';

describe('WeChat Official Account', () => {
  let h: Harness;
  let realOpenid: string;
  let realUnionid: string;
  beforeAll(async () => {
    h = await startSim();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.sim.control.reset();
    const seeded = h.sim.control.seed({ oaUsers: [{ nickname: '王女士', subscribed: true }, { nickname: '路人', subscribed: false }] });
    realOpenid = seeded.oaUsers[0]!.openid;
    realUnionid = seeded.oaUsers[0]!.unionid;
  });

  const authorize = async (scope: string, extra: Record<string, string> = {}, redirect = 'https://bank.example/h5/cb') => {
    const q = new URLSearchParams({ appid: h.sim.credentials.oa.appId, redirect_uri: redirect, response_type: 'code', scope, state: 'S123', ...extra });
    const res = await fetch(`${h.base}/open-weixin/connect/oauth2/authorize?${q.toString()}#wechat_redirect`, { redirect: 'manual' });
    return res;
  };
  const codeFrom = (res: Response): string => {
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get('location') ?? '');
    expect(loc.searchParams.get('state')).toBe('S123');
    return loc.searchParams.get('code') ?? '';
  };
  const exchange = (code: string) =>
    getJson(`${h.base}/api-weixin/sns/oauth2/access_token?appid=${h.sim.credentials.oa.appId}&secret=${h.sim.credentials.oa.appSecret}&code=${code}&grant_type=authorization_code`);

  it('snsapi_base: silent redirect with code+state, openid only, code single use (40163)', async () => {
    const res = await authorize('snsapi_base', { sim_user: realOpenid });
    expect(res.headers.get('location')).toMatch(/^https:\/\/bank\.example\/h5\/cb\?code=[\w-]+&state=S123$/);
    const code = codeFrom(res);
    const tok = await exchange(code);
    expect(tok).toMatchObject({ openid: realOpenid, scope: 'snsapi_base', expires_in: 7200 });
    expect(tok).not.toHaveProperty('unionid');
    expect(tok).not.toHaveProperty('errcode');
    expect(tok).not.toHaveProperty('is_snapshotuser');
    expect((await exchange(code)).errcode).toBe(40163);
    // A base-scope token cannot read the profile.
    expect((await getJson(`${h.base}/api-weixin/sns/userinfo?access_token=${tok.access_token as string}&openid=${realOpenid}&lang=zh_CN`)).errcode).toBe(48001);
  });

  it('snsapi_userinfo: unionid in the exchange and the profile; #fragment of the redirect kept after the query', async () => {
    h.sim.control.oa.setBrowserUser(realOpenid);
    const res = await authorize('snsapi_userinfo', {}, 'https://bank.example/h5/?from=share#/bind');
    const loc = res.headers.get('location') ?? '';
    expect(loc).toMatch(/^https:\/\/bank\.example\/h5\/\?from=share&code=[\w-]+&state=S123#\/bind$/);
    const code = /code=([\w-]+)/.exec(loc)?.[1] ?? '';
    const tok = await exchange(code);
    expect(tok).toMatchObject({ openid: realOpenid, unionid: realUnionid, scope: 'snsapi_userinfo' });
    const info = await getJson(`${h.base}/api-weixin/sns/userinfo?access_token=${tok.access_token as string}&openid=${realOpenid}&lang=zh_CN`);
    expect(info).toMatchObject({ openid: realOpenid, nickname: '王女士', unionid: realUnionid, privilege: [] });
  });

  it('a browser nobody named stays the same WeChat user on its next authorisation (the openid kept in a cookie)', async () => {
    const first = await authorize('snsapi_base');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sim_wx_openid=o[\w-]+; path=\/; samesite=lax; httponly$/);
    const openid = (await exchange(codeFrom(first))).openid as string;
    expect(cookie).toContain(`sim_wx_openid=${openid};`);
    const again = await fetch(`${h.base}/open-weixin/connect/oauth2/authorize?${new URLSearchParams({ appid: h.sim.credentials.oa.appId, redirect_uri: 'https://bank.example/h5/cb', response_type: 'code', scope: 'snsapi_base', state: 'S123' })}`, {
      redirect: 'manual',
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect((await exchange(codeFrom(again))).openid).toBe(openid);
    // Another browser (no cookie) is another person; sim_user still picks anyone.
    expect((await exchange(codeFrom(await authorize('snsapi_base')))).openid).not.toBe(openid);
    expect((await exchange(codeFrom(await authorize('snsapi_base', { sim_user: realOpenid })))).openid).toBe(realOpenid);
  });

  it('snapshot mode yields a virtual identity with is_snapshotuser: 1 that cannot receive messages', async () => {
    h.sim.control.oa.setBrowserUser(realOpenid, { snapshot: true });
    const tok = await exchange(codeFrom(await authorize('snsapi_userinfo')));
    expect(tok.is_snapshotuser).toBe(1);
    expect(tok.openid).not.toBe(realOpenid);
    expect(tok.unionid).not.toBe(realUnionid);
    const access = await getJson(`${h.base}/api-weixin/cgi-bin/token?grant_type=client_credential&appid=${h.sim.credentials.oa.appId}&secret=${h.sim.credentials.oa.appSecret}`);
    const sent = await postJson(`${h.base}/api-weixin/cgi-bin/message/template/send?access_token=${access.access_token as string}`, {
      touser: tok.openid,
      template_id: 'T1',
      data: { thing1: { value: 'x' } },
    });
    expect(sent.errcode).toBe(40003);
  });

  it('codes expire after 5 minutes (40029); wrong appid, scope or state never redirect', async () => {
    const code = codeFrom(await authorize('snsapi_base', { sim_user: realOpenid }));
    h.sim.control.clock.advance(5 * 60 * 1000 + 1);
    expect((await exchange(code)).errcode).toBe(40029);
    const bad = async (extra: Record<string, string>) => (await authorize('snsapi_base', extra)).status;
    expect(await bad({ appid: 'wxnotours' })).toBe(400);
    expect(await bad({ scope: 'snsapi_login' })).toBe(400);
    expect(await bad({ state: 'has-dash' })).toBe(400);
  });

  it('basic token: new token per call, the old one still works for 5 minutes; ticket; template messages', async () => {
    const oa = h.sim.credentials.oa;
    const tokenUrl = `${h.base}/api-weixin/cgi-bin/token?grant_type=client_credential&appid=${oa.appId}&secret=${oa.appSecret}`;
    expect((await getJson(`${h.base}/api-weixin/cgi-bin/token?grant_type=client_credential&appid=${oa.appId}&secret=bad`)).errcode).toBe(40125);
    const t1 = (await getJson(tokenUrl)).access_token as string;
    const t2 = (await getJson(tokenUrl)).access_token as string;
    expect(t1).not.toBe(t2);
    const ticket = await getJson(`${h.base}/api-weixin/cgi-bin/ticket/getticket?access_token=${t1}&type=jsapi`);
    expect(ticket).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    h.sim.control.clock.advance(5 * 60 * 1000 + 1);
    expect((await getJson(`${h.base}/api-weixin/cgi-bin/ticket/getticket?access_token=${t1}&type=jsapi`)).errcode).toBe(42001);

    const send = (touser: string) =>
      postJson(`${h.base}/api-weixin/cgi-bin/message/template/send?access_token=${t2}`, {
        touser,
        template_id: 'TPL_MATURITY',
        url: 'https://bank.example/p/1',
        data: { thing1: { value: '稳健理财A' }, time2: { value: '2026-12-01' } },
      });
    const ok = await send(realOpenid);
    expect(ok).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(typeof ok.msgid).toBe('number');
    const notFollowing = h.sim.control.oa.users().find((u) => u.nickname === '路人')!.openid;
    expect((await send(notFollowing)).errcode).toBe(43004);
    expect(h.sim.control.oa.templateMessages()).toEqual([expect.objectContaining({ touser: realOpenid, templateId: 'TPL_MATURITY' })]);
    const malformed = await fetch(`${h.base}/api-weixin/cgi-bin/message/template/send?access_token=${t2}`, { method: 'POST', body: '{oops' });
    expect(((await malformed.json()) as { errcode: number }).errcode).toBe(47001);
  });
});
