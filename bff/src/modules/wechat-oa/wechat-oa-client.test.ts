import { createSimulator, jsapiSignature, type Simulator } from '@pfs/simulator';
import { openRedis, type RedisStore } from '../../redis/redis';
import { testRedisUrl, uniqueName } from '../../../test/helpers/test-env';
import type { WechatSettings } from '../platform/platform-settings';
import { WechatOaClient, type WechatOaClientOptions } from './wechat-oa-client';
import { WechatOaApiError, WechatOaUnavailableError } from './wechat-oa-errors';

const FOLLOWER = 'o_follower_000000000000001';
const STRANGER = 'o_stranger_000000000000001';
const TEMPLATE = 'TPL_fund_notice_01';

let sim: Simulator;
let settings: WechatSettings;
let openWeixin: string;
const stores: RedisStore[] = [];

beforeAll(async () => {
  sim = createSimulator({
    seed: { oaUsers: [{ openid: FOLLOWER, subscribed: true }, { openid: STRANGER, subscribed: false }], oaTemplateIds: [TEMPLATE] },
  });
  const { urls } = await sim.listen(0);
  settings = { apiBase: urls.oa, appId: sim.credentials.oa.appId, appSecret: sim.credentials.oa.appSecret };
  openWeixin = urls.openWeixin;
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
function processOn(prefix: string, opts: Partial<WechatOaClientOptions> = {}): WechatOaClient {
  const redis = openRedis({ url: testRedisUrl, prefix });
  stores.push(redis);
  return new WechatOaClient({ settings, redis: redis.client, minRetryDelayMs: 5, ...opts });
}
const newClient = (opts: Partial<WechatOaClientOptions> = {}) => processOn(`${uniqueName('oa')}:`, opts);
const calls = (api: string): number => sim.control.oa.calls()[api] ?? 0;

/** The visitor's browser: the authorize redirect, returning the `code` the H5 page would receive. */
async function authorize(openid: string, scope = 'snsapi_base'): Promise<string> {
  const q = new URLSearchParams({ appid: settings.appId, redirect_uri: 'https://h5.example.com/oauth/back', response_type: 'code', scope, state: 'abc123', sim_user: openid });
  const res = await fetch(`${openWeixin}/connect/oauth2/authorize?${q}`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const code = new URL(res.headers.get('location') ?? '').searchParams.get('code');
  expect(code).toBeTruthy();
  return code!;
}

describe('WechatOaClient against the simulator', () => {
  it('base URLs come from settings: co-wechat-api prefixes point at apiBase', () => {
    const client = newClient();
    expect(client.api.prefix).toBe(`${settings.apiBase}/cgi-bin/`);
    expect(client.api.snsPrefix).toBe(`${settings.apiBase}/sns/`);
  });

  it('two BFF processes on the same Redis share one access token: one cgi-bin/token call', async () => {
    const prefix = `${uniqueName('oa')}:`;
    const a = processOn(prefix);
    const b = processOn(prefix);
    const tokens = await Promise.all([...Array.from({ length: 5 }, () => a.getToken()), ...Array.from({ length: 5 }, () => b.getToken())]);
    expect(new Set(tokens).size).toBe(1);
    await Promise.all([a.getJsapiTicket(), b.getJsapiTicket(), a.getJsapiTicket()]);
    expect(calls('cgi-bin/token')).toBe(1);
    expect(calls('cgi-bin/ticket/getticket')).toBe(1);
    const raw = await stores[0]!.client.get(`wechat:token:${settings.appId}`);
    expect(JSON.parse(raw!)).toMatchObject({ value: tokens[0] });
  });

  it('a refused token (42001 expired, 40001 replaced) is dropped, refreshed once and the call retried', async () => {
    const client = newClient();
    await client.getJsapiTicket();
    sim.control.oa.expireTokens();
    await client.sendTemplateMessage({ touser: FOLLOWER, templateId: TEMPLATE, data: { thing1: { value: '到期提醒' } } });
    sim.control.oa.invalidateTokens();
    await client.sendTemplateMessage({ touser: FOLLOWER, templateId: TEMPLATE, data: { thing1: { value: '到期提醒' } } });
    expect(calls('cgi-bin/token')).toBe(3);
    expect(sim.control.oa.callLog().filter((c) => c.api === 'cgi-bin/message/template/send').map((c) => c.errcode)).toEqual([42001, 0, 40001, 0]);
  });

  it('sends a template message, recorded by the simulator; client_msg_id makes a retried send a no-op', async () => {
    const client = newClient();
    const msg = {
      touser: FOLLOWER,
      templateId: TEMPLATE,
      url: 'https://h5.example.com/products/1',
      clientMsgId: 'notice-42',
      data: { thing1: { value: '稳健理财28天' }, time2: { value: '2026-12-01' } },
    };
    const first = await client.sendTemplateMessage(msg);
    expect(first.msgid).toMatch(/^\d+$/);
    expect(await client.sendTemplateMessage(msg)).toEqual(first);
    const sent = sim.control.oa.templateMessages();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ touser: FOLLOWER, templateId: TEMPLATE, url: msg.url, clientMsgId: 'notice-42', data: msg.data });
  });

  it('template message errors are typed by errcode: not following (43004), unknown template (40037)', async () => {
    const client = newClient();
    await expect(client.sendTemplateMessage({ touser: STRANGER, templateId: TEMPLATE, data: {} })).rejects.toMatchObject({ errcode: 43004 });
    const err = await client.sendTemplateMessage({ touser: FOLLOWER, templateId: 'nope', data: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatOaApiError);
    expect(err).toMatchObject({ errcode: 40037, api: 'message/template/send' });
    // The typed error carries no URL (the token travels in the query string).
    expect(String((err as Error).message)).not.toContain('access_token');
  });

  it('OAuth code exchange: the openid for the code, once; the same code again is 40163', async () => {
    const client = newClient();
    const code = await authorize(FOLLOWER);
    const who = await client.exchangeOauthCode(code);
    expect(who).toMatchObject({ openid: FOLLOWER, scope: 'snsapi_base', snapshotUser: false, expiresIn: 7200 });
    expect(who.unionid).toBeUndefined();
    expect(who.accessToken).toBeTruthy();
    await expect(client.exchangeOauthCode(code)).rejects.toMatchObject({ errcode: 40163, api: 'sns/oauth2/access_token' });
    await expect(client.exchangeOauthCode('never-issued')).rejects.toMatchObject({ errcode: 40029 });
    expect(calls('sns/oauth2/access_token')).toBe(3);
    // The web-OAuth exchange does not use (or fetch) the basic access token.
    expect(calls('cgi-bin/token')).toBe(0);
  });

  it('OAuth with snsapi_userinfo returns the unionid; snapshot mode is flagged', async () => {
    const client = newClient();
    const who = await client.exchangeOauthCode(await authorize(FOLLOWER, 'snsapi_userinfo'));
    expect(who.unionid).toBeTruthy();
    sim.control.oa.setBrowserUser(undefined, { snapshot: true });
    const q = new URLSearchParams({ appid: settings.appId, redirect_uri: 'https://h5.example.com/back', response_type: 'code', scope: 'snsapi_userinfo', state: 's' });
    const res = await fetch(`${openWeixin}/connect/oauth2/authorize?${q}`, { redirect: 'manual' });
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code')!;
    expect((await client.exchangeOauthCode(code)).snapshotUser).toBe(true);
  });

  it('JS-SDK config: signed with the shared jsapi ticket over the URL without its fragment', async () => {
    const client = newClient();
    const page = 'https://h5.example.com/share?id=7#/detail';
    const c = await client.jsConfig(page, ['updateAppMessageShareData', 'updateTimelineShareData']);
    const ticket = await client.getJsapiTicket();
    expect(c.appId).toBe(settings.appId);
    expect(c.signature).toBe(jsapiSignature(ticket, c.nonceStr, c.timestamp, 'https://h5.example.com/share?id=7'));
    await client.jsConfig(page, ['updateAppMessageShareData']);
    expect(calls('cgi-bin/ticket/getticket')).toBe(1);
  });

  it('retries busy (-1), gives up on other errcodes at once', async () => {
    const client = newClient();
    sim.control.oa.failNext('cgi-bin/message/template/send', -1, 2);
    await client.sendTemplateMessage({ touser: FOLLOWER, templateId: TEMPLATE, data: {} });
    expect(calls('cgi-bin/message/template/send')).toBe(3);
    sim.control.oa.failNext('cgi-bin/message/template/send', 45009, 5);
    await expect(client.sendTemplateMessage({ touser: FOLLOWER, templateId: TEMPLATE, data: {} })).rejects.toMatchObject({ errcode: 45009 });
    expect(calls('cgi-bin/message/template/send')).toBe(4);
  });

  it('an unreachable host is a typed WechatOaUnavailableError', async () => {
    const client = newClient({ settings: { ...settings, apiBase: 'http://127.0.0.1:9' }, retries: 1, timeoutMs: 500 });
    const err = await client.getToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatOaUnavailableError);
    expect(err).toMatchObject({ api: 'token' });
  });
});
