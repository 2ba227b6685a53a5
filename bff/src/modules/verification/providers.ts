import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ProviderSettings } from '../platform/platform-settings';

/**
 * Provider interfaces for the customer's verification: an SMS gateway for one-time codes and an identity
 * verifier (`start` → a redirect or nothing more to do, `complete` → the verdict; a face-verification provider fits
 * the same shape). `SignedSmsProvider` / `SignedIdentityVerifier` speak the simulator's own HMAC-signed provider
 * protocol (simulator/README.md "SMS provider", "IDV provider"); tencentcloud.ts implements Tencent Cloud SMS and
 * FaceID (API 3.0), which the simulator also serves.
 */

/** The provider could not answer (down, timed out, 5xx): the customer may retry later, nothing is lost. */
export class ProviderUnavailableError extends Error {
  constructor(readonly provider: string, readonly reason: string) {
    super(`${provider} unavailable: ${reason}`);
    this.name = 'ProviderUnavailableError';
  }
}

/** The provider refused the request (rate limit, bad phone, ...). `code` is the provider's. */
export class ProviderRejectedError extends Error {
  /** A rate or daily limit of the provider (the customer should wait), not a problem with the request. */
  readonly rateLimited: boolean;
  constructor(readonly provider: string, readonly status: number, readonly code: string, opts: { rateLimited?: boolean } = {}) {
    super(`${provider} refused: ${status} ${code}`);
    this.name = 'ProviderRejectedError';
    this.rateLimited = opts.rateLimited ?? code === 'RATE_LIMITED';
  }
}

export interface SmsProvider {
  readonly name: string;
  /** Sends the one-time code; resolves with the gateway's message id. */
  sendCode(phone: string, code: string): Promise<{ messageId: string }>;
}

export interface IdentityInput {
  name: string;
  idNumber: string;
  phone: string;
  /** Where a hosted step (face check) sends the person back. */
  redirectUrl: string;
  /** Passed through the provider and returned with the result (no personal data). */
  extra?: string;
}

export interface IdentityStart {
  ref: string;
  /** `none`: nothing for the person to do, call complete; `redirect`: send the browser to `url` first. */
  next: { kind: 'none' } | { kind: 'redirect'; url: string };
  /** A synchronous check (3-element) answers at once: no `complete` call. */
  verdict?: IdentityVerdict;
}

export type IdentityVerdict =
  /** `idNumber`: the ID number the provider verified, when it says (checked against the one the customer gave). */
  | { verdict: 'PASS'; idNumber?: string }
  | { verdict: 'MISMATCH'; fields: string[]; reason?: string }
  | { verdict: 'PENDING' }
  | { verdict: 'EXPIRED' };

export interface IdentityVerifier {
  readonly name: string;
  start(input: IdentityInput): Promise<IdentityStart>;
  complete(ref: string): Promise<IdentityVerdict>;
}

type Json = Record<string, unknown> & { code?: string };

/** HMAC-SHA256 over METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n with the access-key secret (the simulator's scheme). */
export class SignedProviderClient {
  constructor(
    readonly name: string,
    private readonly settings: ProviderSettings,
    private readonly opts: { timeoutMs?: number; logger?: Logger } = {},
  ) {}

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: Json }> {
    const url = new URL(`${this.settings.apiBase}${path}`);
    const raw = body === undefined ? '' : JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(12).toString('hex');
    const target = `${url.pathname}${url.search}`;
    const signature = createHmac('sha256', this.settings.accessKeySecret).update(`${method}\n${target}\n${timestamp}\n${nonce}\n${raw}\n`, 'utf8').digest('hex');
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          'content-type': 'application/json',
          'X-Sim-Key': this.settings.accessKeyId,
          'X-Sim-Timestamp': timestamp,
          'X-Sim-Nonce': nonce,
          'X-Sim-Signature': signature,
        },
        ...(method === 'POST' ? { body: raw } : {}),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable';
      this.opts.logger?.warn({ provider: this.name, reason }, 'provider request failed');
      throw new ProviderUnavailableError(this.name, reason);
    }
    let json: Json = {};
    try {
      json = (await res.json()) as Json;
    } catch {
      /* not JSON: judged by the status */
    }
    if (res.status >= 500 || res.status === 401) {
      // 401: our credentials or clock are wrong — nothing the customer can fix; log it for operations.
      this.opts.logger?.warn({ provider: this.name, status: res.status, code: json.code }, 'provider error');
      throw new ProviderUnavailableError(this.name, `${res.status} ${json.code ?? ''}`.trim());
    }
    return { status: res.status, json };
  }
}

