import type { Sim, SmsLimits } from '../core/sim';
import type { SmsMessage } from '../core/world';
import { normalizePhone } from './router';

export interface ProviderError {
  status?: number;
  code: string;
  message?: string;
}

export interface SmsControl {
  messages(): SmsMessage[];
  /** The `code` param of the newest OTP message to this phone (any accepted phone format). */
  lastCode(phone: string): string | undefined;
  /** The next `count` sends fail with this error (default 500 PROVIDER_ERROR). */
  failNext(error?: ProviderError, count?: number): void;
  /** Every send to this phone fails (e.g. 400 PHONE_BLACKLISTED) until cleared with `undefined`. */
  failPhone(phone: string, error: ProviderError | undefined): void;
  setLimits(limits: Partial<SmsLimits>): void;
}

export function createSmsControl(sim: Sim): SmsControl {
  const toFault = (e: ProviderError | undefined) => ({
    status: e?.status ?? 500,
    code: e?.code ?? 'PROVIDER_ERROR',
    message: e?.message ?? 'simulated provider failure',
  });
  return {
    messages: () => [...sim.world.sms.messages],
    lastCode: (phone) => {
      const n = normalizePhone(phone) ?? phone;
      const m = [...sim.world.sms.messages].reverse().find((x) => x.phone === n && x.params.code !== undefined);
      return m?.params.code;
    },
    failNext: (error, count = 1) => sim.world.sms.faults.add('send', toFault(error), count),
    failPhone: (phone, error) => {
      const n = normalizePhone(phone) ?? phone;
      if (error) sim.world.sms.phoneFaults.set(n, toFault({ status: 400, ...error }));
      else sim.world.sms.phoneFaults.delete(n);
    },
    setLimits: (limits) => Object.assign(sim.options.sms.limits, limits),
  };
}
