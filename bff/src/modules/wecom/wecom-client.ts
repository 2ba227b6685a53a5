import { withRetry } from '../../lib/retry';
import type { WecomSettings } from '../platform/platform-settings';
import { SharedCredentialCache, type PlatformClientOptions } from './shared-credential-cache';
import { isRetryable, TOKEN_ERRCODES, WecomApiError, WecomUnavailableError } from './wecom-errors';

export interface WecomClientOptions extends PlatformClientOptions {
  settings: WecomSettings;
}

type Query = Record<string, string | number | undefined>;
type WecomBody = Record<string, unknown> & { errcode?: number; errmsg?: string };

/** groupchat/get `group_chat`: one customer group with its members (names only with need_name). */
export interface WecomGroupChat {
  chat_id: string;
  name: string;
  owner: string;
  create_time: number;
  notice?: string;
  member_list: { userid: string; type: number; join_time: number; join_scene?: number; invitor?: { userid: string }; group_nickname?: string; name?: string; unionid?: string }[];
  admin_list?: { userid: string }[];
}

export interface Jscode2SessionResult {
  corpId: string;
  userId: string;
  /** Server-side only: never send it to the client or write it to a log. */
  sessionKey: string;
}

/**
 * WeCom server API (https://qyapi.weixin.qq.com/cgi-bin) for one corp app. The access token and both JS-SDK
 * tickets live in Redis, shared by every BFF process and refreshed by one of them before they expire; a token the
 * platform rejects (42001/40014) is dropped, refreshed and the call retried once; busy (-1) and rate limits
 * (45009/45033) are retried with exponential backoff, then surface as `WecomApiError`.
 */
export class WecomClient {
  readonly corpId: string;
  readonly agentId: string;
  private readonly token: SharedCredentialCache;
  private readonly jsapiTicket: SharedCredentialCache;
  private readonly agentTicket: SharedCredentialCache;

  constructor(private readonly opts: WecomClientOptions) {
    const { corpId, agentId } = opts.settings;
    this.corpId = corpId;
    this.agentId = agentId;
    this.token = new SharedCredentialCache(opts.redis, `wecom:token:${corpId}:${agentId}`, () => this.fetchToken(), opts.cache);
    this.jsapiTicket = new SharedCredentialCache(opts.redis, `wecom:ticket:corp:${corpId}`, () => this.fetchTicket('get_jsapi_ticket'), opts.cache);
    this.agentTicket = new SharedCredentialCache(
      opts.redis,
      `wecom:ticket:agent:${corpId}:${agentId}`,
      () => this.fetchTicket('ticket/get', { type: 'agent_config' }),
      opts.cache,
    );
  }

  getToken(): Promise<string> {
    return this.token.get();
  }

  /** Corp ticket, for `wx.config`. */
  getJsapiTicket(): Promise<string> {
    return this.jsapiTicket.get();
  }

  /** App ticket, for `wx.agentConfig`. */
  getAgentTicket(): Promise<string> {
    return this.agentTicket.get();
  }

  /** Any API below /cgi-bin/ (e.g. "externalcontact/get"); GET without a body, POST with one. */
  async call<T extends WecomBody = WecomBody>(api: string, req: { query?: Query; body?: unknown } = {}): Promise<T> {
    const token = await this.token.get();
    try {
      return await this.withRetry(api, () => this.request<T>(api, { ...req.query, access_token: token }, req.body));
    } catch (err) {
      if (!(err instanceof WecomApiError && TOKEN_ERRCODES.has(err.errcode))) throw err;
      this.opts.logger?.info({ api, errcode: err.errcode }, 'wecom: access token rejected, refreshing');
      await this.token.invalidate(token);
      const fresh = await this.token.get();
      return this.withRetry(api, () => this.request<T>(api, { ...req.query, access_token: fresh }, req.body));
    }
  }

  /** Exchanges a `wx.qy.login` code (mini-program) for the member's userid. */
  async jscode2session(code: string): Promise<Jscode2SessionResult> {
    const r = await this.call<WecomBody & { corpid: string; userid: string; session_key: string }>('miniprogram/jscode2session', {
      query: { js_code: code, grant_type: 'authorization_code' },
    });
    return { corpId: r.corpid, userId: r.userid, sessionKey: r.session_key };
  }

