import { randomDigits } from '../core/ids';
import type { Sim } from '../core/sim';
import { sendPayNotification, type NotifyHandle } from './notify';
import { rfc3339Beijing } from './orders';

export interface PaidResult extends NotifyHandle {
  transactionId: string;
}

/** The payer completes payment: the order becomes SUCCESS and the notification starts. */
export function markPaid(sim: Sim, outTradeNo: string, options: { bankType?: string } = {}): PaidResult {
  const order = sim.world.orders.get(outTradeNo);
  if (!order) throw new Error(`unknown out_trade_no ${outTradeNo}`);
  if (order.tradeState !== 'NOTPAY') throw new Error(`order ${outTradeNo} is ${order.tradeState}`);
  const now = sim.clock.now();
  const ymd = new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 10).replace(/-/g, '');
  order.tradeState = 'SUCCESS';
  order.transactionId = `4200${randomDigits(6)}${ymd}${randomDigits(10)}`;
  order.successTime = rfc3339Beijing(now);
  order.bankType = options.bankType ?? 'OTHERS';
  return { ...sendPayNotification(sim, order), transactionId: order.transactionId };
}
