import { createDemoBridge } from './demo-bridge';
import { DEMO_CONTEXT_KEY } from './demo-context-store';
import type { FetchLike } from './fetch-json';

const STAFF = [
  { wecomUserId: 'zhangsan', name: '张晓明', unitName: '朝阳支行', roles: ['ADVISOR'] },
  { wecomUserId: 'lisi', name: '李静', unitName: '朝阳支行', roles: ['UNIT_MANAGER'] },
];

type Route = (body: unknown) => { status: number; body?: unknown };

/** fetch mock keyed by "METHOD path"; records every call with its parsed body. */
function mockFetch(routes: Record<string, Route>) {
  const calls: Array<{ key: string; body: unknown }> = [];
  const fetch: jest.MockedFunction<FetchLike> = jest.fn(async (url, init) => {
    const key = `${init?.method ?? 'GET'} ${url}`;
    const body = init?.body ? JSON.parse(init.body) : undefined;
    calls.push({ key, body });
    const route = routes[key];
    const answer = route ? route(body) : { status: 404, body: { error: { code: 'ROUTE_NOT_FOUND', message: 'no', requestId: 'r' } } };
    return { ok: answer.status < 300, status: answer.status, text: async () => (answer.body === undefined ? '' : JSON.stringify(answer.body)) };
  });
  return { fetch, calls };
}

const baseRoutes: Record<string, Route> = {
  'GET /api/demo/staff': () => ({ status: 200, body: STAFF }),
  'POST /api/demo/login-code': (body) => ({ status: 200, body: { code: `code-for-${(body as { wecomUserId: string }).wecomUserId}` } }),
  'GET /api/demo/contacts?wecomUserId=zhangsan': () => ({ status: 200, body: [{ externalUserId: 'wm-1', name: '王女士' }] }),
  'GET /api/demo/group-chats?wecomUserId=zhangsan': () => ({ status: 200, body: [{ chatId: 'wr-1', name: '朝阳理财沙龙群' }] }),
  'POST /api/demo/chat-messages': () => ({ status: 204 }),
};

function setup(routes: Record<string, Route> = baseRoutes) {
  const { fetch, calls } = mockFetch(routes);
  const openWindow = jest.fn();
  const bridge = createDemoBridge({ fetch, baseUrl: '', storage: window.localStorage, openWindow });
  return { bridge, calls, openWindow };
}

describe('demo bridge (simulator through /api/demo)', () => {
  it('logs in as the first simulated staff member on a first visit, and remembers the choice', async () => {
    const { bridge, calls } = setup();
    await expect(bridge.login()).resolves.toBe('code-for-zhangsan');
    expect(calls.map((c) => c.key)).toEqual(['GET /api/demo/staff', 'POST /api/demo/login-code']);
    expect(calls[1]?.body).toEqual({ wecomUserId: 'zhangsan' });
    expect(JSON.parse(window.localStorage.getItem(DEMO_CONTEXT_KEY) ?? '{}')).toMatchObject({ wecomUserId: 'zhangsan', entry: 'normal' });
  });

  it('restores the persisted context after a reload', async () => {
    window.localStorage.setItem(DEMO_CONTEXT_KEY, JSON.stringify({ wecomUserId: 'lisi', entry: 'group_chat_tools', chatId: 'wr-7' }));
    const { bridge, calls } = setup();
    await expect(bridge.getContext()).resolves.toBe('group_chat_tools');
    await expect(bridge.getCurExternalChat()).resolves.toBe('wr-7');
    await expect(bridge.login()).resolves.toBe('code-for-lisi');
    expect(calls.map((c) => c.key)).toEqual(['POST /api/demo/login-code']);
  });

  it('follows WeCom rules for the current contact and chat', async () => {
    const { bridge } = setup();
    await expect(bridge.getCurExternalContact()).rejects.toMatchObject({ code: 'NO_EXTERNAL_CONTACT' });
    bridge.setDemoContext({ entry: 'single_chat_tools', externalUserId: 'wm-1' });
    await expect(bridge.getCurExternalContact()).resolves.toBe('wm-1');
    await expect(bridge.getCurExternalChat()).rejects.toMatchObject({ code: 'NO_EXTERNAL_CHAT' });
    bridge.setDemoContext({ entry: 'contact_profile' });
    await expect(bridge.getCurExternalContact()).resolves.toBe('wm-1');
  });

  it('records sent chat messages with the simulator', async () => {
    const { bridge, calls } = setup();
    bridge.setDemoContext({ wecomUserId: 'zhangsan', entry: 'single_chat_tools', externalUserId: 'wm-1' });
    const message = { msgtype: 'text' as const, text: { content: '王女士您好' } };
    await bridge.sendChatMessage(message);
    expect(calls.at(-1)).toEqual({
      key: 'POST /api/demo/chat-messages',
      body: { wecomUserId: 'zhangsan', externalUserId: 'wm-1', message },
    });

    bridge.setDemoContext({ entry: 'group_chat_tools', chatId: 'wr-1' });
    await bridge.sendChatMessage(message);
    expect(calls.at(-1)?.body).toEqual({ wecomUserId: 'zhangsan', chatId: 'wr-1', message });
  });

  it('tells listeners whether the staff member changed, and clears the previous staff\'s customer', () => {
    const { bridge } = setup();
    const listener = jest.fn();
    bridge.onContextChange!(listener);
    bridge.setDemoContext({ wecomUserId: 'zhangsan', entry: 'single_chat_tools', externalUserId: 'wm-1' });
    expect(listener).toHaveBeenLastCalledWith({ staffChanged: true });
    bridge.setDemoContext({ externalUserId: 'wm-2' });
    expect(listener).toHaveBeenLastCalledWith({ staffChanged: false });
    bridge.setDemoContext({ wecomUserId: 'lisi' });
    expect(listener).toHaveBeenLastCalledWith({ staffChanged: true });
    expect(bridge.getDemoContext()).toEqual({ wecomUserId: 'lisi', entry: 'single_chat_tools', externalUserId: undefined, chatId: undefined });
  });

  it('lists the staff member\'s contacts and group chats', async () => {
    const { bridge } = setup();
    await expect(bridge.listContacts('zhangsan')).resolves.toEqual([{ externalUserId: 'wm-1', name: '王女士' }]);
    await expect(bridge.listGroupChats('zhangsan')).resolves.toEqual([{ chatId: 'wr-1', name: '朝阳理财沙龙群' }]);
  });

  it('maps simulator errors and network failures to ApiErrors', async () => {
    const broken = setup({
      'GET /api/demo/staff': () => ({ status: 503, body: { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'sim down', requestId: 'r9' } } }),
    });
    await expect(broken.bridge.listStaff()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', requestId: 'r9', userMessage: '服务暂时不可用，请稍后再试' });

    const offline = createDemoBridge({
      fetch: jest.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
      baseUrl: '',
      storage: window.localStorage,
      openWindow: jest.fn(),
    });
    await expect(offline.listStaff()).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('fails the login plainly when the simulator has no staff', async () => {
    const { bridge } = setup({ 'GET /api/demo/staff': () => ({ status: 200, body: [] }) });
    await expect(bridge.login()).rejects.toMatchObject({ code: 'DEMO_NOT_READY' });
  });

  it('opens links in a new browser tab', async () => {
    const { bridge, openWindow } = setup();
    await bridge.openLink('https://bank.example/p');
    expect(openWindow).toHaveBeenCalledWith('https://bank.example/p');
  });
});
