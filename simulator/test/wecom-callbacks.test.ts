import { decrypt as libDecrypt, getSignature as libSignature } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';
import { decryptWecomMessage, parseWecomXml, wecomSignature } from '../src';
import { getJson, postJson, startReceiver, startSim, wecomToken, type Harness, type ReceivedRequest, type Reply } from './helpers';

const seed = {
  departments: [{ id: 1, name: '模拟银行' }],
  users: [
    { userid: 'advisor01', name: '张三' },
    { userid: 'advisor02', name: '李四' },
  ],
  tagGroups: [{ name: '兴趣', tags: [{ name: '基金' }, { name: '保险' }] }],
};

/** What the BFF's receiver must do: check the signature, decrypt, check the ReceiveId — here twice, with both libraries. */
function openEvent(h: Harness, req: ReceivedRequest): Record<string, string> {
  const { callbackToken, encodingAESKey, corpId, agentId } = h.sim.credentials.wecom;
  const query = new URL(req.url, 'http://x').searchParams;
  const envelope = new XMLParser({ parseTagValue: false }).parse(req.body) as { xml: { ToUserName: string; AgentID: string; Encrypt: string } };
  expect(envelope.xml.ToUserName).toBe(corpId);
  expect(envelope.xml.AgentID).toBe(String(agentId));
  const encrypted = envelope.xml.Encrypt;
  const [ts, nonce, sig] = [query.get('timestamp') ?? '', query.get('nonce') ?? '', query.get('msg_signature') ?? ''];
  expect(wecomSignature(callbackToken, ts, nonce, encrypted)).toBe(sig);
  expect(libSignature(callbackToken, ts, nonce, encrypted)).toBe(sig);
  const ours = decryptWecomMessage(encodingAESKey, encrypted);
  const theirs = libDecrypt(encodingAESKey, encrypted);
  expect(ours.message).toBe(theirs.message);
  expect(ours.receiveId).toBe(corpId);
  expect(theirs.id).toBe(corpId);
  return parseWecomXml(ours.message);
}

