import { randomBytes } from 'node:crypto';
import { withRetry } from '../../lib/retry';
import type { Logger } from 'pino';
import Pay from 'wechatpay-node-v3';
import type { Output } from 'wechatpay-node-v3/dist/lib/interface-v2';
import type { IPayRequest } from 'wechatpay-node-v3/dist/lib/pay-request.interface';
import { z } from 'zod';
import type { WechatPaySettings } from '../platform/platform-settings';
import { checkSignature, decryptResource, PlatformKeys, type SignatureProblem, type SignedMessageHeaders } from './wechatpay-crypto';
import { isRetryablePayError, WechatPayApiError, WechatPayUnavailableError } from './wechatpay-errors';

/** The host wechatpay-node-v3 writes into every URL; the signature covers only the path, so it can be swapped. */
const REAL_HOST = 'https://api.mch.weixin.qq.com';

export interface WechatPayClientOptions {
  settings: WechatPaySettings;
  /** The app the payer is in (the Official Account for JSAPI in WeChat H5), bound to the merchant. */
  appId: string;
  logger?: Logger;
  /** Per HTTP request (default 5000 ms). */
  timeoutMs?: number;
  /** Retries after the first attempt for unreachable / 5xx / rate limited (default 2). */
  retries?: number;
  /** First backoff delay, doubled each retry (default 200 ms). */
  minRetryDelayMs?: number;
  /** Clock for signature freshness (ms). */
  now?: () => number;
}

export interface JsapiOrderInput {
  /** 6–32 of [0-9A-Za-z_-|*], unique per merchant. */
  outTradeNo: string;
  /** At most 127 characters, shown to the payer. */
  description: string;
  amountFen: number;
  payerOpenid: string;
  /** HTTPS, no query string (the simulator also accepts http:// on loopback). */
  notifyUrl: string;
  /** At most 128 characters, echoed back in queries and notifications. */
  attach?: string;
  timeExpire?: Date;
}

/** What the H5 page hands to `WeixinJSBridge.invoke('getBrandWCPayRequest', …)` (paySign covers all but signType). */
export interface JsapiPaymentParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

const transactionSchema = z.looseObject({
  appid: z.string(),
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_type: z.string().optional(),
  trade_state: z.string(),
  trade_state_desc: z.string().optional(),
  bank_type: z.string().optional(),
  attach: z.string().optional(),
  success_time: z.string().optional(),
  payer: z.object({ openid: z.string() }).optional(),
  amount: z.looseObject({ total: z.number().int(), payer_total: z.number().int().optional(), currency: z.string().optional() }),
});
/** A transaction as order queries and TRANSACTION.* notifications describe it. */
export type WechatPayTransaction = z.infer<typeof transactionSchema>;

const notificationSchema = z.looseObject({
  id: z.string().min(1).max(64),
  create_time: z.string().optional(),
  event_type: z.string().min(1),
  resource_type: z.string(),
  summary: z.string().optional(),
  resource: z.looseObject({
    original_type: z.string().optional(),
    algorithm: z.string(),
    ciphertext: z.string().min(1),
    nonce: z.string().min(1),
    associated_data: z.string().optional(),
  }),
});

export interface OpenedNotification {
  id: string;
  eventType: string;
  originalType: string | undefined;
  /** Present for original_type "transaction" (TRANSACTION.SUCCESS …). */
  transaction?: WechatPayTransaction;
}

/** A notification we refuse: `status` is the HTTP answer, `reason` goes to the log, `message` into `{code:"FAIL"}`. */
export class NotificationRejected extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'NotificationRejected';
  }
}

const SIGNATURE_REJECTIONS: Record<SignatureProblem, [number, string]> = {
  missing_headers: [400, '缺少签名信息'],
  bad_timestamp: [400, '时间戳格式错误'],
  bad_signature_type: [401, '不支持的签名类型'],
  unknown_serial: [401, '未知的平台公钥'],
  stale_timestamp: [401, '通知已过期'],
  bad_signature: [401, '签名验证失败'],
};

