/**
 * WeCom OAuth for the H5 app inside WeCom: redirect to open.weixin.qq.com, come back with `?code=&state=`.
 * The redirect URI carries no #fragment (WeCom appends the query to it), so the hash route is kept in
 * sessionStorage under the random state and restored on return.
 */
const STATE_KEY = 'pfs.oauth.state';

export interface OAuthEnvironment {
  location: { href: string; assign(url: string): void };
  history: { replaceState(data: unknown, unused: string, url: string): void };
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };
  random?: () => string;
}

interface SavedState {
  state: string;
  hash: string;
}

function randomState(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 24; i += 1) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

/** The code WeCom just handed back, if it answers our own pending state; the code and state leave the URL. */
export function takeOAuthCode(env: OAuthEnvironment): string | undefined {
  const url = new URL(env.location.href);
  const code = url.searchParams.get('code');
  const state = url.searchParams.get('state');
  if (!code || !state) return undefined;
  const saved = readSaved(env);
  if (!saved || saved.state !== state) return undefined;
  env.storage.removeItem(STATE_KEY);
  url.searchParams.delete('code');
  url.searchParams.delete('state');
  url.hash = saved.hash;
  // A code is single-use: leaving it in the address bar would replay it on reload.
  env.history.replaceState(null, '', url.toString());
  return code;
}

function readSaved(env: OAuthEnvironment): SavedState | undefined {
  try {
    const raw = env.storage.getItem(STATE_KEY);
    return raw ? (JSON.parse(raw) as SavedState) : undefined;
  } catch {
    return undefined;
  }
}

export function buildOAuthUrl(corpId: string, redirectUri: string, state: string, agentId?: string): string {
  const params = [
    `appid=${encodeURIComponent(corpId)}`,
    `redirect_uri=${encodeURIComponent(redirectUri)}`,
    'response_type=code',
    'scope=snsapi_base',
    `state=${encodeURIComponent(state)}`,
    agentId ? `agentid=${encodeURIComponent(agentId)}` : '',
  ].filter(Boolean);
  return `https://open.weixin.qq.com/connect/oauth2/authorize?${params.join('&')}#wechat_redirect`;
}

/** Leaves the page for WeCom's authorize screen (silent with snsapi_base). */
export function redirectToOAuth(env: OAuthEnvironment, corpId: string, agentId?: string): void {
  const url = new URL(env.location.href);
  const hash = url.hash;
  url.hash = '';
  url.searchParams.delete('code');
  url.searchParams.delete('state');
  const state = (env.random ?? randomState)();
  env.storage.setItem(STATE_KEY, JSON.stringify({ state, hash } satisfies SavedState));
  env.location.assign(buildOAuthUrl(corpId, url.toString(), state, agentId));
}

/** The page URL a JS-SDK signature is computed for: everything but the fragment. */
export function urlWithoutFragment(href: string): string {
  const index = href.indexOf('#');
  return index === -1 ? href : href.slice(0, index);
}
