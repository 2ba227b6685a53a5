import type { SimulatorCredentials } from '../credentials';
import type { Clock, Timers } from './clock';
import type { SeedInput } from './seed';
import type { World } from './world';

export interface SmsLimits {
  perMinute: number;
  perHour: number;
  perDay: number;
}

/** Options after defaults; every module reads these through `Sim`. */
export interface ResolvedOptions {
  timeScale: number;
  publicBaseUrl?: string;
  seed?: SeedInput;
  wecom: {
    callbackUrl?: string;
    /** How long a callback attempt may take before WeCom gives up on it (real: 5 s). */
    callbackTimeoutMs: number;
    /** Attempts in all, including the first (real: 3). */
    callbackAttempts: number;
    /** Pause between attempts. */
    callbackRetryDelayMs: number;
    /** URL verification must be answered within 1 s on the current platform. */
    urlVerifyTimeoutMs: number;
    /** WelcomeCode lifetime (real: 20 s, by the simulator clock). */
    welcomeCodeTtlMs: number;
  };
  oa: {
    /** Authorised redirect domains (网页授权域名); empty = any. */
    redirectDomains: string[];
  };
  pay: {
    notifyTimeoutMs: number;
    /** Delays (seconds, before scaling) of the retries after the first notification attempt. */
    retryScheduleSeconds: number[];
    /** Hosts for which an http:// notify_url is accepted (the real platform requires https). */
    localHttpHosts: string[];
    /** Demo mode: pay every new order automatically after this many (real) milliseconds. */
    autoPayAfterMs?: number;
  };
  sms: {
    limits: SmsLimits;
    templates: Record<string, { text: string; params: string[] }>;
  };
  idv: {
    /** How long a scripted 'timeout' keeps the request hanging before answering 504 (real ms). */
    timeoutDelayMs: number;
    bizTokenTtlSeconds: number;
  };
}

/** The shared context every simulated host works against. */
export interface Sim {
  /** Current world; replaced on reset, so always read it through `sim.world`. */
  world: World;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly credentials: SimulatorCredentials;
  readonly options: ResolvedOptions;
  /** Settings that survive reset and may change at run time. */
  readonly runtime: { wecomCallbackUrl?: string; publicBaseUrl?: string };
}