  getUser(userid: string) {
    return this.call<WecomBody & { userid: string; name: string; department: number[]; main_department?: number; position?: string; status?: number }>(
      'user/get',
      { query: { userid } },
    );
  }

  getExternalContact(externalUserId: string, cursor?: string) {
    return this.call<WecomBody & { external_contact: Record<string, unknown> & { external_userid: string; name: string }; follow_user: Record<string, unknown>[]; next_cursor?: string }>(
      'externalcontact/get',
      { query: { external_userid: externalUserId, cursor } },
    );
  }

  /** The corp tag catalogue (all groups, or only the given ones). */
  getCorpTagList(filter: { tag_id?: string[]; group_id?: string[] } = {}) {
    return this.call<WecomBody & { tag_group: { group_id: string; group_name: string; order?: number; deleted?: boolean; tag: { id: string; name: string; order?: number; deleted?: boolean }[] }[] }>(
      'externalcontact/get_corp_tag_list',
      { body: filter },
    );
  }

  /** Adds and removes corp tags on one follow relationship (the member's view of the contact). */
  async markTag(req: { userid: string; external_userid: string; add_tag?: string[]; remove_tag?: string[] }): Promise<void> {
    await this.call('externalcontact/mark_tag', { body: req });
  }

  /** Welcome message for a new contact, within 20 s of the add event, with its WelcomeCode. */
  async sendWelcomeMsg(msg: { welcome_code: string; text?: { content: string }; attachments?: Record<string, unknown>[] }): Promise<void> {
    await this.call('externalcontact/send_welcome_msg', { body: msg });
  }

  /** One page of the customer groups visible to the app (optionally only those of the given owners). */
  listGroupChats(req: { status_filter?: number; owner_filter?: { userid_list: string[] }; cursor?: string; limit: number }) {
    return this.call<WecomBody & { group_chat_list: { chat_id: string; status: number }[]; next_cursor?: string }>('externalcontact/groupchat/list', { body: req });
  }

  /** One customer group with its members (their WeChat names with need_name). 40050: no such (or a dismissed) group. */
  getGroupChat(chatId: string) {
    return this.call<WecomBody & { group_chat: WecomGroupChat; member_version?: string }>('externalcontact/groupchat/get', { body: { chat_id: chatId, need_name: 1 } });
  }

  private async fetchToken() {
    const { corpId, secret } = this.opts.settings;
    const r = await this.withRetry('gettoken', () => this.request<WecomBody & { access_token: string; expires_in: number }>('gettoken', { corpid: corpId, corpsecret: secret }));
    return { value: r.access_token, expiresIn: r.expires_in };
  }

  private async fetchTicket(api: string, query: Query = {}) {
    const r = await this.call<WecomBody & { ticket: string; expires_in: number }>(api, { query });
    return { value: r.ticket, expiresIn: r.expires_in };
  }

  private withRetry<T>(api: string, attempt: () => Promise<T>): Promise<T> {
    return withRetry(
      api,
      {
        retries: this.opts.retries ?? 3,
        minDelayMs: this.opts.minRetryDelayMs ?? 200,
        maxDelayMs: 5000,
        isRetryable,
        describe: (e: unknown) => ({ errcode: e instanceof WecomApiError ? e.errcode : undefined }),
        logger: this.opts.logger,
        message: 'wecom: call failed, retrying',
      },
      attempt,
    );
  }

  private async request<T extends WecomBody>(api: string, query: Query, body?: unknown): Promise<T> {
    const url = new URL(`${this.opts.settings.apiBase}/cgi-bin/${api}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    let res: Response;
    try {
      res = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
    } catch (err) {
      // The URL carries the access token: never log it, only the API name.
      throw new WecomUnavailableError(api, err instanceof Error ? err.name : 'network error');
    }
    if (!res.ok) throw new WecomUnavailableError(api, `HTTP ${res.status}`);
    let json: T;
    try {
      json = (await res.json()) as T;
    } catch {
      throw new WecomUnavailableError(api, 'response is not JSON');
    }
    const errcode = typeof json.errcode === 'number' ? json.errcode : 0;
    if (errcode !== 0) throw new WecomApiError(errcode, String(json.errmsg ?? ''), api);
    return json;
  }
}
