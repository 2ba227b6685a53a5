import Taro from '@tarojs/taro';
import { PlatformError } from './platform-error';
import { createWeappBridge, getQy, type QyApi } from './weapp-bridge';

type Callbacks = { success?: (value: unknown) => void; fail?: (error: { errMsg: string }) => void };

/** A wx.qy whose calls succeed with `results[name]` or fail with `failures[name]`. */
function mockQy(results: Record<string, unknown>, failures: Record<string, string> = {}) {
  const calls: Array<{ name: string; options: Record<string, unknown> }> = [];
  const method = (name: string) =>
    jest.fn((options: Callbacks & Record<string, unknown>) => {
      calls.push({ name, options });
      if (failures[name]) options.fail?.({ errMsg: failures[name] });
      else options.success?.(results[name]);
    });
  const qy = {
    login: method('login'),
    getContext: method('getContext'),
    getCurExternalContact: method('getCurExternalContact'),
    getCurExternalChat: method('getCurExternalChat'),
    sendChatMessage: method('sendChatMessage'),
  } as unknown as QyApi;
  return { qy, calls };
}

describe('weapp bridge (wx.qy)', () => {
  afterEach(() => {
    delete (globalThis as { wx?: unknown }).wx;
  });

  it('gets the login code and the entry from wx.qy', async () => {
    const { qy } = mockQy({ login: { code: 'qy-code' }, getContext: { entry: 'single_chat_tools' } });
    const bridge = createWeappBridge(() => qy);
    expect(bridge.kind).toBe('weapp');
    await expect(bridge.login()).resolves.toBe('qy-code');
    await expect(bridge.getContext()).resolves.toBe('single_chat_tools');
  });

  it('folds newer WeCom entries into the four the app knows', async () => {
    const { qy } = mockQy({ getContext: { entry: 'chain_group_chat_tools' } });
    await expect(createWeappBridge(() => qy).getContext()).resolves.toBe('group_chat_tools');
    const other = mockQy({ getContext: { entry: 'chat_attachment' } });
    await expect(createWeappBridge(() => other.qy).getContext()).resolves.toBe('normal');
  });

  it('returns the current external contact and group chat', async () => {
    const { qy } = mockQy({ getCurExternalContact: { userId: 'wm-1' }, getCurExternalChat: { chatId: 'wr-1' } });
    const bridge = createWeappBridge(() => qy);
    await expect(bridge.getCurExternalContact()).resolves.toBe('wm-1');
    await expect(bridge.getCurExternalChat()).resolves.toBe('wr-1');
  });

  it('turns WeCom failures into PlatformErrors with Chinese messages', async () => {
    const { qy } = mockQy(
      {},
      { getCurExternalContact: 'getCurExternalContact:fail without context of external contact', sendChatMessage: 'sendChatMessage:fail no permission' },
    );
    const bridge = createWeappBridge(() => qy);
    await expect(bridge.getCurExternalContact()).rejects.toMatchObject({ code: 'NO_EXTERNAL_CONTACT', userMessage: '请从客户聊天或客户详情页进入' });
    await expect(bridge.sendChatMessage({ msgtype: 'text', text: { content: 'hi' } })).rejects.toMatchObject({ code: 'NO_PERMISSION' });
  });

  it('passes the message body to sendChatMessage unchanged', async () => {
    const { qy, calls } = mockQy({ sendChatMessage: {} });
    const message = {
      msgtype: 'news' as const,
      enterChat: true,
      news: { link: 'https://bank.example/p/1', title: '稳健理财', desc: '七日年化 2.1%', imgUrl: 'https://bank.example/i.png' },
    };
    await createWeappBridge(() => qy).sendChatMessage(message);
    expect(calls[0]?.options).toMatchObject(message);
  });

  it('opens links in the web-view page', async () => {
    const { qy } = mockQy({});
    await createWeappBridge(() => qy).openLink('https://bank.example/a?b=1');
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/webview/pages/index?url=https%3A%2F%2Fbank.example%2Fa%3Fb%3D1' });
  });

  it('fails each call with NOT_IN_WECOM when wx.qy is missing (plain WeChat)', async () => {
    (globalThis as { wx?: unknown }).wx = {};
    const bridge = createWeappBridge(getQy);
    const error = await bridge.login().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ code: 'NOT_IN_WECOM', userMessage: '请在企业微信中打开' });
  });

  it('uses the global wx.qy when present', async () => {
    const { qy } = mockQy({ login: { code: 'global' } });
    (globalThis as { wx?: unknown }).wx = { qy };
    await expect(createWeappBridge(getQy).login()).resolves.toBe('global');
  });
});
