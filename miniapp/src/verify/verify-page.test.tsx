import { CONSENT_TEXT } from '@pfs/shared';
import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { setRouterParams } from '../../test/stubs/taro';
import { WITHDRAW_CONSEQUENCES_ZH } from './ConsentWithdrawal';
import VerifyPage from './pages/index';

// The customer's H5 page over a stubbed Taro.request (what taroTransport calls): 撤回授权 after a consent and after
// verification, and a withdrawn consent leading back to the consent text instead of a dead end.

interface Call {
  method: string;
  url: string;
  data: unknown;
  auth?: string;
}

type Reply = { status: number; body: unknown };
const ok = (body: unknown): Reply => ({ status: 200, body });
const error = (status: number, code: string, message = 'x', details?: unknown): Reply => ({
  status,
  body: { error: { code, message, requestId: 'r1', ...(details ? { details } : {}) } },
});

function serve(routes: Record<string, Reply | (() => Reply)>) {
  const calls: Call[] = [];
  (Taro.request as unknown as jest.Mock).mockImplementation(async (opts: { url: string; method: string; data: unknown; header: Record<string, string> }) => {
    calls.push({ method: opts.method, url: opts.url, data: opts.data, auth: opts.header.Authorization });
    const path = opts.url.replace(/^https?:\/\/[^/]+/, '').split('?')[0]!;
    const route = routes[`${opts.method} ${path.startsWith('/api/h5/invitations/') ? '/api/h5/invitations/:token' : path}`];
    const reply = typeof route === 'function' ? route() : (route ?? error(404, 'ROUTE_NOT_FOUND'));
    return { statusCode: reply.status, data: reply.body, header: {} };
  });
  return calls;
}

const TOKEN = `${'a'.repeat(24)}.${'b'.repeat(24)}`;
const invitation = (status: string, needsLogin = false) => ok({ status, advisorName: '王芳', expiresAt: '2030-01-01T00:00:00.000Z', needsLogin });

async function openPage(params: Record<string, string> = { t: TOKEN, s: 'sess-1234567890abcdefghij' }) {
  setRouterParams(params);
  render(<VerifyPage />);
  await act(async () => {
    await Promise.resolve();
  });
}

describe('verify page: consent withdrawal', () => {
  it('a consented customer reopening the link sees the form and can withdraw, then consent again', async () => {
    let withdrawn = false;
    const calls = serve({
      'GET /api/h5/invitations/:token': invitation('CONSENTED'),
      'POST /api/h5/consent/withdraw': () => {
        withdrawn = true;
        return ok({ withdrawnAt: '2026-03-04T05:06:00.000Z' });
      },
      'GET /api/h5/consent': ok(CONSENT_TEXT),
    });
    await openPage();
    expect(await screen.findByText('提交认证')).toBeTruthy();

    fireEvent.click(screen.getByText('撤回授权'));
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain(WITHDRAW_CONSEQUENCES_ZH.common);
    expect(dialog.textContent).toContain(WITHDRAW_CONSEQUENCES_ZH.pending);
    // 暂不撤回 closes it without a call.
    fireEvent.click(screen.getByText('暂不撤回'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(withdrawn).toBe(false);

    fireEvent.click(screen.getByText('撤回授权'));
    await act(async () => fireEvent.click(screen.getByText('确认撤回')));
    const call = calls.find((c) => c.url.endsWith('/api/h5/consent/withdraw'))!;
    expect(call).toMatchObject({ method: 'POST', auth: 'H5 sess-1234567890abcdefghij' });
    expect(await screen.findByText('已撤回授权')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/我行已于 2026-03-0\d \d\d:\d\d 记录您撤回/);
    expect(screen.queryByText('提交认证')).toBeNull();

    await act(async () => fireEvent.click(screen.getByText('重新授权')));
    expect(await screen.findByText(CONSENT_TEXT.title)).toBeTruthy();
    expect(screen.getByRole('note').textContent).toContain('重新阅读并同意');
  });

  it('after verification: 撤回授权 under 认证成功; nothing left to withdraw is said plainly', async () => {
    serve({
      'GET /api/h5/invitations/:token': invitation('VERIFIED'),
      'POST /api/h5/consent/withdraw': ok({ withdrawnAt: null }),
    });
    await openPage();
    expect(await screen.findByText('认证成功')).toBeTruthy();
    fireEvent.click(screen.getByText('撤回授权'));
    expect(screen.getByRole('dialog').textContent).toContain(WITHDRAW_CONSEQUENCES_ZH.verified);
    await act(async () => fireEvent.click(screen.getByText('确认撤回')));
    expect(await screen.findByText('授权此前已撤回')).toBeTruthy();
    expect(screen.queryByText('重新授权')).toBeNull();
  });

  it('no 撤回授权 without this invitation’s WeChat session', async () => {
    serve({ 'GET /api/h5/invitations/:token': invitation('VERIFIED', true) });
    await openPage({ t: TOKEN });
    expect(await screen.findByText('认证成功')).toBeTruthy();
    expect(screen.queryByText('撤回授权')).toBeNull();
  });

  it('a lapsed session while withdrawing offers to open the link again', async () => {
    serve({
      'GET /api/h5/invitations/:token': invitation('VERIFIED'),
      'POST /api/h5/consent/withdraw': error(401, 'H5_SESSION_REQUIRED'),
    });
    await openPage();
    fireEvent.click(await screen.findByText('撤回授权'));
    await act(async () => fireEvent.click(screen.getByText('确认撤回')));
    expect(screen.getByRole('alert').textContent).toBe('页面已过期，请重新打开邀请链接');
    expect(screen.getByText('重新打开')).toBeTruthy();
  });

  it('a withdrawn consent met on the form (SMS code) brings the consent text back', async () => {
    serve({
      'GET /api/h5/invitations/:token': invitation('CONSENTED'),
      'POST /api/h5/sms-codes': error(403, 'CONSENT_REQUIRED'),
      'GET /api/h5/consent': ok(CONSENT_TEXT),
    });
    await openPage();
    await screen.findByText('提交认证');
    fireEvent.change(document.querySelector('input[name="phone"]')!, { target: { value: '13812345678' } });
    await act(async () => fireEvent.click(screen.getByText('获取验证码')));
    expect(await screen.findByText(CONSENT_TEXT.title)).toBeTruthy();
    expect(screen.getByRole('note').textContent).toContain('授权已撤回或已失效');
  });
});
