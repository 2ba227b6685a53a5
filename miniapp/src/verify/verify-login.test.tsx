import { CONSENT_TEXT } from '@pfs/shared';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { setRouterParams } from '../../test/stubs/taro';
import VerifyPage from './pages/index';
import { verifyBrowser } from './verify-browser';

// The WeChat login on the customer's page, over a stubbed Taro.request: 开始认证 remembers the link in this tab and
// leaves for /api/h5/oauth/start; the BFF's callback brings the browser back with only `s` (or `error`), never the
// link; and the link opened again in a new tab after the login starts a new login instead of saying 链接无效.

type Reply = { status: number; body: unknown };
const ok = (body: unknown): Reply => ({ status: 200, body });

function serve(routes: Record<string, Reply>) {
  const calls: { path: string; auth?: string }[] = [];
  (Taro.request as unknown as jest.Mock).mockImplementation(async (opts: { url: string; method: string; header: Record<string, string> }) => {
    const path = opts.url.replace(/^https?:\/\/[^/]+/, '').split('?')[0]!;
    const key = `${opts.method} ${path.startsWith('/api/h5/invitations/') ? `/api/h5/invitations/${decodeURIComponent(path.slice('/api/h5/invitations/'.length))}` : path}`;
    calls.push({ path: key, auth: opts.header.Authorization });
    const reply = routes[key] ?? { status: 404, body: { error: { code: 'ROUTE_NOT_FOUND', message: 'x', requestId: 'r' } } };
    return { statusCode: reply.status, data: reply.body, header: {} };
  });
  return calls;
}

const TOKEN = `${'a'.repeat(24)}.${'b'.repeat(24)}`;
const SESSION = 'sess-login-1234567890abc';
const PAGE = '/#/verify/pages/index';
const invitation = (status: string, needsLogin: boolean) => ok({ status, advisorName: '王芳', expiresAt: '2030-01-01T00:00:00.000Z', needsLogin });

let leaveFor: jest.SpyInstance;
beforeEach(() => {
  leaveFor = jest.spyOn(verifyBrowser, 'leaveFor').mockReturnValue(true);
});
afterEach(() => {
  leaveFor.mockRestore();
  window.history.replaceState(null, '', '/');
});

async function arrive(query: Record<string, string>) {
  window.history.replaceState(null, '', `${PAGE}?${new URLSearchParams(query).toString()}`);
  setRouterParams(query);
  render(<VerifyPage />);
  await act(async () => {
    await Promise.resolve();
  });
}

describe('verify page: WeChat login', () => {
  it('开始认证 keeps the link in this tab; back with only ?s= the page goes on with that link and shows it in the address bar', async () => {
    serve({ [`GET /api/h5/invitations/${TOKEN}`]: invitation('OPENED', true) });
    await arrive({ t: TOKEN });
    fireEvent.click(await screen.findByText('开始认证'));
    expect(leaveFor).toHaveBeenCalledWith(`/api/h5/oauth/start?t=${encodeURIComponent(TOKEN)}`);
    expect(window.sessionStorage.getItem('pfs.verify.link')).toBe(TOKEN);

    // The callback's redirect: the session, no link.
    cleanup();
    const calls = serve({ [`GET /api/h5/invitations/${TOKEN}`]: invitation('OPENED', false), 'GET /api/h5/consent': ok(CONSENT_TEXT) });
    await arrive({ s: SESSION });
    expect(await screen.findByText('同意并继续')).toBeTruthy();
    expect(calls[0]).toEqual({ path: `GET /api/h5/invitations/${TOKEN}`, auth: `H5 ${SESSION}` });
    expect(window.location.hash).toBe(`${PAGE.slice(1)}?t=${TOKEN}`);
    expect(JSON.parse(window.sessionStorage.getItem('pfs.verify.session')!)).toEqual({ t: TOKEN, s: SESSION });
  });

  it('back with only ?error=: the failure for the remembered link, with 重新打开 (a new login)', async () => {
    window.sessionStorage.setItem('pfs.verify.link', TOKEN);
    serve({});
    await arrive({ error: 'WECHAT_AUTH_REQUIRED' });
    expect(screen.getByRole('alert').textContent).toContain('请在微信中打开并授权');
    expect(window.location.hash).toBe(`${PAGE.slice(1)}?t=${TOKEN}`);
    fireEvent.click(screen.getByText('重新打开'));
    expect(leaveFor).toHaveBeenCalledWith(`/api/h5/oauth/start?t=${encodeURIComponent(TOKEN)}`);
  });

  it('a return in a tab that never left from a link: 链接无效, nothing asked', async () => {
    const calls = serve({});
    await arrive({ s: SESSION });
    expect(screen.getByRole('alert').textContent).toContain('链接无效');
    expect(calls).toEqual([]);
  });

  it('the link opened again in a new tab after the login (no session in that tab): a new WeChat login, not 链接无效', async () => {
    // The first tab logged in and consented; the new tab has its own, empty sessionStorage.
    const calls = serve({ [`GET /api/h5/invitations/${TOKEN}`]: invitation('CONSENTED', true) });
    await arrive({ t: TOKEN });
    fireEvent.click(await screen.findByText('开始认证'));
    expect(screen.queryByText('链接无效')).toBeNull();
    expect(calls).toEqual([{ path: `GET /api/h5/invitations/${TOKEN}`, auth: undefined }]);
    expect(leaveFor).toHaveBeenCalledWith(`/api/h5/oauth/start?t=${encodeURIComponent(TOKEN)}`);
  });
});
