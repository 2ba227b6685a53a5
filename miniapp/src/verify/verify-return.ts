import { OAUTH_ERROR_PARAM } from '@pfs/shared';
import { VERIFY_ERRORS_ZH, verifyCodeMessage } from './verify-form';

// How the customer's page is entered: from the invitation link (`?t=`), back from WeChat OAuth (`?s=<H5 session>`
// or `?error=<code>`: the login's redirect never carries the link, the page remembered it for this tab before
// leaving) or from the face check (`?t=&s=` or `?t=&error=`; the BFF's redirects, see h5.routes.ts). The session and
// the error are read once and then leave the address bar; the session is kept for this tab (sessionStorage) so that
// a reload, or 重新认证 after a failed face check, goes on without another WeChat authorisation.

/** Query parameters that must not stay in the address bar (a reload, a shared screenshot or link). */
export const ONE_TIME_PARAMS = ['s', OAUTH_ERROR_PARAM, 'e'] as const;

export interface VerifyEntry {
  token: string;
  /** The H5 session: from the URL when the BFF just handed one over, else the one remembered for this link. */
  session?: string;
  /** Why the BFF sent the browser back (an ErrorCode), when it did. */
  errorCode?: string;
}

function decoded(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The page's parameters (`useRouter().params`), with the remembered session of this link as a fallback, and the link
 * this tab left for WeChat authorisation with when the address has none (back from the login).
 */
export function readVerifyEntry(
  params: Record<string, string | undefined>,
  remembered?: (token: string) => string | undefined,
  lastLink?: () => string | undefined,
): VerifyEntry {
  const token = decoded(params.t) ?? lastLink?.() ?? '';
  const session = decoded(params.s) ?? (token ? remembered?.(token) : undefined);
  const errorCode = decoded(params[OAUTH_ERROR_PARAM] ?? params.e);
  return { token, ...(session ? { session } : {}), ...(errorCode ? { errorCode } : {}) };
}

/**
 * `href` without the named query parameters, in the hash route's query (`/#/verify/pages/index?t=&s=`) and in the
 * page's own query; null when there is nothing to remove.
 */
export function addressWithout(href: string, names: readonly string[]): string | null {
  const strip = (query: string): string => {
    const params = new URLSearchParams(query);
    for (const name of names) params.delete(name);
    const rest = params.toString();
    return rest ? `?${rest}` : '';
  };
  const hashAt = href.indexOf('#');
  const beforeHash = hashAt === -1 ? href : href.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : href.slice(hashAt);
  const splitQuery = (part: string): [string, string] => {
    const at = part.indexOf('?');
    return at === -1 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)];
  };
  const [path, query] = splitQuery(beforeHash);
  const [route, hashQuery] = splitQuery(hash);
  const next = `${path}${query ? strip(query) : ''}${route}${hashQuery ? strip(hashQuery) : ''}`;
  return next === href ? null : next;
}

/** `href` with `t=<token>` in the hash route's query (back from the login, the address shows the link again). */
export function addressWithToken(href: string, token: string): string | null {
  const hashAt = href.indexOf('#');
  if (hashAt === -1) return null;
  const hash = href.slice(hashAt);
  const at = hash.indexOf('?');
  const params = new URLSearchParams(at === -1 ? '' : hash.slice(at + 1));
  if (params.get('t') === token) return null;
  params.set('t', token);
  return `${href.slice(0, hashAt)}${at === -1 ? hash : hash.slice(0, at)}?${params.toString()}`;
}

/** Only a web page may be navigated to (the provider's face-check page); never `javascript:` or the like. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** What 重新认证 / 重新打开 on a failure screen does. */
export type ReturnAction =
  /** Load the invitation again with this tab's session: the form (or WeChat authorisation if it lapsed). */
  | 'retry'
  /** WeChat authorisation again (the session is gone or the authorisation itself failed). */
  | 'oauth'
  /** Nothing the customer can do on this link. */
  | 'none';

export interface ReturnFailure {
  title: string;
  message: string;
  action: ReturnAction;
}

/** Plain Chinese for the codes the face check's return can carry. */
export const FACE_RETURN_ZH = {
  IDV_MISMATCH: '可能不是本人操作，或姓名、身份证号与手机号信息不一致。请核对信息后由本人重新认证（需重新获取短信验证码）。',
  PROVIDER_UNAVAILABLE: '人脸核验服务暂时不可用，请稍后重试。您已同意的授权仍然有效，重试时无需重新授权。',
  TOO_MANY_ATTEMPTS: '认证尝试次数过多，请稍后再试。',
} as const;

/** The failure screen for `?error=<code>` (face-check return or WeChat OAuth callback). */
export function returnFailure(code: string): ReturnFailure {
  switch (code) {
    case 'IDV_MISMATCH':
      return { title: '人脸核验未通过', message: FACE_RETURN_ZH.IDV_MISMATCH, action: 'retry' };
    case 'PROVIDER_UNAVAILABLE':
      return { title: '核验服务繁忙', message: FACE_RETURN_ZH.PROVIDER_UNAVAILABLE, action: 'retry' };
    case 'TOO_MANY_ATTEMPTS':
      return { title: '尝试次数过多', message: FACE_RETURN_ZH.TOO_MANY_ATTEMPTS, action: 'retry' };
    case 'INVITATION_EXPIRED':
      return { title: '邀请已过期', message: VERIFY_ERRORS_ZH.INVITATION_EXPIRED, action: 'none' };
    case 'INVITATION_REVOKED':
      return { title: '邀请已失效', message: VERIFY_ERRORS_ZH.INVITATION_REVOKED, action: 'none' };
    case 'INVITATION_INVALID':
      return { title: '链接无效', message: VERIFY_ERRORS_ZH.INVITATION_INVALID, action: 'none' };
    case 'H5_SESSION_REQUIRED':
    case 'H5_SESSION_EXPIRED':
    case 'SESSION_EXPIRED':
    case 'UNAUTHENTICATED':
      return { title: '页面已过期', message: VERIFY_ERRORS_ZH.H5_SESSION_REQUIRED, action: 'oauth' };
    default:
      return { title: '无法完成授权', message: verifyCodeMessage(code) ?? '授权未完成，请重新打开邀请链接', action: 'oauth' };
  }
}

const SESSION_KEY = 'pfs.verify.session';
const LINK_KEY = 'pfs.verify.link';

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * This tab's H5 session for one invitation link, and the link it left for WeChat authorisation with (sessionStorage:
 * gone with the tab, never in the address bar).
 */
export function sessionMemory(storage: StorageLike | undefined) {
  return {
    recall(token: string): string | undefined {
      try {
        const saved = JSON.parse(storage?.getItem(SESSION_KEY) ?? 'null') as { t?: unknown; s?: unknown } | null;
        return saved && saved.t === token && typeof saved.s === 'string' ? saved.s : undefined;
      } catch {
        return undefined;
      }
    },
    remember(token: string, session: string): void {
      try {
        storage?.setItem(SESSION_KEY, JSON.stringify({ t: token, s: session }));
      } catch {
        // Storage refused (private mode, quota): a reload then asks for WeChat authorisation again.
      }
    },
    /** Before leaving for WeChat authorisation: the login's return names no link, this tab knows it. */
    rememberLink(token: string): void {
      try {
        storage?.setItem(LINK_KEY, token);
      } catch {
        // Storage refused: the return then says the link is missing (链接无效); opening the link again works.
      }
    },
    lastLink(): string | undefined {
      try {
        return storage?.getItem(LINK_KEY) || undefined;
      } catch {
        return undefined;
      }
    },
  };
}
