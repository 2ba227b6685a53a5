/**
 * The platforms' push-with-retries loop, shared by WeCom callbacks and WeChat Pay notifications: one attempt per
 * entry of `delaysMs` (the wait before it; the first is 0), each recorded on the delivery, stopping at the first
 * success or when a reset/close cancels pending timers (the generation changes).
 */
import { httpRequest } from './http';
import type { Sim } from './sim';
import type { DeliveryRecord } from './world';

export interface DeliveryPlan {
  delaysMs: number[];
  timeoutMs: number;
  /** Headers for one attempt (Pay signs every attempt afresh). */
  headersFor: () => Record<string, string>;
  isSuccess?: (status: number) => boolean;
}

export function runDelivery(sim: Sim, record: DeliveryRecord, plan: DeliveryPlan): Promise<DeliveryRecord> {
  const generation = sim.timers.generation;
  return (async (): Promise<DeliveryRecord> => {
    for (const [index, delay] of plan.delaysMs.entries()) {
      if (index > 0 && !(await sim.timers.sleep(delay))) break;
      if (sim.timers.generation !== generation) break;
      const headers = plan.headersFor();
      record.headers = headers;
      const at = sim.clock.now();
      const realAt = Date.now();
      const res = await httpRequest(record.url, { method: 'POST', headers, body: record.body, timeoutMs: plan.timeoutMs, isSuccess: plan.isSuccess });
      record.attempts.push({
        attempt: index + 1,
        at,
        realAt,
        outcome: res.outcome,
        status: res.status,
        responseBody: res.body,
        error: res.error,
        durationMs: res.durationMs,
        requestHeaders: headers,
      });
      if (res.outcome === 'ok') {
        record.status = 'delivered';
        return record;
      }
    }
    record.status = sim.timers.generation !== generation ? 'cancelled' : 'failed';
    return record;
  })();
}