/** RFC 3339 in China time, as WeChat Pay writes and expects it: 2026-11-24T10:34:56+08:00. */
export function rfc3339Beijing(d: Date): string {
  return `${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

const apiName = (path: string): string =>
  path
    .replace(/\?.*$/, '')
    .replace(/\/out-trade-no\/[^/]+/, '/out-trade-no/{no}')
    .replace(/\/id\/[^/]+/, '/id/{id}');

/**
 * wechatpay-node-v3's transport, replaced: its hard-coded host becomes `apiBase` (the simulator, or the real host),
 * fetch with a timeout instead of superagent, and every 2xx answer must carry a valid WeChat Pay signature from a
 * known serial before its body is used.
 */
class RebasedTransport implements IPayRequest {
  constructor(
    private readonly apiBase: string,
    private readonly keys: PlatformKeys,
    private readonly timeoutMs: number,
    private readonly now: () => number,
  ) {}

  post(url: string, params: Record<string, unknown>, headers: Record<string, string>): Promise<Output> {
    // The library signed JSON.stringify(params); send exactly those bytes.
    return this.send('POST', url, headers, JSON.stringify(params));
  }

  get(url: string, headers: Record<string, string>): Promise<Output> {
    return this.send('GET', url, headers);
  }

  upload(): Promise<Output> {
    return Promise.reject(new Error('uploads are not supported'));
  }

  private async send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<Output> {
    if (!url.startsWith(`${REAL_HOST}/`)) throw new Error(`unexpected WeChat Pay URL ${url}`);
    const path = url.slice(REAL_HOST.length);
    const api = apiName(path);
    const { 'Accept-Encoding': _encoding, ...sent } = headers;
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.apiBase}${path}`, { method, headers: sent, body, signal: AbortSignal.timeout(this.timeoutMs) });
      text = await res.text();
    } catch (err) {
      throw new WechatPayUnavailableError(api, err instanceof Error ? err.name : 'network error');
    }
    if (res.ok) {
      const h: SignedMessageHeaders = {
        timestamp: res.headers.get('wechatpay-timestamp') ?? '',
        nonce: res.headers.get('wechatpay-nonce') ?? '',
        signature: res.headers.get('wechatpay-signature') ?? '',
        serial: res.headers.get('wechatpay-serial') ?? '',
      };
      const problem = checkSignature(this.keys, h, text, Math.floor(this.now() / 1000));
      if (problem) throw new WechatPayUnavailableError(api, `response signature: ${problem}`);
    }
    let data: unknown;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        if (res.ok) throw new WechatPayUnavailableError(api, 'response is not JSON');
      }
    }
    return { status: res.status, data, error: res.ok ? undefined : text };
  }
}

/**
 * WeChat Pay API v3 for one merchant (public-key mode), through wechatpay-node-v3: JSAPI orders, queries, closing,
 * the signed parameters for the payment sheet, and opening (verify + decrypt) payment notifications.
 */
export class WechatPayClient {
  readonly appId: string;
  readonly mchId: string;
  private readonly pay: Pay;
  private readonly keys: PlatformKeys;
  private readonly now: () => number;

  constructor(private readonly opts: WechatPayClientOptions) {
    const s = opts.settings;
    this.appId = opts.appId;
    this.mchId = s.mchId;
    this.now = opts.now ?? Date.now;
    this.keys = new PlatformKeys([{ serial: s.publicKeyId, publicKeyPem: s.publicKey }]);
    this.pay = new Pay({
      appid: opts.appId,
      mchid: s.mchId,
      // With serial_no given the library never parses an X.509 certificate; `publicKey` is only required to be set.
      serial_no: s.serial,
      publicKey: Buffer.from(s.publicKey),
      privateKey: Buffer.from(s.privateKey),
      key: s.apiV3Key,
      userAgent: 'pfs-bff',
    });
    this.pay.createHttp(new RebasedTransport(s.apiBase, this.keys, opts.timeoutMs ?? 5000, this.now));
  }

  /** POST /v3/pay/transactions/jsapi → prepay_id. An identical re-submission returns the same prepay_id. */
  async createJsapiOrder(input: JsapiOrderInput): Promise<{ prepayId: string }> {
    const api = '/v3/pay/transactions/jsapi';
    const result = await this.withRetry(api, async () =>
      this.check(
        api,
        await this.pay.transactions_jsapi({
          description: input.description,
          out_trade_no: input.outTradeNo,
          ...(input.timeExpire ? { time_expire: rfc3339Beijing(input.timeExpire) } : {}),
          ...(input.attach !== undefined ? { attach: input.attach } : {}),
          notify_url: input.notifyUrl,
          amount: { total: input.amountFen, currency: 'CNY' },
          payer: { openid: input.payerOpenid },
        }),
      ),
    );
    // On success the library replaces the body with its own payment parameters; the prepay_id is in `package`.
    const pkg = (result.data as { package?: unknown } | undefined)?.package;
    if (typeof pkg !== 'string' || !pkg.startsWith('prepay_id=')) throw new WechatPayUnavailableError(api, 'no prepay_id');
    return { prepayId: pkg.slice('prepay_id='.length) };
  }

