import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import type { TencentCloudConfig } from '../../config/config';
import { withRetry } from '../../lib/retry';
import { ProviderRejectedError, ProviderUnavailableError, type IdentityInput, type IdentityStart, type IdentityVerdict, type IdentityVerifier, type SmsProvider } from './providers';

/**
 * Tencent Cloud API 3.0 adapters for the customer's verification: SMS (SendSms, 2021-01-11) and FaceID
 * (PhoneVerification for the 3-element check, DetectAuth + GetDetectInfoEnhanced for the face check, 2018-03-01).
 * Signing (TC3-HMAC-SHA256), the request and the error envelope are Tencent's own SDK (`CommonClient`); this file
 * maps their answers onto the provider interfaces and retries what is transient (InternalError, network, timeouts),
 * never a verdict.
 *
 * `endpointBase` (the simulator) keeps the real host names in the URL, the Host header and the signature, and only
 * changes where the connection goes, like `curl --connect-to`: the SDK derives the signed service from the host.
 */

export const TENCENTCLOUD_API = {
  sms: { host: 'sms.tencentcloudapi.com', version: '2021-01-11' },
  faceid: { host: 'faceid.tencentcloudapi.com', version: '2018-03-01' },
} as const;
export type TencentService = keyof typeof TENCENTCLOUD_API;

/** What the SDK throws: `code` is Tencent's Error.Code; none for network failures and timeouts. */
interface SdkError extends Error {
  code?: string;
  httpCode?: number;
  requestId?: string;
}

/** Failures worth another attempt: the server's own trouble, rate limits, no answer at all. */
export function isTransientTencentError(err: unknown): boolean {
  const e = err as SdkError;
  if (!e || typeof e !== 'object') return false;
  if (!e.code) return e.httpCode === undefined || e.httpCode >= 500; // network error, timeout, 5xx without a body
  return e.code === 'InternalError' || e.code.startsWith('InternalError.') || e.code.startsWith('RequestLimitExceeded') || e.code === 'FailedOperation.UnKnown';
}

/** Connects every request to `base` while the URL (and so Host and the signature) keep the real host. */
function connectToAgent(base: string): http.Agent {
  const target = new URL(base);
  const secure = target.protocol === 'https:';
  const port = Number(target.port || (secure ? 443 : 80));
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  // A socket returned synchronously is used as is (the callback is for asynchronous creation).
  agent.createConnection = () => (secure ? tls.connect({ host: target.hostname, port, servername: target.hostname }) : net.connect({ host: target.hostname, port }));
  return agent;
}

export interface TencentCloudClientOptions {
  logger?: Logger;
  /** First backoff delay of a retried call (tests shorten it). */
  minRetryDelayMs?: number;
  retries?: number;
}

/** One Tencent Cloud product (sms, faceid) through the SDK's CommonClient, with retries of transient failures. */
export class TencentCloudApi {
  private readonly client: CommonClient;
  private readonly agent: http.Agent;

  constructor(
    readonly service: TencentService,
    private readonly config: TencentCloudConfig,
    private readonly opts: TencentCloudClientOptions = {},
  ) {
    const api = TENCENTCLOUD_API[service];
    const viaBase = config.endpointBase !== undefined;
    // An explicit agent also keeps the SDK from picking up an http_proxy variable behind the configuration's back.
    this.agent = viaBase ? connectToAgent(config.endpointBase!) : new https.Agent({ keepAlive: true });
    this.client = new CommonClient(api.host, api.version, {
      credential: { secretId: config.secretId, secretKey: config.secretKey },
      region: config.region,
      profile: {
        httpProfile: {
          endpoint: api.host,
          protocol: viaBase && config.endpointBase!.startsWith('http:') ? 'http://' : 'https://',
          reqMethod: 'POST',
          reqTimeout: config.timeoutMs / 1000,
          agent: this.agent,
        },
      },
    });
  }

