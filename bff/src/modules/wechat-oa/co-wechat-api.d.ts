// co-wechat-api ships no types: only what this module uses.
declare module 'co-wechat-api' {
  interface AccessTokenLike {
    accessToken: string;
    expireTime: number;
  }
  interface TicketLike {
    ticket: string;
    expireTime: number;
  }
  interface RequestOptions {
    method?: string;
    data?: string;
    dataType?: string;
    headers?: Record<string, string>;
    timeout?: number;
  }
  class WechatAPI {
    constructor(
      appid: string,
      appsecret: string,
      getToken?: () => Promise<AccessTokenLike | null | undefined>,
      saveToken?: (token: AccessTokenLike | null) => Promise<void>,
      tokenFromCustom?: boolean,
    );
    appid: string;
    /** Base URLs, instance properties (default https://api.weixin.qq.com/...; trailing slash included). */
    prefix: string;
    snsPrefix: string;
    mpPrefix: string;
    fileServerPrefix: string;
    payPrefix: string;
    merchantPrefix: string;
    customservicePrefix: string;
    wxaPrefix: string;
    setOpts(opts: RequestOptions): void;
    /** GET (or what `opts` says) `url`; throws `name: 'WeChatAPIError'` with `code` = errcode, or on HTTP errors. */
    request<T = unknown>(url: string, opts?: RequestOptions, retry?: number): Promise<T>;
    registerTicketHandle(getTicketToken?: (type: string) => Promise<TicketLike | null | undefined>, saveTicketToken?: (type: string, ticket: TicketLike) => Promise<void>): void;
    getJsConfig(param: { url: string; jsApiList: string[]; debug?: boolean; openTagList?: string[] }): Promise<{
      debug?: boolean;
      appId: string;
      timestamp: string;
      nonceStr: string;
      signature: string;
      jsApiList: string[];
      openTagList: string[];
    }>;
  }
  export = WechatAPI;
}
