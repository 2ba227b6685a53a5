import type { JssdkSignature } from '@pfs/shared';
import * as ww from '@wecom/jssdk';
import { createWecomH5Bridge, JS_API_LIST } from './wecom-h5-bridge';
import { buildOAuthUrl } from './wecom-oauth';

jest.mock('@wecom/jssdk', () => ({
  register: jest.fn(),
  getContext: jest.fn(),
  getCurExternalContact: jest.fn(),
  getCurExternalChat: jest.fn(),
  sendChatMessage: jest.fn(),
}));

const sdk = ww as jest.Mocked<typeof ww>;

const signature = (url: string): JssdkSignature => ({
  corpId: 'ww-corp',
  agentId: '1000002',
  config: { timestamp: 1, nonceStr: 'n1', signature: `corp:${url}` },
  agentConfig: { timestamp: 2, nonceStr: 'n2', signature: `agent:${url}` },
});

function setup(href: string, storage: Storage = window.sessionStorage) {
  const location = { href, assign: jest.fn() };
  const history = { replaceState: jest.fn((_d: unknown, _u: string, url: string) => void (location.href = url)) };
  const fetchSignature = jest.fn(async (url: string) => signature(url));
  const bridge = createWecomH5Bridge({ fetchSignature, location, history, storage, random: () => 'STATE123' });
  return { bridge, location, history, fetchSignature };
}

beforeEach(() => jest.clearAllMocks());

describe('WeCom H5 bridge (@wecom/jssdk)', () => {
  it('registers corp and app identity once, signing the URL without its #fragment', async () => {
    sdk.getContext.mockResolvedValue({ errMsg: 'getContext:ok', entry: 'group_chat_tools' } as never);
    const { bridge, fetchSignature } = setup('https://app.bank.example/?x=1#/sidebar/pages/index');

    await expect(bridge.getContext()).resolves.toBe('group_chat_tools');
    await bridge.getContext();

    expect(sdk.register).toHaveBeenCalledTimes(1);
    const options = sdk.register.mock.calls[0]![0];
    expect(options).toMatchObject({ corpId: 'ww-corp', agentId: '1000002', jsApiList: JS_API_LIST });
    expect(fetchSignature).toHaveBeenCalledWith('https://app.bank.example/?x=1');

    // The SDK asks again with the URL it signs; both callbacks reuse the one request per URL.
    await expect(options.getConfigSignature!('https://app.bank.example/?x=1')).resolves.toEqual(signature('https://app.bank.example/?x=1').config);
    await expect(options.getAgentConfigSignature!('https://app.bank.example/?x=1#/other')).resolves.toEqual(
      signature('https://app.bank.example/?x=1').agentConfig,
    );
    expect(fetchSignature).toHaveBeenCalledTimes(1);
  });

  it('reads the current contact and chat, mapping WeCom failures', async () => {
    sdk.getCurExternalContact.mockResolvedValue({ userId: 'wm-9' } as never);
    sdk.getCurExternalChat.mockRejectedValue({ errMsg: 'getCurExternalChat:fail without context of external chat' });
    const { bridge } = setup('https://app.bank.example/');
    await expect(bridge.getCurExternalContact()).resolves.toBe('wm-9');
    await expect(bridge.getCurExternalChat()).rejects.toMatchObject({ code: 'NO_EXTERNAL_CHAT' });
  });

  it('sends chat messages through ww.sendChatMessage', async () => {
    sdk.sendChatMessage.mockResolvedValue({ errMsg: 'sendChatMessage:ok' } as never);
    const { bridge } = setup('https://app.bank.example/');
    await bridge.sendChatMessage({ msgtype: 'text', text: { content: '您好' } });
    expect(sdk.sendChatMessage).toHaveBeenCalledWith({ msgtype: 'text', text: { content: '您好' } });
  });

  it('login without a code redirects to WeCom OAuth (snsapi_base), keeping the hash route aside', async () => {
    const { bridge, location } = setup('https://app.bank.example/?from=menu#/customers/pages/index');
    void bridge.login();
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(location.assign).toHaveBeenCalledWith(
      buildOAuthUrl('ww-corp', 'https://app.bank.example/?from=menu', 'STATE123', '1000002'),
    );
    const target = new URL((location.assign.mock.calls[0] as [string])[0]);
    expect(target.origin + target.pathname).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(target.searchParams.get('appid')).toBe('ww-corp');
    expect(target.searchParams.get('scope')).toBe('snsapi_base');
    expect(target.searchParams.get('response_type')).toBe('code');
    expect(target.hash).toBe('#wechat_redirect');
    expect(JSON.parse(window.sessionStorage.getItem('pfs.oauth.state') ?? '{}')).toEqual({
      state: 'STATE123',
      hash: '#/customers/pages/index',
    });
  });

  it('login after the redirect returns the code once and restores the URL', async () => {
    window.sessionStorage.setItem('pfs.oauth.state', JSON.stringify({ state: 'STATE123', hash: '#/customers/pages/index' }));
    const { bridge, location, history } = setup('https://app.bank.example/?from=menu&code=OAUTH-CODE&state=STATE123');

    await expect(bridge.login()).resolves.toBe('OAUTH-CODE');
    expect(history.replaceState).toHaveBeenCalledWith(null, '', 'https://app.bank.example/?from=menu#/customers/pages/index');
    expect(location.href).toBe('https://app.bank.example/?from=menu#/customers/pages/index');
    expect(window.sessionStorage.getItem('pfs.oauth.state')).toBeNull();
  });

  it('ignores a code whose state is not ours (and redirects for a fresh one)', async () => {
    window.sessionStorage.setItem('pfs.oauth.state', JSON.stringify({ state: 'OTHER', hash: '' }));
    const { bridge, location } = setup('https://app.bank.example/?code=FORGED&state=STATE999');
    void bridge.login();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(location.assign).toHaveBeenCalledTimes(1);
    expect((location.assign.mock.calls[0] as [string])[0]).not.toContain('FORGED');
  });
});
