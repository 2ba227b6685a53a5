import { decryptWecomMessage } from '../src';
import { postJson, startReceiver, startSim, wecomToken, type Harness } from './helpers';

const CUSTOMER_A = 'wmGroupCustomerA0000000000000001';
const CUSTOMER_B = 'wmGroupCustomerB0000000000000002';
const STRANGER = 'wmNotAContact0000000000000000003';
const GUEST = 'wmSeededGuest0000000000000000004';
const seed = {
  departments: [{ id: 1, name: '模拟银行' }],
  users: [
    { userid: 'advisor01', name: '张三' },
    { userid: 'advisor02', name: '李四' },
  ],
  customers: [
    { externalUserId: CUSTOMER_A, name: '客户甲', unionid: 'oUnionA000000000000000000001', follows: [{ userid: 'advisor01' }] },
    { externalUserId: CUSTOMER_B, name: '客户乙', follows: [{ userid: 'advisor01' }] },
  ],
  groupChats: [
    { chatId: 'wrGroupOne000000000000000000001', name: '理财沙龙群', owner: 'advisor01', createTime: 1_700_000_000, members: [CUSTOMER_A, CUSTOMER_B, 'advisor02'] },
    { chatId: 'wrGroupTwo000000000000000000002', name: '李四的客户群', owner: 'advisor02', createTime: 1_700_000_100, members: [CUSTOMER_B, { userid: GUEST, name: '周女士' }] },
  ],
};

