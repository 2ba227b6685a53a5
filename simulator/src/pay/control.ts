import type { Sim } from '../core/sim';
import type { ApiCall, DeliveryRecord, PayOrder } from '../core/world';
import { sendPayNotification, type NotifyHandle } from './notify';
import { markPaid, type PaidResult } from './payments';
import { paySignMessage, rsaVerify } from './sign';

export interface PayControl {
  /** The payer pays: SUCCESS, transaction id, and the TRANSACTION.SUCCESS notification with retries. */
  pay(outTradeNo: string, options?: { bankType?: string }): PaidResult;
  /** Send the notification of a paid order again (a new delivery with its own retries). */
  resendNotification(outTradeNo: string): NotifyHandle;
  orders(): PayOrder[];
  order(outTradeNo: string): PayOrder | undefined;
  notifications(): DeliveryRecord[];
  calls(): Record<string, number>;
  callLog(): ApiCall[];
  /** Next `count` calls to api ('jsapi' | 'query' | 'query_by_id' | 'close' | '*') fail with this HTTP error. */
  failNext(api: string, error: { status: number; code: string; message?: string }, count?: number): void;
  /** Checks a JSAPI paySign the way WeChat's client does (merchant public key). */
  verifyPaySign(input: { appId: string; timeStamp: string; nonceStr: string; package: string; paySign: string }): boolean;
}

export function createPayControl(sim: Sim): PayControl {
  return {
    pay: (outTradeNo, options) => markPaid(sim, outTradeNo, options),
    resendNotification: (outTradeNo) => {
      const order = sim.world.orders.get(outTradeNo);
      if (!order || order.tradeState !== 'SUCCESS') throw new Error(`order ${outTradeNo} is not paid`);
      return sendPayNotification(sim, order);
    },
    orders: () => [...sim.world.orders.values()],
    order: (no) => sim.world.orders.get(no),
    notifications: () => [...sim.world.pay.notifications],
    calls: () => sim.world.pay.calls.counts(),
    callLog: () => [...sim.world.pay.calls.entries],
    failNext: (api, error, count = 1) =>
      sim.world.pay.faults.add(api, { status: error.status, code: error.code, message: error.message ?? '模拟错误' }, count),
    verifyPaySign: (i) =>
      rsaVerify(sim.credentials.pay.merchantPublicKey, paySignMessage(i.appId, i.timeStamp, i.nonceStr, i.package), i.paySign),
  };
}
