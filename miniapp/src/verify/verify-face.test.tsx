import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { setRouterParams } from '../../test/stubs/taro';
import VerifyPage, { FACE_REDIRECT_ZH } from './pages/index';
import { verifyBrowser } from './verify-browser';
import { FACE_RETURN_ZH } from './verify-return';

// The face check (IDV_LEVEL=face) on the customer's page, over a stubbed Taro.request: the REDIRECT answer takes the
// browser to the provider's page; the BFF brings it back with `s` (认证成功) or `error` (a failure with 重新认证);
// `s` and `error` leave the address bar and the session stays for this tab.

type Reply = { status: number; body: unknown };
const ok = (body: unknown): Reply => ({ status: 200, body });

function serve(routes: Record<string, Reply | (() => Reply)>) {
  const calls: { method: string; path: string; auth?: string; data: unknown }[] = [];
  (Taro.request as unknown as jest.Mock).mockImplementation(async (opts: { url: string; method: string; data: unknown; header: Record<string, string> }) => {
    const path = opts.url.replace(/^https?:\/\/[^/]+/, '').split('?')[0]!;
    const key = `${opts.method} ${path.startsWith('/api/h5/invitations/') ? '/api/h5/invitations/:token' : path}`;
    calls.push({ method: opts.method, path: key, auth: opts.header.Authorization, data: opts.data });
    const route = routes[key];
    const reply = typeof route === 'function' ? route() : (route ?? { status: 404, body: { error: { code: 'ROUTE_NOT_FOUND', message: 'x', requestId: 'r' } } });
    return { statusCode: reply.status, data: reply.body, header: {} };
  });
  return calls;
}

const TOKEN = `${'a'.repeat(24)}.${'b'.repeat(24)}`;
const OLD_SESSION = 'sess-old-1234567890abcdef';
const NEW_SESSION = 'sess-new-1234567890abcdef';
const FACE_URL = 'http://127.0.0.1:4999/idv/h5/verify?BizToken=biz-1';
const invitation = (status: string, needsLogin = false) => ok({ status, advisorName: '王芳', expiresAt: '2030-01-01T00:00:00.000Z', needsLogin });
const PAGE = '/#/verify/pages/index';

let leaveFor: jest.SpyInstance;
beforeEach(() => {
  leaveFor = jest.spyOn(verifyBrowser, 'leaveFor').mockReturnValue(true);
});
afterEach(() => {
  leaveFor.mockRestore();
  window.history.replaceState(null, '', '/');
});

/** Opens the page as the browser would arrive: the address bar and the router's params agree. */
async function arrive(query: Record<string, string>) {
  window.history.replaceState(null, '', `${PAGE}?${new URLSearchParams(query).toString()}`);
  setRouterParams(query);
  render(<VerifyPage />);
  await act(async () => {
    await Promise.resolve();
  });
}

const input = (name: string) => document.querySelector(`input[name="${name}"]`) as HTMLInputElement;
const type = (name: string, value: string) => fireEvent.change(input(name), { target: { value } });
function fillForm() {
  type('name', '张三');
  type('idNumber', '11010519491231002X');
  type('phone', '13812345678');
  type('smsCode', '123456');
}

