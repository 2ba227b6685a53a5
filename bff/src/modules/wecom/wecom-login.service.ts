import type { SessionInfo } from '@pfs/shared';
import type { AppDeps } from '../../app-deps';
import { AppError } from '../../http/app-error';
import { openSession } from '../auth/login.service';
import type { WecomClient } from './wecom-client';
import { WecomApiError, WecomUnavailableError } from './wecom-errors';

/** The WeCom client, or 503 when WeCom is not configured. */
export function requireWecom(deps: Pick<AppDeps, 'wecom'>): WecomClient {
  if (!deps.wecom) throw new AppError('UPSTREAM_UNAVAILABLE', '企业微信未配置');
  return deps.wecom;
}

/** Maps platform failures onto the client's codes (logging only the api and errcode). */
export function upstreamError(err: unknown, log?: AppDeps['logger']): never {
  if (err instanceof WecomApiError || err instanceof WecomUnavailableError) {
    log?.warn({ api: err.api, errcode: err instanceof WecomApiError ? err.errcode : undefined, reason: err instanceof WecomUnavailableError ? err.reason : undefined }, 'wecom call failed');
    throw new AppError('UPSTREAM_UNAVAILABLE');
  }
  throw err;
}

/**
 * Advisor login from the WeCom mini-program: the `wx.qy.login` code → jscode2session → the staff member with that
 * userid → a session. The session_key stays here (it is not needed yet, and never leaves the server).
 */
export async function wecomLogin(deps: AppDeps, code: string, log = deps.logger): Promise<SessionInfo> {
  const wecom = requireWecom(deps);
  let userId: string;
  try {
    const r = await wecom.jscode2session(code);
    if (r.corpId !== wecom.corpId) throw new AppError('WECOM_CODE_INVALID');
    userId = r.userId;
  } catch (err) {
    if (err instanceof WecomApiError && err.errcode === 40029) throw new AppError('WECOM_CODE_INVALID');
    upstreamError(err, log);
  }
  return openSession(deps.db.prisma, deps.sessions, userId);
}