  /** Signed parameters for the payment sheet (fresh nonce and timestamp each time; valid while the prepay_id is). */
  paymentParams(prepayId: string): JsapiPaymentParams {
    const timeStamp = String(Math.floor(this.now() / 1000));
    const nonceStr = randomBytes(16).toString('hex');
    const pkg = `prepay_id=${prepayId}`;
    const paySign = this.pay.sha256WithRsa(`${this.appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`);
    return { appId: this.appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
  }

  /** GET /v3/pay/transactions/out-trade-no/{no}; an unknown order is a WechatPayApiError 404 ORDER_NOT_EXIST. */
  async queryOrder(outTradeNo: string): Promise<WechatPayTransaction> {
    const api = '/v3/pay/transactions/out-trade-no/{no}';
    const result = await this.withRetry(api, async () => this.check(api, await this.pay.query({ out_trade_no: outTradeNo })));
    const parsed = transactionSchema.safeParse(result.data);
    if (!parsed.success) throw new WechatPayUnavailableError(api, 'unexpected transaction shape');
    return parsed.data;
  }

  /** POST /v3/pay/transactions/out-trade-no/{no}/close (204). */
  async closeOrder(outTradeNo: string): Promise<void> {
    const api = '/v3/pay/transactions/out-trade-no/{no}/close';
    await this.withRetry(api, async () => this.check(api, await this.pay.close(outTradeNo)));
  }

  /**
   * Verifies a notification against its raw body (key chosen by Wechatpay-Serial, at most 5 minutes old), then
   * decrypts its resource with the APIv3 key. Throws NotificationRejected with the status to answer.
   */
  openNotification(headers: Partial<SignedMessageHeaders>, rawBody: string): OpenedNotification {
    const problem = checkSignature(this.keys, headers, rawBody, Math.floor(this.now() / 1000));
    if (problem) {
      const [status, message] = SIGNATURE_REJECTIONS[problem];
      throw new NotificationRejected(status, problem, message);
    }
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new NotificationRejected(400, 'body_not_json', '报文格式错误');
    }
    const envelope = notificationSchema.safeParse(json);
    if (!envelope.success || envelope.data.resource_type !== 'encrypt-resource') throw new NotificationRejected(400, 'bad_envelope', '报文格式错误');
    const n = envelope.data;
    let plaintext: string;
    try {
      plaintext = decryptResource(this.opts.settings.apiV3Key, n.resource);
    } catch {
      throw new NotificationRejected(400, 'undecryptable', '报文无法解密');
    }
    const opened: OpenedNotification = { id: n.id, eventType: n.event_type, originalType: n.resource.original_type };
    if (n.resource.original_type === 'transaction') {
      let parsed: ReturnType<typeof transactionSchema.safeParse>;
      try {
        parsed = transactionSchema.safeParse(JSON.parse(plaintext));
      } catch {
        throw new NotificationRejected(400, 'bad_resource', '报文格式错误');
      }
      if (!parsed.success || !parsed.data.transaction_id) throw new NotificationRejected(400, 'bad_resource', '报文格式错误');
      if (parsed.data.mchid !== this.mchId) throw new NotificationRejected(400, 'mchid_mismatch', '商户号不匹配');
      opened.transaction = parsed.data;
    }
    return opened;
  }

  /** Non-2xx answers become WechatPayApiError with WeChat Pay's `code`. */
  private check(api: string, result: Output): Output {
    if (result.status >= 200 && result.status < 300) return result;
    const code = (result.data as { code?: unknown } | undefined)?.code;
    throw new WechatPayApiError(result.status, typeof code === 'string' ? code : 'UNKNOWN', api);
  }

  private withRetry<T>(api: string, attempt: () => Promise<T>): Promise<T> {
    return withRetry(
      api,
      {
        retries: this.opts.retries ?? 2,
        minDelayMs: this.opts.minRetryDelayMs ?? 200,
        maxDelayMs: 2000,
        isRetryable: isRetryablePayError,
        describe: (e: unknown) => ({ code: e instanceof WechatPayApiError ? e.code : e instanceof WechatPayUnavailableError ? e.reason : undefined }),
        logger: this.opts.logger,
        message: 'wechat pay: call failed, retrying',
      },
      attempt,
    );
  }
}