describe('WeCom customer groups', () => {
  let h: Harness;
  let qy: string;
  let token: string;
  beforeAll(async () => {
    h = await startSim({ seed });
    qy = `${h.base}/qyapi/cgi-bin`;
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    h.sim.control.reset();
    token = await wecomToken(h);
  });
  const call = (api: string, body: unknown) => postJson(`${qy}/externalcontact/${api}?access_token=${token}`, body);

  it('groupchat/list: by owner, paged with an opaque cursor; limit is required and at most 1000', async () => {
    const all = await call('groupchat/list', { limit: 1 });
    expect(all).toMatchObject({ errcode: 0, errmsg: 'ok', group_chat_list: [{ chat_id: 'wrGroupOne000000000000000000001', status: 0 }] });
    const next = await call('groupchat/list', { limit: 1, cursor: all.next_cursor });
    expect(next.group_chat_list).toEqual([{ chat_id: 'wrGroupTwo000000000000000000002', status: 0 }]);
    expect(next.next_cursor).toBeUndefined();
    const owned = await call('groupchat/list', { limit: 100, owner_filter: { userid_list: ['advisor02'] } });
    expect(owned.group_chat_list).toEqual([{ chat_id: 'wrGroupTwo000000000000000000002', status: 0 }]);
    expect((await call('groupchat/list', { limit: 1001 })).errcode).toBe(40058);
    expect((await call('groupchat/list', {})).errcode).toBe(40058);
    expect((await call('groupchat/list', { limit: '10' })).errcode).toBe(47001);
    expect((await call('groupchat/list', { limit: 10, owner_filter: { userid_list: ['nobody'] } })).errcode).toBe(40003);
    expect((await call('groupchat/list', { limit: 10, cursor: 'forged' })).errcode).toBe(40058);
  });

  it('groupchat/get: members with type, join data and invitor; names only with need_name; unknown chat 40050', async () => {
    const r = await call('groupchat/get', { chat_id: 'wrGroupOne000000000000000000001', need_name: 1 });
    expect(r.errcode).toBe(0);
    expect(r.member_version).toMatch(/^[0-9A-F]{32}$/);
    expect(r.group_chat).toEqual({
      chat_id: 'wrGroupOne000000000000000000001',
      name: '理财沙龙群',
      owner: 'advisor01',
      create_time: 1_700_000_000,
      notice: '',
      member_list: [
        { userid: 'advisor01', type: 1, join_time: 1_700_000_000, join_scene: 1, group_nickname: '', name: '张三' },
        { userid: CUSTOMER_A, type: 2, join_time: 1_700_000_000, join_scene: 1, invitor: { userid: 'advisor01' }, group_nickname: '', name: '客户甲', unionid: 'oUnionA000000000000000000001' },
        { userid: CUSTOMER_B, type: 2, join_time: 1_700_000_000, join_scene: 1, invitor: { userid: 'advisor01' }, group_nickname: '', name: '客户乙', unionid: expect.stringMatching(/^o/) },
        { userid: 'advisor02', type: 1, join_time: 1_700_000_000, join_scene: 1, invitor: { userid: 'advisor01' }, group_nickname: '', name: '李四' },
      ],
      admin_list: [],
    });
    const nameless = await call('groupchat/get', { chat_id: 'wrGroupOne000000000000000000001' });
    expect((nameless.group_chat as { member_list: Record<string, unknown>[] }).member_list[1]).not.toHaveProperty('name');
    const missing = await call('groupchat/get', { chat_id: 'wrNoSuchGroup' });
    expect(missing.errcode).toBe(40050);
    expect(missing.errmsg).toMatch(/^invalid chatid.*e=40050$/);
    expect((await call('groupchat/get', {})).errcode).toBe(40058);
  });

  describe('change_external_chat callbacks', () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    beforeAll(async () => {
      receiver = await startReceiver(() => ({ status: 200 }));
    });
    afterAll(() => receiver.close());
    beforeEach(() => {
      receiver.requests.length = 0;
      h.sim.control.wecom.setCallbackUrl(`${receiver.url}/wecom/callback`);
    });
    const plaintext = (i: number): string => {
      const body = receiver.requests[i]!.body;
      const encrypted = /<Encrypt><!\[CDATA\[(.*)\]\]><\/Encrypt>/.exec(body)![1]!;
      return decryptWecomMessage(h.sim.credentials.wecom.encodingAESKey, encrypted).message;
    };

    it('add_member: the group changes, then an encrypted event with the doc field order and <Item> ids', async () => {
      const wc = h.sim.control.wecom;
      const before = (await call('groupchat/get', { chat_id: 'wrGroupTwo000000000000000000002' })).member_version as string;
      const r = wc.groupChatChanged({ action: 'add_member', chatId: 'wrGroupTwo000000000000000000002', members: [CUSTOMER_A, STRANGER], viaQrCode: true });
      expect((await r.delivered).status).toBe('delivered');
      const after = await call('groupchat/get', { chat_id: 'wrGroupTwo000000000000000000002', need_name: 1 });
      expect(after.member_version).not.toBe(before);
      const members = (after.group_chat as { member_list: { userid: string; join_scene: number; name: string; invitor?: unknown }[] }).member_list;
      expect(members.map((m) => m.userid)).toEqual(['advisor02', CUSTOMER_B, GUEST, CUSTOMER_A, STRANGER]);
      expect(members[2]).toMatchObject({ type: 2, name: '周女士', invitor: { userid: 'advisor02' } });
      expect(members[2]).not.toHaveProperty('unionid');
      expect(members[4]).toMatchObject({ join_scene: 3, name: '微信用户' });
      expect(members[4]).not.toHaveProperty('invitor');
      const t = h.sim.clock.nowSeconds();
      expect(plaintext(0)).toBe(
        `<xml><ToUserName><![CDATA[${h.sim.credentials.wecom.corpId}]]></ToUserName>\n<FromUserName><![CDATA[sys]]></FromUserName>\n<CreateTime>${t}</CreateTime>\n` +
          `<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[change_external_chat]]></Event>\n<ChatId><![CDATA[wrGroupTwo000000000000000000002]]></ChatId>\n` +
          `<ChangeType><![CDATA[update]]></ChangeType>\n<UpdateDetail><![CDATA[add_member]]></UpdateDetail>\n<JoinScene>3</JoinScene>\n<MemChangeCnt>2</MemChangeCnt>\n` +
          `<MemChangeList><Item><![CDATA[${CUSTOMER_A}]]></Item><Item><![CDATA[${STRANGER}]]></Item></MemChangeList>\n` +
          `<LastMemVer><![CDATA[${before}]]></LastMemVer>\n<CurMemVer><![CDATA[${after.member_version as string}]]></CurMemVer>\n</xml>`,
      );
      expect(r.event).toMatchObject({ ChangeType: 'update', UpdateDetail: 'add_member', MemChangeList: `${CUSTOMER_A},${STRANGER}` });
    });

    it('create, del_member (QuitScene), change_name, change_owner and dismiss (then groupchat/get answers 40050)', async () => {
      const wc = h.sim.control.wecom;
      const created = wc.groupChatChanged({ action: 'create', owner: 'advisor01', name: '新群', members: [CUSTOMER_A] });
      expect(created.chatId).toMatch(/^wr[\w-]{28}$/);
      expect(created.event).toMatchObject({ Event: 'change_external_chat', ChatId: created.chatId, ChangeType: 'create' });
      expect(created.event).not.toHaveProperty('UpdateDetail');
      expect(wc.groupChats('advisor01').map((g) => g.name)).toEqual(['理财沙龙群', '新群']);
      expect(wc.groupChats('advisor02').map((g) => g.name)).toEqual(['理财沙龙群', '李四的客户群']);

      const left = wc.groupChatChanged({ action: 'del_member', chatId: created.chatId, members: [CUSTOMER_A], removed: true });
      expect(left.event).toMatchObject({ UpdateDetail: 'del_member', QuitScene: '1', MemChangeCnt: '1', MemChangeList: CUSTOMER_A });
      expect(() => wc.groupChatChanged({ action: 'del_member', chatId: created.chatId, members: ['advisor01'] })).toThrow(/owner/);

      expect(wc.groupChatChanged({ action: 'change_name', chatId: created.chatId, name: '改名群' }).event).toMatchObject({ UpdateDetail: 'change_name' });
      const handed = wc.groupChatChanged({ action: 'change_owner', chatId: created.chatId, owner: 'advisor02' });
      expect(handed.event).toMatchObject({ UpdateDetail: 'change_owner' });
      expect(handed.event).not.toHaveProperty('MemChangeList');
      const got = await call('groupchat/get', { chat_id: created.chatId });
      expect(got.group_chat).toMatchObject({ name: '改名群', owner: 'advisor02' });

      expect(wc.groupChatChanged({ action: 'dismiss', chatId: created.chatId }).event).toMatchObject({ ChangeType: 'dismiss', ChatId: created.chatId });
      expect((await call('groupchat/get', { chat_id: created.chatId })).errcode).toBe(40050);
    });

    it('the control API drives the same changes over HTTP', async () => {
      const res = await postJson(`${h.base}/control/wecom/group-chat-changed`, { action: 'change_notice', chatId: 'wrGroupOne000000000000000000001', notice: '周五沙龙', wait: true });
      expect(res).toMatchObject({ emitted: true, event: { UpdateDetail: 'change_notice' }, delivery: { status: 'delivered' } });
      const listed = (await (await fetch(`${h.base}/control/wecom/group-chats?userid=advisor02`)).json()) as { name: string; notice: string }[];
      expect(listed.map((g) => [g.name, g.notice])).toEqual([
        ['理财沙龙群', '周五沙龙'],
        ['李四的客户群', ''],
      ]);
      expect(await postJson(`${h.base}/control/wecom/group-chat-changed`, { action: 'dismiss', chatId: 'wrNope' })).toEqual({ error: 'unknown group chat wrNope' });
    });
  });
});
