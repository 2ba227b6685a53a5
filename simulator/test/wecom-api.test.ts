import { getJson, postJson, startSim, wecomToken, type Harness } from './helpers';

const seed = {
  departments: [
    { id: 1, name: '模拟银行' },
    { id: 2, name: '财富管理部', parentId: 1 },
    { id: 3, name: '一组', parentId: 2 },
    { id: 9, name: '其他', parentId: 1 },
  ],
  users: [
    { userid: 'advisor01', name: '张三', department: [3], position: '理财经理' },
    { userid: 'advisor02', name: '李四', department: [3] },
    { userid: 'loner', name: '王五', department: [9] },
  ],
  tagGroups: [{ name: '风险等级', order: 10, tags: [{ name: 'R1' }, { name: 'R2' }] }],
  customers: [
    { externalUserId: 'wmCustomer000000000000000000001', name: '客户甲', gender: 1 as const, follows: [{ userid: 'advisor01', remark: '甲', tags: ['R1'], state: 'ch01' }] },
    ...Array.from({ length: 5 }, (_, i) => ({ name: `批量${i}`, follows: [{ userid: 'advisor02', createtime: 1700000000 + i }] })),
  ],
};

describe('WeCom server API', () => {
  let h: Harness;
  let qy: string;
  beforeAll(async () => {
    h = await startSim({ seed });
    qy = `${h.base}/qyapi/cgi-bin`;
  });
  afterAll(() => h.close());
  beforeEach(() => h.sim.control.reset());

  it('gettoken: same token while valid, 42001 after expiry by the simulator clock, 40014 after invalidation', async () => {
    const c = h.sim.credentials.wecom;
    const first = await getJson(`${qy}/gettoken?corpid=${c.corpId}&corpsecret=${c.corpSecret}`);
    expect(first).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    const token = first.access_token as string;
    expect(token.length).toBeLessThanOrEqual(512);
    expect((await getJson(`${qy}/user/get?access_token=${token}&userid=advisor01`)).errcode).toBe(0);
    expect(h.sim.control.wecom.calls().gettoken).toBe(1);

    h.sim.control.clock.advance(7200 * 1000);
    const expired = await getJson(`${qy}/user/get?access_token=${token}&userid=advisor01`);
    expect(expired.errcode).toBe(42001);
    expect(expired.errmsg).toMatch(/access_token expired.*devtool\/query\?e=42001/);

    const second = await wecomToken(h);
    expect(second).not.toBe(token);
    h.sim.control.wecom.invalidateTokens();
    expect((await getJson(`${qy}/user/get?access_token=${second}&userid=advisor01`)).errcode).toBe(40014);
    expect((await getJson(`${qy}/user/get?userid=advisor01`)).errcode).toBe(41001);
    expect(h.sim.control.wecom.calls()).toMatchObject({ gettoken: 2, 'user/get': 4 });
  });

  it('gettoken rejects a wrong corpid (40013) and a wrong secret (40001)', async () => {
    const c = h.sim.credentials.wecom;
    expect((await getJson(`${qy}/gettoken?corpid=wwnope&corpsecret=${c.corpSecret}`)).errcode).toBe(40013);
    expect((await getJson(`${qy}/gettoken?corpid=${c.corpId}&corpsecret=wrong`)).errcode).toBe(40001);
  });

  it('miniprogram/jscode2session: a login code works once within 5 minutes, otherwise 40029', async () => {
    const token = await wecomToken(h);
    const code = h.sim.control.wecom.loginCode('advisor01');
    const url = (c: string) => `${qy}/miniprogram/jscode2session?access_token=${token}&js_code=${c}&grant_type=authorization_code`;
    const ok = await getJson(url(code));
    expect(ok).toMatchObject({ errcode: 0, corpid: h.sim.credentials.wecom.corpId, userid: 'advisor01' });
    expect(typeof ok.session_key).toBe('string');
    expect((await getJson(url(code))).errcode).toBe(40029);
    const late = h.sim.control.wecom.loginCode('advisor02');
    h.sim.control.clock.advance(5 * 60 * 1000 + 1);
    const fresh = await wecomToken(h);
    expect((await getJson(`${qy}/miniprogram/jscode2session?access_token=${fresh}&js_code=${late}&grant_type=authorization_code`)).errcode).toBe(40029);
  });

  it('org: user/get (no avatar/mobile) and department/list subtree', async () => {
    const token = await wecomToken(h);
    const u = await getJson(`${qy}/user/get?access_token=${token}&userid=advisor01`);
    expect(u).toMatchObject({ userid: 'advisor01', name: '张三', department: [3], main_department: 3, position: '理财经理', status: 1 });
    expect(u).not.toHaveProperty('mobile');
    expect((await getJson(`${qy}/user/get?access_token=${token}&userid=ghost`)).errcode).toBe(60111);
    const sub = await getJson(`${qy}/department/list?access_token=${token}&id=2`);
    expect((sub.department as { id: number }[]).map((d) => d.id)).toEqual([2, 3]);
    expect((await getJson(`${qy}/department/list?access_token=${token}&id=77`)).errcode).toBe(60123);
  });

  it('externalcontact: get with follow_user tags/state, list with 84061, cursor-paged batch/get_by_user', async () => {
    const token = await wecomToken(h);
    const got = await getJson(`${qy}/externalcontact/get?access_token=${token}&external_userid=wmCustomer000000000000000000001`);
    expect(got.external_contact).toMatchObject({ external_userid: 'wmCustomer000000000000000000001', name: '客户甲', type: 1, gender: 1 });
    expect((got.external_contact as { unionid: string }).unionid).toMatch(/^o/);
    const follow = (got.follow_user as Record<string, unknown>[])[0];
    expect(follow).toMatchObject({ userid: 'advisor01', remark: '甲', state: 'ch01', add_way: 1 });
    expect(follow?.tags).toEqual([expect.objectContaining({ group_name: '风险等级', tag_name: 'R1', type: 1 })]);

    expect((await getJson(`${qy}/externalcontact/get_follow_user_list?access_token=${token}`)).follow_user).toEqual(['advisor01', 'advisor02', 'loner']);
    expect((await getJson(`${qy}/externalcontact/list?access_token=${token}&userid=advisor02`)).external_userid).toHaveLength(5);
    expect((await getJson(`${qy}/externalcontact/list?access_token=${token}&userid=loner`)).errcode).toBe(84061);

    const names: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const page = await postJson(`${qy}/externalcontact/batch/get_by_user?access_token=${token}`, { userid_list: ['advisor02'], cursor, limit: 2 });
      expect(page.errcode).toBe(0);
      for (const item of page.external_contact_list as { external_contact: { name: string }; follow_info: { tag_id: string[] } }[]) {
        names.push(item.external_contact.name);
        expect(item.follow_info.tag_id).toEqual([]);
      }
      cursor = page.next_cursor as string;
      pages += 1;
    } while (cursor !== '');
    expect(pages).toBe(3);
    expect(names).toEqual(['批量0', '批量1', '批量2', '批量3', '批量4']);
  });

  it('tags: add_corp_tag into an existing group by name, mark_tag, remark — and none of it triggers a callback', async () => {
    const token = await wecomToken(h);
    const ext = 'wmCustomer000000000000000000001';
    const added = await postJson(`${qy}/externalcontact/add_corp_tag?access_token=${token}`, { group_name: '风险等级', tag: [{ name: 'R3', order: 5 }] });
    expect(added.errcode).toBe(0);
    const r3 = (added.tag_group as { tag: { id: string; name: string }[] }).tag[0];
    expect(r3?.name).toBe('R3');
    expect((await postJson(`${qy}/externalcontact/add_corp_tag?access_token=${token}`, { group_name: '风险等级', tag: [{ name: 'R3' }] })).errcode).toBe(40071);

    const list = await postJson(`${qy}/externalcontact/get_corp_tag_list?access_token=${token}`, {});
    const group = (list.tag_group as { group_name: string; tag: { name: string }[] }[])[0];
    expect(group?.group_name).toBe('风险等级');
    expect(group?.tag.map((t) => t.name)).toEqual(['R3', 'R1', 'R2']); // larger order first

    expect((await postJson(`${qy}/externalcontact/mark_tag?access_token=${token}`, { userid: 'advisor01', external_userid: ext, add_tag: [r3?.id] })).errcode).toBe(0);
    expect((await postJson(`${qy}/externalcontact/mark_tag?access_token=${token}`, { userid: 'advisor01', external_userid: ext, add_tag: ['etnope'] })).errcode).toBe(40068);
    expect((await postJson(`${qy}/externalcontact/remark?access_token=${token}`, { userid: 'advisor01', external_userid: ext, remark: '新备注', description: 'VIP' })).errcode).toBe(0);
    expect((await postJson(`${qy}/externalcontact/remark?access_token=${token}`, { userid: 'advisor01', external_userid: ext, remark: 'x'.repeat(21) })).errcode).toBe(40058);

    const f = h.sim.state.follow('advisor01', ext);
    expect(f?.remark).toBe('新备注');
    expect(f?.tagIds).toContain(r3?.id);
    expect(h.sim.control.wecom.deliveries()).toHaveLength(0);
  });

  it('message/send records text, textcard, template_card and miniprogram_notice; reports invalid users', async () => {
    const token = await wecomToken(h);
    const agentid = h.sim.credentials.wecom.agentId;
    const send = (body: Record<string, unknown>) => postJson(`${qy}/message/send?access_token=${token}`, { agentid, ...body });
    const text = await send({ touser: 'advisor01|ghost', msgtype: 'text', text: { content: '客户甲已付款' } });
    expect(text).toMatchObject({ errcode: 0, invaliduser: 'ghost' });
    expect(typeof text.msgid).toBe('string');
    expect((await send({ touser: 'advisor01', msgtype: 'textcard', textcard: { title: '到期提醒', description: '产品A明日到期', url: 'https://bank.example/p/1' } })).errcode).toBe(0);
    const card = await send({
      touser: 'advisor01',
      msgtype: 'template_card',
      template_card: { card_type: 'button_interaction', main_title: { title: '客户咨询' }, task_id: 'task-1', button_list: [{ text: '接单', key: 'take' }] },
    });
    expect(card.errcode).toBe(0);
    expect(typeof card.response_code).toBe('string');
    expect(
      (await send({ touser: 'advisor01', msgtype: 'miniprogram_notice', miniprogram_notice: { appid: 'wxmini', title: '产品到期提醒', content_item: [{ key: '产品', value: '稳健理财A' }] } })).errcode,
    ).toBe(0);
    expect((await send({ touser: 'advisor01', msgtype: 'miniprogram_notice', miniprogram_notice: { appid: 'wxmini', title: '这个标题实在是太长了超过十二个字' } })).errcode).toBe(40058);
    expect((await send({ touser: 'ghost', msgtype: 'text', text: { content: 'x' } })).errcode).toBe(81013);
    expect((await postJson(`${qy}/message/send?access_token=${token}`, { agentid: 1, touser: 'advisor01', msgtype: 'text', text: { content: 'x' } })).errcode).toBe(40056);
    expect(h.sim.control.wecom.messages().map((m) => m.msgtype)).toEqual(['text', 'textcard', 'template_card', 'miniprogram_notice']);
    expect(h.sim.control.wecom.messages()[0]).toMatchObject({ touser: ['advisor01'], invaliduser: ['ghost'], body: { content: '客户甲已付款' } });
  });

  it('strict parsing: malformed JSON → 47001, wrong JSON type → 47001', async () => {
    const token = await wecomToken(h);
    const raw = await fetch(`${qy}/externalcontact/mark_tag?access_token=${token}`, { method: 'POST', body: '{"userid": "advisor01",' });
    expect(((await raw.json()) as { errcode: number }).errcode).toBe(47001);
    expect((await postJson(`${qy}/externalcontact/mark_tag?access_token=${token}`, { userid: 42, external_userid: 'x' })).errcode).toBe(47001);
  });

  it('error injection: next N calls to an API fail with 45009 / -1, and still count', async () => {
    const token = await wecomToken(h);
    h.sim.control.wecom.failNext('externalcontact/get', 45009, 2);
    h.sim.control.wecom.failNext('user/get', -1);
    const url = `${qy}/externalcontact/get?access_token=${token}&external_userid=wmCustomer000000000000000000001`;
    expect((await getJson(url)).errcode).toBe(45009);
    expect((await getJson(url)).errcode).toBe(45009);
    expect((await getJson(url)).errcode).toBe(0);
    expect((await getJson(`${qy}/user/get?access_token=${token}&userid=advisor01`)).errcode).toBe(-1);
    expect((await getJson(`${qy}/user/get?access_token=${token}&userid=advisor01`)).errcode).toBe(0);
    expect(h.sim.control.wecom.calls()['externalcontact/get']).toBe(3);
    expect(h.sim.control.wecom.callLog().filter((c) => c.errcode !== 0).map((c) => c.errcode)).toEqual([45009, 45009, -1]);
  });

  it('JS-SDK tickets: corp and agent tickets, signature check helper', async () => {
    const token = await wecomToken(h);
    const corp = await getJson(`${qy}/get_jsapi_ticket?access_token=${token}`);
    const agent = await getJson(`${qy}/ticket/get?access_token=${token}&type=agent_config`);
    expect(corp).toMatchObject({ errcode: 0, expires_in: 7200 });
    expect(agent.ticket).not.toBe(corp.ticket);
    const { jsapiSignature } = await import('../src');
    const url = 'https://bank.example/h5/toolbar?x=1';
    const signature = jsapiSignature(corp.ticket as string, 'abc', 1700000000, `${url}#/frag`);
    expect(h.sim.control.wecom.verifyJsapiSignature({ kind: 'corp', url, nonceStr: 'abc', timestamp: 1700000000, signature })).toBe(true);
    expect(h.sim.control.wecom.verifyJsapiSignature({ kind: 'agent', url, nonceStr: 'abc', timestamp: 1700000000, signature })).toBe(false);
  });
});
