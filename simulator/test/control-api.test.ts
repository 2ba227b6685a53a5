import { getJson, postJson, startReceiver, startSim, wecomToken, type Harness } from './helpers';

describe('/control HTTP API', () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let ctl: string;
  beforeAll(async () => {
    h = await startSim({ seed: { departments: [{ id: 1, name: '模拟银行' }], users: [{ userid: 'advisor01', name: '张三' }] } });
    receiver = await startReceiver(() => ({ status: 200 }));
    ctl = `${h.base}/control`;
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });

  const put = async (url: string, body: unknown) => (await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, unknown>>;

  it('exposes public credentials only', async () => {
    const creds = await getJson(`${ctl}/credentials`);
    expect(creds).toMatchObject({ wecom: { corpId: h.sim.credentials.wecom.corpId }, pay: { platformPublicKeyId: h.sim.credentials.pay.platformPublicKeyId } });
    const text = JSON.stringify(creds);
    for (const secret of [h.sim.credentials.wecom.corpSecret, h.sim.credentials.wecom.encodingAESKey, h.sim.credentials.pay.apiV3Key, h.sim.credentials.oa.appSecret]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain('PRIVATE KEY');
  });

  it('seeds, drives a customer add with wait, inspects deliveries and state, then resets', async () => {
    const seeded = await postJson(`${ctl}/seed`, {
      users: [{ userid: 'advisor02', name: '李四' }],
      customers: [{ name: '老客户', follows: [{ userid: 'advisor02', remark: '老王' }] }],
    });
    expect(seeded.users).toEqual(['advisor02']);
    expect(await put(`${ctl}/wecom/callback-url`, { url: `${receiver.url}/cb` })).toEqual({ ok: true });

    const added = await postJson(`${ctl}/wecom/customer-adds-advisor`, { userId: 'advisor01', state: 'panel', wait: true });
    expect(added).toMatchObject({ emitted: true, state: 'panel', delivery: { status: 'delivered' } });
    expect(receiver.requests).toHaveLength(1);
    const deliveries = (await getJson(`${ctl}/wecom/deliveries`)) as unknown as { meta: Record<string, string>; attempts: unknown[] }[];
    expect(deliveries[0]?.meta).toMatchObject({ ChangeType: 'add_external_contact', State: 'panel', UserID: 'advisor01' });

    const bad = await postJson(`${ctl}/wecom/customer-adds-advisor`, { userId: 'ghost' });
    expect(bad.error).toMatch(/unknown userid/);

    const state = await getJson(`${ctl}/state`);
    expect((state.contacts as { name: string }[]).map((c) => c.name)).toContain('老客户');

    await postJson(`${ctl}/wecom/faults`, { api: 'gettoken', errcode: -1, count: 1 });
    const c = h.sim.credentials.wecom;
    expect((await getJson(`${h.base}/qyapi/cgi-bin/gettoken?corpid=${c.corpId}&corpsecret=${c.corpSecret}`)).errcode).toBe(-1);
    expect(((await getJson(`${ctl}/wecom/calls`)).counts as Record<string, number>).gettoken).toBe(1);

    await postJson(`${ctl}/reset`, {});
    const after = await getJson(`${ctl}/state`);
    expect((after.users as { userid: string }[]).map((u) => u.userid)).toEqual(['advisor01']);
    expect(after.contacts).toEqual([]);
    expect(await getJson(`${ctl}/wecom/deliveries`)).toEqual([]);
  });

  it('advances the clock, issues login codes and scripts SMS / IDV over HTTP', async () => {
    const before = (await getJson(`${ctl}/clock`)).now as number;
    const advanced = (await postJson(`${ctl}/clock/advance`, { ms: 60_000 })).now as number;
    expect(advanced - before).toBeGreaterThanOrEqual(60_000);
    const { code } = await postJson(`${ctl}/wecom/login-code`, { userid: 'advisor01' });
    const token = await wecomToken(h);
    const session = await getJson(`${h.base}/qyapi/cgi-bin/miniprogram/jscode2session?access_token=${token}&js_code=${code as string}&grant_type=authorization_code`);
    expect(session.userid).toBe('advisor01');
    expect(await postJson(`${ctl}/sms/faults`, { code: 'PROVIDER_ERROR', count: 2 })).toEqual({ ok: true });
    expect(await postJson(`${ctl}/idv/scripts`, { outcome: 'mismatch', mismatchFields: ['name'] })).toEqual({ ok: true });
    expect((await postJson(`${ctl}/idv/scripts`, { outcome: 'nope' })).error).toMatch(/outcome/);
    expect(await getJson(`${ctl}/sms/last-code?phone=13800138000`)).toEqual({ code: null });
  });

  it('WeCom-browser OAuth (appid = corpid) → auth/getuserinfo', async () => {
    await postJson(`${ctl}/wecom/browser-user`, { userid: 'advisor01' });
    const q = new URLSearchParams({ appid: h.sim.credentials.wecom.corpId, redirect_uri: 'https://bank.example/workbench', response_type: 'code', scope: 'snsapi_base', state: 'w1' });
    const res = await fetch(`${h.base}/open-weixin/connect/oauth2/authorize?${q.toString()}`, { redirect: 'manual' });
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code');
    const token = await wecomToken(h);
    const info = await getJson(`${h.base}/qyapi/cgi-bin/auth/getuserinfo?access_token=${token}&code=${code ?? ''}`);
    expect(info).toMatchObject({ errcode: 0, userid: 'advisor01' });
    expect((await getJson(`${h.base}/qyapi/cgi-bin/auth/getuserinfo?access_token=${token}&code=${code ?? ''}`)).errcode).toBe(40029);
  });
});