describe('verify page: face check', () => {
  it('REDIRECT: 正在前往人脸核验…, then the provider’s page; the session stays for this tab, not in the address bar', async () => {
    const calls = serve({
      'GET /api/h5/invitations/:token': invitation('CONSENTED'),
      'POST /api/h5/verification': ok({ status: 'REDIRECT', url: FACE_URL }),
    });
    await arrive({ t: TOKEN, s: OLD_SESSION });
    expect(window.location.hash).toBe(`#/verify/pages/index?t=${TOKEN}`);
    expect(await screen.findByText('提交认证')).toBeTruthy();

    fillForm();
    await act(async () => fireEvent.click(screen.getByText('提交认证')));
    expect(calls.find((c) => c.path === 'POST /api/h5/verification')?.auth).toBe(`H5 ${OLD_SESSION}`);
    expect(screen.getByRole('status').textContent).toContain(FACE_REDIRECT_ZH.title);
    expect(screen.getByRole('status').textContent).toContain(FACE_REDIRECT_ZH.note);
    expect(leaveFor).toHaveBeenCalledWith(FACE_URL);
    expect(screen.queryByText('提交认证')).toBeNull();
    expect(JSON.parse(window.sessionStorage.getItem('pfs.verify.session')!)).toEqual({ t: TOKEN, s: OLD_SESSION });
  });

  it('a REDIRECT to something that is not a web page is not followed', async () => {
    serve({
      'GET /api/h5/invitations/:token': invitation('CONSENTED'),
      'POST /api/h5/verification': ok({ status: 'REDIRECT', url: 'javascript:alert(1)' }),
    });
    await arrive({ t: TOKEN, s: OLD_SESSION });
    await screen.findByText('提交认证');
    fillForm();
    await act(async () => fireEvent.click(screen.getByText('提交认证')));
    expect(leaveFor).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain(FACE_REDIRECT_ZH.failed);
    expect(screen.getByText('重新认证')).toBeTruthy();
  });

  it('back with a new session: 认证成功 with 撤回授权 (the invitation read with it); a reload keeps it without ?s=', async () => {
    window.sessionStorage.setItem('pfs.verify.session', JSON.stringify({ t: TOKEN, s: OLD_SESSION }));
    const calls = serve({ 'GET /api/h5/invitations/:token': invitation('VERIFIED') });
    await arrive({ t: TOKEN, s: NEW_SESSION });
    expect(await screen.findByText('认证成功')).toBeTruthy();
    expect(screen.getByText('撤回授权')).toBeTruthy();
    expect(calls).toEqual([expect.objectContaining({ path: 'GET /api/h5/invitations/:token', auth: `H5 ${NEW_SESSION}` })]);
    expect(window.location.href).not.toContain(NEW_SESSION);
    expect(window.location.hash).toBe(`#/verify/pages/index?t=${TOKEN}`);

    // Reload: the address bar has only the token now; the session comes from this tab's memory.
    cleanup();
    await arrive({ t: TOKEN });
    expect(await screen.findByText('认证成功')).toBeTruthy();
    expect(screen.getByText('撤回授权')).toBeTruthy();
    expect(calls.at(-1)?.auth).toBe(`H5 ${NEW_SESSION}`);
  });

  it('back with error=IDV_MISMATCH: the message, no call, a clean address; 重新认证 → the form with this tab’s session', async () => {
    window.sessionStorage.setItem('pfs.verify.session', JSON.stringify({ t: TOKEN, s: OLD_SESSION }));
    const calls = serve({ 'GET /api/h5/invitations/:token': invitation('CONSENTED') });
    await arrive({ t: TOKEN, error: 'IDV_MISMATCH' });
    expect(screen.getByRole('alert').textContent).toContain('人脸核验未通过');
    expect(screen.getByRole('alert').textContent).toContain(FACE_RETURN_ZH.IDV_MISMATCH);
    expect(calls).toEqual([]);
    expect(window.location.hash).toBe(`#/verify/pages/index?t=${TOKEN}`);

    await act(async () => fireEvent.click(screen.getByText('重新认证')));
    expect(await screen.findByText('提交认证')).toBeTruthy();
    expect(calls).toEqual([expect.objectContaining({ path: 'GET /api/h5/invitations/:token', auth: `H5 ${OLD_SESSION}` })]);
    expect(leaveFor).not.toHaveBeenCalled();
  });

  it('error=PROVIDER_UNAVAILABLE says 稍后重试 and that the consent is kept; without a session left 重新认证 leads to WeChat authorisation', async () => {
    serve({ 'GET /api/h5/invitations/:token': invitation('CONSENTED', true) });
    await arrive({ t: TOKEN, error: 'PROVIDER_UNAVAILABLE' });
    const alert = screen.getByRole('alert').textContent;
    expect(alert).toContain('核验服务繁忙');
    expect(alert).toContain('稍后重试');
    expect(alert).toContain('授权仍然有效');
    await act(async () => fireEvent.click(screen.getByText('重新认证')));
    // No session in this tab: the landing page's 开始认证 (WeChat authorisation) instead of a dead end.
    expect(await screen.findByText('开始认证')).toBeTruthy();
  });

  it('error=TOO_MANY_ATTEMPTS and an expired link say so; a failed WeChat authorisation offers 重新打开', async () => {
    serve({});
    await arrive({ t: TOKEN, error: 'TOO_MANY_ATTEMPTS' });
    expect(screen.getByRole('alert').textContent).toContain(FACE_RETURN_ZH.TOO_MANY_ATTEMPTS);
    expect(screen.getByText('重新认证')).toBeTruthy();

    cleanup();
    await arrive({ t: TOKEN, error: 'INVITATION_EXPIRED' });
    expect(screen.getByRole('alert').textContent).toContain('邀请链接已过期');
    expect(screen.queryByText('重新认证')).toBeNull();
    expect(screen.queryByText('重新打开')).toBeNull();

    cleanup();
    await arrive({ t: TOKEN, error: 'WECHAT_AUTH_REQUIRED' });
    expect(screen.getByRole('alert').textContent).toContain('请在微信中打开并授权');
    fireEvent.click(screen.getByText('重新打开'));
    expect(leaveFor).toHaveBeenCalledWith(`/api/h5/oauth/start?t=${encodeURIComponent(TOKEN)}`);
  });

  it('Back from the provider’s page to the cached page: the form again instead of waiting forever', async () => {
    serve({
      'GET /api/h5/invitations/:token': invitation('CONSENTED'),
      'POST /api/h5/verification': ok({ status: 'REDIRECT', url: FACE_URL }),
    });
    await arrive({ t: TOKEN, s: OLD_SESSION });
    await screen.findByText('提交认证');
    fillForm();
    await act(async () => fireEvent.click(screen.getByText('提交认证')));
    expect(screen.getByText(FACE_REDIRECT_ZH.title)).toBeTruthy();

    const restored = new Event('pageshow');
    Object.defineProperty(restored, 'persisted', { value: true });
    await act(async () => {
      window.dispatchEvent(restored);
      await Promise.resolve();
    });
    expect(await screen.findByText('提交认证')).toBeTruthy();
    expect(input('smsCode').value).toBe('');
  });
});