export class SignedSmsProvider implements SmsProvider {
  readonly name = 'sim-sms';
  private readonly client: SignedProviderClient;
  constructor(private readonly settings: ProviderSettings, opts: { timeoutMs?: number; logger?: Logger } = {}) {
    this.client = new SignedProviderClient(this.name, settings, opts);
  }

  async sendCode(phone: string, code: string): Promise<{ messageId: string }> {
    const { status, json } = await this.client.request('POST', '/v1/messages', {
      phone,
      templateId: 'OTP',
      params: { code },
      ...(this.settings.signName ? { signName: this.settings.signName } : {}),
    });
    if (status !== 200 || json.code !== 'OK') throw new ProviderRejectedError(this.name, status, String(json.code ?? 'UNKNOWN'));
    return { messageId: String(json.messageId) };
  }
}

/**
 * The simulator's IDV (Tencent FaceID DetectAuth shape). Its hosted page for a data check (name + ID number +
 * phone) needs nothing from the person, so with `completeHostedStep` the BFF opens it itself and the flow is
 * synchronous; a face check leaves it off and redirects the browser.
 */
export class SignedIdentityVerifier implements IdentityVerifier {
  readonly name = 'sim-idv';
  private readonly client: SignedProviderClient;
  constructor(settings: ProviderSettings, private readonly opts: { timeoutMs?: number; logger?: Logger; completeHostedStep?: boolean } = {}) {
    this.client = new SignedProviderClient(this.name, settings, opts);
  }

  async start(input: IdentityInput): Promise<IdentityStart> {
    const { status, json } = await this.client.request('POST', '/v1/verifications', input);
    if (status !== 200 || json.code !== 'OK' || typeof json.bizToken !== 'string' || typeof json.url !== 'string') {
      throw new ProviderRejectedError(this.name, status, String(json.code ?? 'UNKNOWN'));
    }
    if (!this.opts.completeHostedStep) return { ref: json.bizToken, next: { kind: 'redirect', url: json.url } };
    let page: Response;
    try {
      page = await fetch(json.url, { redirect: 'manual', signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000) });
      await page.arrayBuffer();
    } catch (err) {
      throw new ProviderUnavailableError(this.name, (err as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable');
    }
    if (page.status >= 500) throw new ProviderUnavailableError(this.name, `hosted page ${page.status}`);
    if (page.status !== 302) throw new ProviderRejectedError(this.name, page.status, 'HOSTED_PAGE');
    return { ref: json.bizToken, next: { kind: 'none' } };
  }

  async complete(ref: string): Promise<IdentityVerdict> {
    const { status, json } = await this.client.request('GET', `/v1/verifications/${encodeURIComponent(ref)}`);
    if (status !== 200 || json.code !== 'OK') throw new ProviderRejectedError(this.name, status, String(json.code ?? 'UNKNOWN'));
    switch (json.status) {
      case 'PASS':
        return { verdict: 'PASS' };
      case 'MISMATCH': {
        const matched = (json.matched ?? {}) as Record<string, boolean>;
        return { verdict: 'MISMATCH', fields: Object.keys(matched).filter((k) => !matched[k]) };
      }
      case 'EXPIRED':
        return { verdict: 'EXPIRED' };
      default:
        return { verdict: 'PENDING' };
    }
  }
}