  /**
   * Calls `action`. Transient failures are retried (2 more attempts with backoff); when they persist the provider
   * is unavailable. Other errors are the provider refusing the request: `AuthFailure.*` (our keys or clock) counts
   * as unavailable too, since the customer can do nothing about it.
   */
  async call<T extends Record<string, unknown>>(action: string, params: Record<string, unknown>): Promise<T> {
    const name = `tencentcloud-${this.service}`;
    try {
      return await withRetry(
        `${this.service}.${action}`,
        {
          retries: this.opts.retries ?? 2,
          minDelayMs: this.opts.minRetryDelayMs ?? 200,
          maxDelayMs: 2000,
          isRetryable: isTransientTencentError,
          describe: (err) => ({ code: (err as SdkError).code || 'network', requestId: (err as SdkError).requestId || undefined }),
          logger: this.opts.logger,
          message: 'tencent cloud: call failed, retrying',
        },
        async () => (await this.client.request(action, params)) as T,
      );
    } catch (err) {
      const e = err as SdkError;
      const code = e.code || (e.httpCode ? `HTTP ${e.httpCode}` : 'network');
      this.opts.logger?.warn({ provider: name, action, code, requestId: e.requestId || undefined }, 'tencent cloud: call failed');
      if (isTransientTencentError(err) || code.startsWith('AuthFailure')) throw new ProviderUnavailableError(name, `${action} ${code}`);
      throw new ProviderRejectedError(name, 200, code);
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

/** SendSms with the approved OTP template (its only parameter is the code). */
export class TencentSmsProvider implements SmsProvider {
  readonly name = 'tencentcloud-sms';
  private readonly api: TencentCloudApi;
  constructor(private readonly config: TencentCloudConfig, opts: TencentCloudClientOptions = {}) {
    this.api = new TencentCloudApi('sms', config, opts);
  }

  async sendCode(phone: string, code: string): Promise<{ messageId: string }> {
    const r = await this.api.call<{ SendStatusSet?: { Code?: string; SerialNo?: string }[] }>('SendSms', {
      PhoneNumberSet: [`+86${phone}`],
      SmsSdkAppId: this.config.smsSdkAppId,
      SignName: this.config.smsSignName,
      TemplateId: this.config.smsTemplateId,
      TemplateParamSet: [code],
    });
    const status = r.SendStatusSet?.[0];
    if (status?.Code === 'Ok' && status.SerialNo) return { messageId: status.SerialNo };
    const statusCode = status?.Code ?? 'NoSendStatus';
    throw new ProviderRejectedError(this.name, 200, statusCode, { rateLimited: statusCode.startsWith('LimitExceeded.') });
  }

  close(): void {
    this.api.close();
  }
}

/**
 * FaceID PhoneVerification: name + ID number + mobile against the carrier's records, a synchronous verdict
 * (`start` answers it; there is no hosted step). Result "0" consistent, "-4" inconsistent; "-6/-7/-8" name,
 * ID number or phone not valid; "-9" no record; "-11" the source is busy (unavailable); "-12" daily limit.
 */
export class TencentPhoneVerifier implements IdentityVerifier {
  readonly name = 'tencentcloud-faceid-3e';
  private readonly api: TencentCloudApi;
  constructor(config: TencentCloudConfig, opts: TencentCloudClientOptions = {}) {
    this.api = new TencentCloudApi('faceid', config, opts);
  }

  async start(input: IdentityInput): Promise<IdentityStart> {
    const r = await this.api.call<{ Result?: string; RequestId?: string }>('PhoneVerification', { IdCard: input.idNumber, Name: input.name, Phone: input.phone });
    const ref = String(r.RequestId ?? '');
    return { ref, next: { kind: 'none' }, verdict: this.verdictOf(String(r.Result ?? '')) };
  }

  private verdictOf(result: string): IdentityVerdict {
    switch (result) {
      case '0':
        return { verdict: 'PASS' };
      case '-4':
        return { verdict: 'MISMATCH', fields: [] };
      case '-6':
      case '-13':
        return { verdict: 'MISMATCH', fields: ['phone'] };
      case '-7':
        return { verdict: 'MISMATCH', fields: ['idNumber'] };
      case '-8':
        return { verdict: 'MISMATCH', fields: ['name'] };
      case '-9':
        return { verdict: 'MISMATCH', fields: [] };
      case '-11':
        throw new ProviderUnavailableError(this.name, 'PhoneVerification -11');
      case '-12':
        throw new ProviderRejectedError(this.name, 200, 'PhoneVerification -12', { rateLimited: true });
      default:
        throw new ProviderRejectedError(this.name, 200, `PhoneVerification ${result || 'no Result'}`);
    }
  }

  /** The verdict came with `start`; there is nothing to fetch later. */
  complete(): Promise<IdentityVerdict> {
    return Promise.resolve({ verdict: 'PENDING' });
  }

  close(): void {
    this.api.close();
  }
}

/**
 * FaceID DetectAuth (hosted liveness + face match against the authoritative photo): `start` gives the page the
 * customer's browser goes to, which returns to `redirectUrl?BizToken=…`; `complete` reads GetDetectInfoEnhanced
 * (Text.ErrCode 0 = pass, null = not finished). The ID number FaceID checked comes back with the verdict.
 */
export class TencentFaceVerifier implements IdentityVerifier {
  readonly name = 'tencentcloud-faceid-face';
  private readonly api: TencentCloudApi;
  constructor(private readonly config: TencentCloudConfig, opts: TencentCloudClientOptions = {}) {
    if (!config.faceIdRuleId) throw new Error('FACEID_RULE_ID is required for the face check');
    this.api = new TencentCloudApi('faceid', config, opts);
  }

  async start(input: IdentityInput): Promise<IdentityStart> {
    const r = await this.api.call<{ Url?: string; BizToken?: string }>('DetectAuth', {
      RuleId: this.config.faceIdRuleId,
      IdCard: input.idNumber,
      Name: input.name,
      RedirectUrl: input.redirectUrl,
      ...(input.extra ? { Extra: input.extra } : {}),
    });
    if (!r.Url || !r.BizToken) throw new ProviderRejectedError(this.name, 200, 'DetectAuth without Url or BizToken');
    return { ref: r.BizToken, next: { kind: 'redirect', url: r.Url } };
  }

  async complete(ref: string): Promise<IdentityVerdict> {
    let r: { Text?: { ErrCode?: number | null; ErrMsg?: string | null; IdCard?: string | null } | null };
    try {
      r = await this.api.call('GetDetectInfoEnhanced', { BizToken: ref, RuleId: this.config.faceIdRuleId, InfoType: '1' });
    } catch (err) {
      if (err instanceof ProviderRejectedError && err.code === 'InvalidParameterValue.BizTokenExpired') return { verdict: 'EXPIRED' };
      throw err;
    }
    const code = r.Text?.ErrCode;
    if (code === null || code === undefined) return { verdict: 'PENDING' };
    if (code === 0) return { verdict: 'PASS', ...(r.Text?.IdCard ? { idNumber: r.Text.IdCard } : {}) };
    return { verdict: 'MISMATCH', fields: [], reason: `ErrCode ${code}` };
  }

  close(): void {
    this.api.close();
  }
}
