import type { CredentialsInput } from './credentials';
import type { SeedInput } from './core/seed';
import type { ResolvedOptions, SmsLimits } from './core/sim';

export interface SimulatorOptions {
  /** Fixed credentials (any subset); the rest are generated. */
  credentials?: CredentialsInput;
  /** Clock source in ms (default Date.now); control.clock.advance() adds to it. */
  now?: () => number;
  /** Multiplies real-time waits: Pay retry schedule, callback timeouts and retry gaps (tests use e.g. 0.001). */
  timeScale?: number;
  /** Base URL the simulator is reachable at from browsers (IDV hosted-page links); default: listen address or request origin. */
  publicBaseUrl?: string;
  /** World applied at start and on every reset. */
  seed?: SeedInput;
  wecom?: Partial<ResolvedOptions['wecom']>;
  oa?: Partial<ResolvedOptions['oa']>;
  pay?: Partial<ResolvedOptions['pay']>;
  sms?: { limits?: Partial<SmsLimits>; templates?: ResolvedOptions['sms']['templates'] };
  idv?: Partial<ResolvedOptions['idv']>;
}

/** WeChat Pay's documented notification retry schedule (seconds): about 24 h 4 m in all. */
export const PAY_RETRY_SCHEDULE_SECONDS = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600];

/** A scaled timeout still has to fit a local HTTP round trip. */
const MIN_TIMEOUT_MS = 250;

export function resolveOptions(o: SimulatorOptions): ResolvedOptions {
  const timeScale = o.timeScale ?? 1;
  if (!(timeScale > 0)) throw new Error('timeScale must be positive');
  const scaledTimeout = (ms: number): number => Math.max(ms * timeScale, MIN_TIMEOUT_MS);
  return {
    timeScale,
    publicBaseUrl: o.publicBaseUrl,
    seed: o.seed,
    wecom: {
      callbackTimeoutMs: scaledTimeout(5000),
      callbackAttempts: 3,
      // WeCom does not document the gap between attempts; one (scaled) second keeps them distinguishable.
      callbackRetryDelayMs: 1000 * timeScale,
      urlVerifyTimeoutMs: 1000,
      welcomeCodeTtlMs: 20_000,
      ...o.wecom,
    },
    oa: { redirectDomains: [], ...o.oa },
    pay: {
      notifyTimeoutMs: scaledTimeout(5000),
      retryScheduleSeconds: PAY_RETRY_SCHEDULE_SECONDS,
      localHttpHosts: ['127.0.0.1', 'localhost', '::1', '[::1]'],
      ...o.pay,
    },
    sms: {
      // Typical verification-code limits of Chinese SMS gateways (per phone).
      limits: { perMinute: 1, perHour: 5, perDay: 10, ...o.sms?.limits },
      templates: {
        OTP: { text: '您的验证码为${code}，5分钟内有效，请勿泄露给他人。', params: ['code'] },
        NOTICE: { text: '${content}', params: ['content'] },
        ...o.sms?.templates,
      },
    },
    idv: { timeoutDelayMs: 30_000, bizTokenTtlSeconds: 7200, ...o.idv },
  };
}