describe('WeCom callbacks', () => {
  let h: Harness;
  let replies: Reply[] = [];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    h = await startSim({ seed });
    receiver = await startReceiver((_req, i) => replies[i] ?? { status: 200 });
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });
  beforeEach(() => {
    h.sim.control.reset();
    replies = [];
    receiver.requests.length = 0;
    h.sim.control.wecom.setCallbackUrl(`${receiver.url}/wecom/callback?corp=1`);
  });

  it('contact_way state comes back in the add event and in follow_user.state', async () => {
    const token = await wecomToken(h);
    const qy = `${h.base}/qyapi/cgi-bin`;
    const way = await postJson(`${qy}/externalcontact/add_contact_way?access_token=${token}`, { type: 1, scene: 2, state: 'adv01ch7', user: ['advisor01'] });
    expect(way).toMatchObject({ errcode: 0 });
    expect(way.qr_code).toMatch(/^https:\/\//);
    const added = h.sim.control.wecom.customerAddsAdvisor({ userId: 'advisor01', configId: way.config_id as string, name: '新客户' });
    const record = await added.delivered;
    expect(record.status).toBe('delivered');
    expect(record.attempts).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);
    const req = receiver.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toMatch(/^\/wecom\/callback\?corp=1&msg_signature=[0-9a-f]{40}&timestamp=\d+&nonce=\d+$/);
    const event = openEvent(h, req);
    expect(event).toEqual({
      ToUserName: h.sim.credentials.wecom.corpId,
      FromUserName: 'sys',
      CreateTime: String(h.sim.clock.nowSeconds()),
      MsgType: 'event',
      Event: 'change_external_contact',
      ChangeType: 'add_external_contact',
      UserID: 'advisor01',
      ExternalUserID: added.externalUserId,
      State: 'adv01ch7',
      WelcomeCode: added.welcomeCode,
    });
    const got = await getJson(`${qy}/externalcontact/get?access_token=${token}&external_userid=${added.externalUserId}`);
    expect((got.follow_user as { state: string; userid: string }[])[0]).toMatchObject({ userid: 'advisor01', state: 'adv01ch7' });
    expect((got.external_contact as { name: string }).name).toBe('新客户');
  });

  it('send_welcome_msg: once within 20 s, then 41051; 41051 after 20 s too', async () => {
    const token = await wecomToken(h);
    const url = `${h.base}/qyapi/cgi-bin/externalcontact/send_welcome_msg?access_token=${token}`;
    const first = h.sim.control.wecom.customerAddsAdvisor({ userId: 'advisor01' });
    await first.delivered;
    const body = { welcome_code: first.welcomeCode, text: { content: '您好，我是您的理财经理张三' }, attachments: [{ msgtype: 'link', link: { title: '产品手册', url: 'https://bank.example/b' } }] };
    expect((await postJson(url, body)).errcode).toBe(0);
    expect((await postJson(url, body)).errcode).toBe(41051);
    expect(h.sim.control.wecom.welcomeMessages()).toEqual([
      expect.objectContaining({ userid: 'advisor01', externalUserId: first.externalUserId, text: { content: '您好，我是您的理财经理张三' } }),
    ]);

    const second = h.sim.control.wecom.customerAddsAdvisor({ userId: 'advisor02' });
    await second.delivered;
    h.sim.control.clock.advance(20_001);
    expect((await postJson(url, { ...body, welcome_code: second.welcomeCode })).errcode).toBe(41051);
    expect(h.sim.control.wecom.welcomeMessages()).toHaveLength(1);
  });

  it('retries when the receiver stalls or answers 500: 3 attempts in all, each recorded', async () => {
    // Set the relation up without a callback URL (delivery skipped), then script the receiver.
    h.sim.control.wecom.setCallbackUrl(undefined);
    const a = h.sim.control.wecom.customerAddsAdvisor({ userId: 'advisor01', welcomeCode: false });
    expect((await a.delivered).status).toBe('skipped');
    h.sim.control.wecom.setCallbackUrl(`${receiver.url}/cb`);
    replies = ['stall', { status: 500 }, { status: 200 }];

    const record = await h.sim.control.wecom.customerDeletesAdvisor({ userId: 'advisor01', externalUserId: a.externalUserId }).delivered;
    expect(record.status).toBe('delivered');
    expect(record.attempts.map((x) => [x.attempt, x.outcome, x.status])).toEqual([
      [1, 'timeout', undefined],
      [2, 'http_error', 500],
      [3, 'ok', 200],
    ]);
    // The stalled attempt was cut off at the (scaled, floored) 5 s timeout.
    expect(record.attempts[0]!.durationMs).toBeGreaterThanOrEqual(240);
    expect(receiver.requests).toHaveLength(3);
    expect(openEvent(h, receiver.requests[2]!)).toMatchObject({ ChangeType: 'del_follow_user', ExternalUserID: a.externalUserId });
    expect(h.sim.state.follow('advisor01', a.externalUserId)?.deletedByCustomer).toBe(true);
  });

  it('gives up after 3 attempts when the receiver keeps failing', async () => {
    replies = ['stall', { status: 500 }, { status: 502 }, { status: 200 }];
    const ext = h.sim.control.wecom.customerAddsAdvisor({ userId: 'advisor01', welcomeCode: false });
    const record = await ext.delivered;
    expect(record.status).toBe('failed');
    expect(record.attempts.map((a) => [a.attempt, a.outcome, a.status])).toEqual([
      [1, 'timeout', undefined],
      [2, 'http_error', 500],
      [3, 'http_error', 502],
    ]);
    expect(receiver.requests).toHaveLength(3);
    // Every attempt is the same message: same query and body.
    expect(new Set(receiver.requests.map((r) => r.url + r.body)).size).toBe(1);
  });

  it('edit / delete / transfer / tag events carry the documented fields', async () => {
    const a = h.sim.control.wecom.customerAddsAdvisor({ userId: 'advisor01', welcomeCode: false, state: 'x1' });
    await a.delivered;
    const ref = { userId: 'advisor01', externalUserId: a.externalUserId };
    expect(h.sim.control.wecom.advisorEditsContact({ ...ref, remarkMobiles: ['13800138000'] })).toBeNull();
    const tagId = h.sim.state.tagsOfGroup([...h.sim.state.tagGroups.keys()][0]!)[0]!.id;
    await h.sim.control.wecom.advisorEditsContact({ ...ref, remark: '王总', addTags: [tagId] })!.delivered;
    await h.sim.control.wecom.transferFails({ userId: 'advisor02', externalUserId: a.externalUserId }, 'customer_refused').delivered;
    await h.sim.control.wecom.advisorDeletesCustomer(ref, { byTransfer: true }).delivered;
    const created = h.sim.control.wecom.tagChanged({ changeType: 'create', tagType: 'tag_group', groupName: '渠道', tags: ['线下'] });
    await created.delivered;
    await h.sim.control.wecom.tagChanged({ changeType: 'delete', tagType: 'tag_group', id: created.id }).delivered;

    const events = receiver.requests.map((r) => openEvent(h, r));
    expect(events.map((e) => e.ChangeType)).toEqual(['add_external_contact', 'edit_external_contact', 'transfer_fail', 'del_external_contact', 'create', 'delete']);
    expect(events[0]).toMatchObject({ State: 'x1' });
    expect(events[0]).not.toHaveProperty('WelcomeCode');
    expect(events[1]).toEqual(expect.objectContaining({ UserID: 'advisor01', ExternalUserID: a.externalUserId }));
    expect(events[2]).toMatchObject({ FailReason: 'customer_refused', UserID: 'advisor02' });
    expect(events[3]).toMatchObject({ Source: 'DELETE_BY_TRANSFER' });
    expect(events[4]).toMatchObject({ Event: 'change_external_tag', Id: created.id, TagType: 'tag_group' });
    expect(h.sim.state.follow('advisor01', a.externalUserId)).toBeUndefined();
    expect([...h.sim.state.tags.values()].some((t) => t.name === '线下')).toBe(false);
  });

  it('verifyUrl: passes a receiver that echoes the bare plaintext, fails one that adds a newline', async () => {
    const { callbackToken, encodingAESKey, corpId } = h.sim.credentials.wecom;
    const echo = await startReceiver((req) => {
      const q = new URL(req.url, 'http://x').searchParams;
      const echostr = q.get('echostr') ?? '';
      if (wecomSignature(callbackToken, q.get('timestamp') ?? '', q.get('nonce') ?? '', echostr) !== q.get('msg_signature')) return { status: 403 };
      const { message, receiveId } = decryptWecomMessage(encodingAESKey, echostr);
      if (receiveId !== corpId) return { status: 403 };
      return { status: 200, body: q.get('newline') ? `${message}\n` : message };
    });
    try {
      const ok = await h.sim.control.wecom.verifyUrl(`${echo.url}/cb`);
      expect(ok).toMatchObject({ ok: true, status: 200 });
      expect(ok.body).toBe(ok.expected);
      const bad = await h.sim.control.wecom.verifyUrl(`${echo.url}/cb?newline=1`);
      expect(bad.ok).toBe(false);
      expect(bad.error).toMatch(/echo mismatch/);
    } finally {
      await echo.close();
    }
  });
});
