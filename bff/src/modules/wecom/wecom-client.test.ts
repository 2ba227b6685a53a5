import { createSimulator, type Simulator } from '@pfs/simulator';
import { openRedis, type RedisStore } from '../../redis/redis';
import { testRedisUrl, uniqueName } from '../../../test/helpers/test-env';
import type { WecomSettings } from '../platform/platform-settings';
import { WecomClient, type WecomClientOptions } from './wecom-client';
import { WecomApiError, WecomUnavailableError } from './wecom-errors';

let sim: Simulator;
let settings: WecomSettings;
const stores: RedisStore[] = [];

beforeAll(async () => {
  sim = createSimulator({ seed: { users: [{ userid: 'wangfang', name: '王芳' }] } });
  const { urls } = await sim.listen(0);
  const c = sim.credentials.wecom;
  settings = { apiBase: urls.wecom, corpId: c.corpId, agentId: String(c.agentId), secret: c.corpSecret, callbackToken: c.callbackToken, callbackAesKey: c.encodingAESKey };
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => sim.control.reset());
afterEach(async () => {
  for (const s of stores.splice(0)) {
    if (s.kind === 'external') {
      const keys = await s.client.keys(`${s.prefix}*`);
      if (keys.length) await s.client.del(...keys.map((k) => k.slice(s.prefix.length)));
    }
    await s.close();
  }
});

/** A "BFF process": its own Redis connection (same store and prefix as its peers) and its own client. */
function processOn(prefix: string, opts: Partial<WecomClientOptions> = {}): WecomClient {
  const redis = openRedis({ url: testRedisUrl, prefix });
  stores.push(redis);
  return new WecomClient({ settings, redis: redis.client, minRetryDelayMs: 5, ...opts });
}
const newClient = (opts: Partial<WecomClientOptions> = {}) => processOn(`${uniqueName('wc')}:`, opts);
const calls = (api: string): number => sim.control.wecom.calls()[api] ?? 0;

describe('WecomClient against the simulator', () => {
  it('caches the access token in Redis: one gettoken for many calls', async () => {
    const client = newClient();
    await Promise.all(Array.from({ length: 10 }, () => client.getUser('wangfang')));
    for (let i = 0; i < 5; i++) expect((await client.getUser('wangfang')).name).toBe('王芳');
    expect(calls('gettoken')).toBe(1);
    expect(calls('user/get')).toBe(15);
  });

  it('keeps the token under wecom:token:<corpid>:<agentid>, shared with a new client on the same Redis', async () => {
    const prefix = `${uniqueName('wc')}:`;
    const a = processOn(prefix);
    const token = await a.getToken();
    const redis = stores[0]!.client;
    const raw = await redis.get(`wecom:token:${settings.corpId}:${settings.agentId}`);
    expect(JSON.parse(raw!)).toMatchObject({ value: token });
    expect(await processOn(prefix).getToken()).toBe(token);
    expect(calls('gettoken')).toBe(1);
  });

  it('refreshes the token before it expires', async () => {
    let offset = 0;
    const client = newClient({ cache: { now: () => Date.now() + offset } });
    await client.getToken();
    offset = (7200 - 299) * 1000; // less than five minutes left by the cache's clock
    await client.getToken();
    expect(calls('gettoken')).toBe(2);
  });

  it('expired in the middle of a run (42001): one refresh, and the call succeeds', async () => {
    const client = newClient();
    await client.getUser('wangfang');
    sim.control.wecom.expireTokens();
    expect((await client.getUser('wangfang')).userid).toBe('wangfang');
    await client.getUser('wangfang');
    expect(calls('gettoken')).toBe(2);
    expect(sim.control.wecom.callLog().filter((c) => c.api === 'user/get').map((c) => c.errcode)).toEqual([0, 42001, 0, 0]);
  });

  it('invalidated early (40014): the cached token is dropped and the call retried once', async () => {
    const client = newClient();
    const before = await client.getToken();
    sim.control.wecom.invalidateTokens();
    await client.getUser('wangfang');
    expect(await client.getToken()).not.toBe(before);
    expect(calls('gettoken')).toBe(2);
  });

  it('retries busy (-1) with backoff, then succeeds', async () => {
    const client = newClient();
    sim.control.wecom.failNext('user/get', -1, 2);
    expect((await client.getUser('wangfang')).userid).toBe('wangfang');
    expect(calls('user/get')).toBe(3);
  });

  it('gives up on a persistent rate limit (45009) with a typed error after bounded retries', async () => {
    const client = newClient({ retries: 2 });
    sim.control.wecom.failNext('user/get', 45009, 10);
    const err = await client.getUser('wangfang').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomApiError);
    expect(err).toMatchObject({ errcode: 45009, api: 'user/get' });
    expect(calls('user/get')).toBe(3);
  });

  it('does not retry other errcodes', async () => {
    const client = newClient();
    await expect(client.getUser('nobody')).rejects.toMatchObject({ errcode: 60111, api: 'user/get' });
    expect(calls('user/get')).toBe(1);
  });

  it('two BFF processes refreshing at once make exactly one gettoken call', async () => {
    const prefix = `${uniqueName('wc')}:`;
    const a = processOn(prefix);
    const b = processOn(prefix);
    const tokens = await Promise.all([...Array.from({ length: 5 }, () => a.getToken()), ...Array.from({ length: 5 }, () => b.getToken())]);
    expect(new Set(tokens).size).toBe(1);
    expect(calls('gettoken')).toBe(1);
    // And again after the platform expired it: both notice, one refreshes.
    sim.control.wecom.expireTokens();
    await Promise.all([a.getUser('wangfang'), b.getUser('wangfang'), a.getUser('wangfang'), b.getUser('wangfang')]);
    expect(calls('gettoken')).toBe(2);
  });

  it('caches both JS-SDK tickets', async () => {
    const client = newClient();
    const [t1, t2] = await Promise.all([client.getJsapiTicket(), client.getJsapiTicket()]);
    expect(t1).toBe(t2);
    expect(await client.getAgentTicket()).not.toBe(t1);
    await client.getAgentTicket();
    expect(calls('get_jsapi_ticket')).toBe(1);
    expect(calls('ticket/get')).toBe(1);
  });

  it('exchanges a login code (jscode2session)', async () => {
    const client = newClient();
    const r = await client.jscode2session(sim.control.wecom.loginCode('wangfang'));
    expect(r).toMatchObject({ corpId: settings.corpId, userId: 'wangfang' });
    expect(r.sessionKey).toBeTruthy();
  });

  it('reports an unreachable platform as WecomUnavailableError after its retries', async () => {
    const client = newClient({ settings: { ...settings, apiBase: 'http://127.0.0.1:9/qyapi' }, retries: 1, timeoutMs: 500 });
    await expect(client.getToken()).rejects.toBeInstanceOf(WecomUnavailableError);
  });

  it('sends a generic call with a JSON body', async () => {
    const client = newClient();
    const r = await client.call('externalcontact/get_corp_tag_list', { body: {} });
    expect(r.errcode).toBe(0);
  });

  it('lists customer groups page by page and reads one with its members; an unknown group is errcode 40050', async () => {
    const ext = 'wmClientTest00000000000000000001';
    sim.control.seed({
      customers: [{ externalUserId: ext, name: '客户甲', follows: [{ userid: 'wangfang' }] }],
      groupChats: [
        { chatId: 'wrClientTest0000000000000000001', name: '一群', owner: 'wangfang', createTime: 1_700_000_000, members: [ext] },
        { chatId: 'wrClientTest0000000000000000002', name: '二群', owner: 'wangfang', createTime: 1_700_000_100, members: [] },
      ],
    });
    const client = newClient();
    const first = await client.listGroupChats({ owner_filter: { userid_list: ['wangfang'] }, limit: 1 });
    expect(first.group_chat_list).toEqual([{ chat_id: 'wrClientTest0000000000000000001', status: 0 }]);
    const second = await client.listGroupChats({ owner_filter: { userid_list: ['wangfang'] }, limit: 1, cursor: first.next_cursor });
    expect(second.group_chat_list.map((g) => g.chat_id)).toEqual(['wrClientTest0000000000000000002']);
    const one = await client.getGroupChat('wrClientTest0000000000000000001');
    expect(one.group_chat).toMatchObject({ name: '一群', owner: 'wangfang', create_time: 1_700_000_000 });
    expect(one.group_chat.member_list.map((m) => [m.userid, m.type, m.name])).toEqual([
      ['wangfang', 1, '王芳'],
      [ext, 2, '客户甲'],
    ]);
    expect(one.member_version).toMatch(/^[0-9A-F]{32}$/);
    await expect(client.getGroupChat('wrNoSuchGroup')).rejects.toMatchObject({ errcode: 40050 });
  });
});
