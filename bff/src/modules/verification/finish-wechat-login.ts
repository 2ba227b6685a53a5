import type { ErrorCode } from '@pfs/shared';
import { AppError } from '../../http/app-error';
import { checkUsable } from '../invitations/invitations.service';
import { WechatOaApiError } from '../wechat-oa/wechat-oa-errors';
import type { H5Deps, H5Request } from './h5-deps';

export interface FinishLoginInput {
  state?: string;
  code?: string;
  /** The login secret from this browser's cookie (set by /oauth/start). */
  browserSecret?: string;
}

/** Where the browser goes next: the verify page with a new H5 session, or with an error code. Never a link token. */
export type FinishLoginOutcome = { session: string } | { error: ErrorCode };

/**
 * The browser is back from WeChat's authorize page (`?code=&state=`). The state must be one this browser started
 * and not used or expired (oauth-state.ts): otherwise WECHAT_AUTH_REQUIRED, whatever the state was — no invitation
 * is looked up, no code exchanged, nothing said about any invitation. Then the code is exchanged for the openid and
 * the invitation is bound to that WeChat user (a link once opened by one WeChat user refuses every other) and a
 * 30-minute H5 session is created. The page keeps its own link (`t`) in the tab; the redirect never carries it.
 */
export async function finishWechatLogin(d: H5Deps, input: FinishLoginInput, req: Pick<H5Request, 'log'>): Promise<FinishLoginOutcome> {
  const invitationId = await d.oauthStates.take(input.state, input.browserSecret);
  if (!invitationId) return { error: 'WECHAT_AUTH_REQUIRED' };
  const inv = await d.prisma.invitation.findUnique({ where: { id: invitationId }, include: { customer: { select: { verifiedAt: true } } } });
  if (!inv) return { error: 'INVITATION_INVALID' };
  try {
    checkUsable(inv, d.clock.now());
  } catch (err) {
    if (err instanceof AppError) return { error: err.code };
    throw err;
  }
  if (!input.code) return { error: 'WECHAT_AUTH_REQUIRED' }; // the person refused to authorise
  if (!d.wechatOa) return { error: 'UPSTREAM_UNAVAILABLE' };
  let who;
  try {
    who = await d.wechatOa.exchangeOauthCode(input.code);
  } catch (err) {
    if (err instanceof WechatOaApiError) {
      req.log.info({ errcode: err.errcode }, 'h5 oauth: code refused');
      return { error: 'WECHAT_AUTH_REQUIRED' };
    }
    throw err;
  }
  // A Moments "snapshot" preview is a virtual identity, not the person: never bound.
  if (who.snapshotUser) return { error: 'WECHAT_AUTH_REQUIRED' };
  const bound = await d.prisma.invitation.updateMany({
    where: { id: inv.id, OR: [{ openid: null }, { openid: who.openid }] },
    data: { openid: who.openid },
  });
  // A link once opened by one WeChat user cannot be used by another.
  if (bound.count === 0) return { error: 'INVITATION_INVALID' };
  return { session: await d.sessions.create({ invitationId: inv.id, openid: who.openid, ...(who.unionid ? { unionid: who.unionid } : {}) }) };
}
