import WechatAPI from 'co-wechat-api';
import { withRetry } from '../../lib/retry';
import type { WechatSettings } from '../platform/platform-settings';
import { SharedCredentialCache, type PlatformClientOptions } from '../wecom/shared-credential-cache';
import { fromLibraryError, isRetryableOaError, OA_TOKEN_ERRCODES, WechatOaApiError } from './wechat-oa-errors';

export interface WechatOaClientOptions extends PlatformClientOptions {
  settings: WechatSettings;
}

type Query = Record<string, string | number | undefined>;
type OaBody = Record<string, unknown> & { errcode?: number; errmsg?: string };

/** The web-OAuth code exchange: who the visitor is. The tokens are server-side only (never to the page or a log). */
export interface OauthIdentity {
  openid: string;
  scope: string;
  /** Only with scope snsapi_userinfo (current documentation). */
  unionid?: string;
  /** Snapshot-mode virtual identity (a Moments preview): not the person, do not bind it. */
  snapshotUser: boolean;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface TemplateMessage {
  touser: string;
  templateId: string;
  url?: string;
  miniprogram?: { appid: string; pagepath?: string };
  /** Same openid + client_msg_id within 10 minutes is sent once: makes a retried send safe. */
  clientMsgId?: string;
  data: Record<string, { value: string }>;
}

export interface OaJsConfig {
  appId: string;
  timestamp: string;
  nonceStr: string;
  signature: string;
  jsApiList: string[];
}

/** How long the library may consider a value from our cache valid: the cache itself decides when to refresh. */
const HANDED_OUT_MS = 60_000;

/**
 * WeChat Official Account server API through co-wechat-api, its base URLs moved to `apiBase` (the simulator, or
 * the real host). The basic access token and the JS-SDK ticket live in Redis, shared by every BFF process and
 * refreshed by one of them (co-wechat-api's own token handling would let each process fetch, and every fetch
 * replaces the OA's previous token); a refused token (40001/42001) is dropped, refreshed and the call retried once.
 */
export class WechatOaClient {
  readonly appId: string;
  /** The co-wechat-api instance, wired to the shared token: its other methods (menus, users, …) work as documented. */
  readonly api: WechatAPI;
  private readonly token: SharedCredentialCache;
  private readonly jsapiTicket: SharedCredentialCache;

  constructor(private readonly opts: WechatOaClientOptions) {
    const { appId, appSecret, apiBase } = opts.settings;
    this.appId = appId;
    this.token = new SharedCredentialCache(opts.redis, `wechat:token:${appId}`, () => this.fetchToken(), opts.cache);
    this.jsapiTicket = new SharedCredentialCache(opts.redis, `wechat:ticket:jsapi:${appId}`, () => this.fetchTicket(), opts.cache);
    // tokenFromCustom = true: the library takes the token from getToken only, and never fetches or stores one itself.
    this.api = new WechatAPI(appId, appSecret, async () => ({ accessToken: await this.token.get(), expireTime: Date.now() + HANDED_OUT_MS }), async () => undefined, true);
    const base = apiBase.replace(/\/+$/, '');
    this.api.prefix = `${base}/cgi-bin/`;
    this.api.snsPrefix = `${base}/sns/`;
    this.api.payPrefix = `${base}/pay/`;
    this.api.merchantPrefix = `${base}/merchant/`;
    this.api.customservicePrefix = `${base}/customservice/`;
    this.api.wxaPrefix = `${base}/wxa/`;
    this.api.setOpts({ timeout: opts.timeoutMs ?? 5000 });
    this.api.registerTicketHandle(
      async (type) => (type === 'jsapi' ? { ticket: await this.jsapiTicket.get(), expireTime: Date.now() + HANDED_OUT_MS } : undefined),
      async () => undefined,
    );
  }

  getToken(): Promise<string> {
    return this.token.get();
  }

  /** The JS-SDK ticket (`ticket/getticket?type=jsapi`), for `wx.config` signatures. */
  getJsapiTicket(): Promise<string> {
    return this.jsapiTicket.get();
  }

  /** `wx.config` parameters for a page (signed over the URL without its #fragment). */
  async jsConfig(url: string, jsApiList: string[]): Promise<OaJsConfig> {
    const bare = url.split('#')[0] ?? url;
    try {
      const c = await this.api.getJsConfig({ url: bare, jsApiList });
      return { appId: c.appId, timestamp: c.timestamp, nonceStr: c.nonceStr, signature: c.signature, jsApiList: c.jsApiList };
    } catch (err) {
      throw fromLibraryError('ticket/getticket', err);
    }
  }

