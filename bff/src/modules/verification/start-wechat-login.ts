import type { ErrorCode } from '@pfs/shared';
import { AppError } from '../../http/app-error';
import { resolveInvitation } from '../invitations/invitations.service';
import type { H5Deps } from './h5-deps';
import { newBrowserSecret } from './oauth-state';

export interface StartLoginInput {
  /** The invitation link's token: only someone holding the link can start its login. */
  token: string;
  /** snsapi_userinfo only when a unionid is needed. */
  scope?: 'snsapi_base' | 'snsapi_userinfo';
  /** With the in-process simulator only: which WeChat user the browser is (tests, demo). */
  simUser?: string;
  simSnapshot?: '1';
}

export type StartLoginOutcome =
  /** To WeChat's authorize page; the browser keeps `browserSecret` in its login cookie. */
  | { kind: 'authorize'; url: string; browserSecret: string }
  /** Back to the verify page with the reason (the browser has the link already). */
  | { kind: 'refused'; error: ErrorCode };

/**
 * The customer taps 开始认证 (or the page needs a new login): the link is checked, a single-use OAuth state is issued
 * for this browser (oauth-state.ts), and the browser goes to WeChat's authorize page with it. The state names the
 * login, not the invitation: whoever sees it (WeChat, a log, a Referer) cannot use it from another browser.
 */
export async function startWechatLogin(d: H5Deps, input: StartLoginInput): Promise<StartLoginOutcome> {
  let invitationId: string;
  try {
    invitationId = (await resolveInvitation(d.prisma, d.links, input.token, d.clock.now())).id;
  } catch (err) {
    if (err instanceof AppError) return { kind: 'refused', error: err.code };
    throw err;
  }
  const wechat = d.platform.wechat;
  if (!wechat || !d.wechatOa) return { kind: 'refused', error: 'UPSTREAM_UNAVAILABLE' };
  // A new secret per login: the browser's latest login is the one that can finish.
  const browserSecret = newBrowserSecret();
  const params = new URLSearchParams({
    appid: wechat.appId,
    redirect_uri: `${d.links.publicBaseUrl}/api/h5/oauth/callback`,
    response_type: 'code',
    scope: input.scope ?? 'snsapi_base',
    state: await d.oauthStates.issue(invitationId, browserSecret),
  });
  if (d.platform.kind === 'simulator') {
    if (input.simUser) params.set('sim_user', input.simUser);
    if (input.simSnapshot) params.set('sim_snapshot', input.simSnapshot);
  }
  return { kind: 'authorize', url: `${wechat.oauthBase ?? 'https://open.weixin.qq.com'}/connect/oauth2/authorize?${params.toString()}#wechat_redirect`, browserSecret };
}