  /** Any API below /cgi-bin/ (e.g. "message/template/send"); GET without a body, POST with one. */
  async call<T extends OaBody = OaBody>(api: string, req: { query?: Query; body?: unknown } = {}): Promise<T> {
    const token = await this.token.get();
    try {
      return await this.withRetry(api, () => this.request<T>(api, `${this.api.prefix}${api}`, { ...req.query, access_token: token }, req.body));
    } catch (err) {
      if (!(err instanceof WechatOaApiError && OA_TOKEN_ERRCODES.has(err.errcode))) throw err;
      this.opts.logger?.info({ api, errcode: err.errcode }, 'wechat oa: access token refused, refreshing');
      await this.token.invalidate(token);
      const fresh = await this.token.get();
      return this.withRetry(api, () => this.request<T>(api, `${this.api.prefix}${api}`, { ...req.query, access_token: fresh }, req.body));
    }
  }

  /**
   * Web OAuth: exchanges the `code` of the redirect for the visitor's openid (`sns/oauth2/access_token`). A code
   * works once and for 5 minutes: 40029 / 40163 come back as WechatOaApiError. Not retried (a lost answer would
   * make the retry fail with 40163 anyway).
   */
  async exchangeOauthCode(code: string): Promise<OauthIdentity> {
    const { appId, appSecret } = this.opts.settings;
    const r = await this.request<
      OaBody & { access_token: string; expires_in: number; refresh_token: string; openid: string; scope: string; unionid?: string; is_snapshotuser?: number }
    >('sns/oauth2/access_token', `${this.api.snsPrefix}oauth2/access_token`, { appid: appId, secret: appSecret, code, grant_type: 'authorization_code' });
    return {
      openid: r.openid,
      scope: r.scope,
      ...(r.unionid ? { unionid: r.unionid } : {}),
      snapshotUser: r.is_snapshotuser === 1,
      accessToken: r.access_token,
      refreshToken: r.refresh_token,
      expiresIn: r.expires_in,
    };
  }

  /** Template message to a follower; returns the msgid (as a string: it can exceed 2^53). */
  async sendTemplateMessage(m: TemplateMessage): Promise<{ msgid: string }> {
    const r = await this.call<OaBody & { msgid: unknown }>('message/template/send', {
      body: {
        touser: m.touser,
        template_id: m.templateId,
        ...(m.url ? { url: m.url } : {}),
        ...(m.miniprogram ? { miniprogram: m.miniprogram } : {}),
        ...(m.clientMsgId ? { client_msg_id: m.clientMsgId } : {}),
        data: m.data,
      },
    });
    return { msgid: String(r.msgid) };
  }

  private async fetchToken() {
    const { appId, appSecret } = this.opts.settings;
    const r = await this.withRetry('token', () =>
      this.request<OaBody & { access_token: string; expires_in: number }>('token', `${this.api.prefix}token`, {
        grant_type: 'client_credential',
        appid: appId,
        secret: appSecret,
      }),
    );
    return { value: r.access_token, expiresIn: r.expires_in };
  }

  private async fetchTicket() {
    const r = await this.call<OaBody & { ticket: string; expires_in: number }>('ticket/getticket', { query: { type: 'jsapi' } });
    return { value: r.ticket, expiresIn: r.expires_in };
  }

  private withRetry<T>(api: string, attempt: () => Promise<T>): Promise<T> {
    return withRetry(
      api,
      {
        retries: this.opts.retries ?? 3,
        minDelayMs: this.opts.minRetryDelayMs ?? 200,
        maxDelayMs: 5000,
        isRetryable: isRetryableOaError,
        describe: (e: unknown) => ({ errcode: e instanceof WechatOaApiError ? e.errcode : undefined }),
        logger: this.opts.logger,
        message: 'wechat oa: call failed, retrying',
      },
      attempt,
    );
  }

  /** One request through co-wechat-api (its JSON parsing and errcode check); errors lose their URL-bearing message. */
  private async request<T extends OaBody>(api: string, base: string, query: Query, body?: unknown): Promise<T> {
    const url = new URL(base);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const opts: Parameters<WechatAPI['request']>[1] =
      body === undefined
        ? { dataType: 'json', headers: { Accept: 'application/json' } }
        : { method: 'POST', dataType: 'json', data: JSON.stringify(body), headers: { 'Content-Type': 'application/json', Accept: 'application/json' } };
    let r: unknown;
    try {
      // retry 0: token refusals are handled above, with the shared cache.
      r = await this.api.request(url.toString(), opts, 0);
    } catch (err) {
      throw fromLibraryError(api, err);
    }
    if (typeof r !== 'object' || r === null || Buffer.isBuffer(r)) throw fromLibraryError(api, { name: 'WeChatAPIError' });
    return r as T;
  }
}
