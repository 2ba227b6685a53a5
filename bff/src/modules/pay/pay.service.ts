import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import { Prisma, type PaymentOrder, type PrismaClient } from '../../generated/prisma/client';
import type { JsapiPaymentParams, OpenedNotification, WechatPayClient, WechatPayTransaction } from './wechatpay-client';

export interface CreateOrderInput {
  description: string;
  amountFen: number;
  payerOpenid: string;
  /** Where WeChat Pay sends the notification; default: the service's `notifyUrl` (WECHATPAY_NOTIFY_URL). */
  notifyUrl?: string;
  attach?: string;
  timeExpire?: Date;
}

export interface CreatedOrder {
  outTradeNo: string;
  prepayId: string;
  /** For `WeixinJSBridge.invoke('getBrandWCPayRequest', payment)`. */
  payment: JsapiPaymentParams;
}

export type NotificationOutcome = 'recorded' | 'duplicate' | 'unknown_order' | 'ignored';

/** P + yyyymmddHHMMSS (China time) + 12 hex: 27 characters, sortable, inside WeChat Pay's 6–32 [0-9A-Za-z_-|*]. */
export function newOutTradeNo(now: Date): string {
  const t = new Date(now.getTime() + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
  return `P${t}${randomBytes(6).toString('hex')}`;
}

/** The paid-at time WeChat Pay reports (RFC 3339), or undefined when absent or unreadable. */
function parseTime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t);
}

const isUniqueViolation = (err: unknown): boolean => err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';

/**
 * Payment orders: a PaymentOrder row per JSAPI order, brought up to date by notifications (idempotent on
 * transaction_id: one PaymentNotification row per transaction) or, as a fallback, by querying WeChat Pay.
 */
export class PayService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly client: WechatPayClient,
    /** AppDeps.clock: the order number's time, created and paid-at times. */
    private readonly clock: Clock,
    private readonly log?: Logger,
    /** `notifyUrl`: the default notify_url of new orders (see notifyUrlFrom). */
    private readonly opts: { notifyUrl?: string } = {},
  ) {}

  /**
   * Writes the order first (so that a notification can never arrive for a row we do not have), then asks WeChat
   * Pay for the prepay_id and returns the signed payment parameters.
   */
  async createJsapiOrder(input: CreateOrderInput): Promise<CreatedOrder> {
    const notifyUrl = input.notifyUrl ?? this.opts.notifyUrl;
    if (!notifyUrl) throw new Error('createJsapiOrder: no notify_url (pass one or configure WECHATPAY_NOTIFY_URL)');
    const now = this.clock.now();
    const outTradeNo = newOutTradeNo(now);
    await this.prisma.paymentOrder.create({
      data: { outTradeNo, createdAt: now, description: input.description, amountFen: BigInt(input.amountFen), payerOpenid: input.payerOpenid },
    });
    const { prepayId } = await this.client.createJsapiOrder({ ...input, notifyUrl, outTradeNo });
    await this.prisma.paymentOrder.update({ where: { outTradeNo }, data: { prepayId } });
    return { outTradeNo, prepayId, payment: this.client.paymentParams(prepayId) };
  }

  /** Fresh payment parameters for an unpaid order (the payer closed the sheet and tries again). */
  async paymentParams(outTradeNo: string): Promise<JsapiPaymentParams | undefined> {
    const order = await this.prisma.paymentOrder.findUnique({ where: { outTradeNo } });
    if (!order?.prepayId || order.tradeState !== 'NOTPAY') return undefined;
    return this.client.paymentParams(order.prepayId);
  }

  /** Asks WeChat Pay for the order's state and stores it (the fallback when a notification is late or lost). */
  async syncOrder(outTradeNo: string): Promise<PaymentOrder> {
    const tx = await this.client.queryOrder(outTradeNo);
    return this.prisma.paymentOrder.update({ where: { outTradeNo }, data: orderUpdate(tx, this.clock.now()) });
  }

  /**
   * Records a verified, decrypted notification once per transaction_id and moves the order to the reported state.
   * A re-delivery (same or new notification id, same transaction) changes nothing.
   */
  async recordNotification(n: OpenedNotification): Promise<NotificationOutcome> {
    const tx = n.transaction;
    if (!tx?.transaction_id) return 'ignored';
    const transactionId = tx.transaction_id;
    const order = await this.prisma.paymentOrder.findUnique({ where: { outTradeNo: tx.out_trade_no } });
    if (!order) return 'unknown_order';
    if (await this.prisma.paymentNotification.findUnique({ where: { transactionId }, select: { id: true } })) return 'duplicate';
    if (BigInt(tx.amount.total) !== order.amountFen) {
      // Authentic (signed and encrypted by WeChat Pay) but not what we asked for: keep it, and make it loud.
      this.log?.error({ outTradeNo: order.outTradeNo, notificationId: n.id }, 'wechat pay: notified amount differs from the order');
    }
    try {
      await this.prisma.$transaction([
        this.prisma.paymentNotification.create({
          data: {
            id: n.id,
            transactionId,
            outTradeNo: order.outTradeNo,
            eventType: n.eventType,
            tradeState: tx.trade_state,
            amountFen: BigInt(tx.amount.total),
            successTime: parseTime(tx.success_time) ?? null,
            receivedAt: this.clock.now(),
          },
        }),
        this.prisma.paymentOrder.update({ where: { outTradeNo: order.outTradeNo }, data: orderUpdate(tx, this.clock.now()) }),
      ]);
    } catch (err) {
      // A concurrent delivery of the same transaction won the race (unique transaction_id, or the same event id).
      if (isUniqueViolation(err)) return 'duplicate';
      throw err;
    }
    return 'recorded';
  }
}

function orderUpdate(tx: WechatPayTransaction, now: Date): Prisma.PaymentOrderUpdateInput {
  return {
    tradeState: tx.trade_state,
    ...(tx.transaction_id ? { transactionId: tx.transaction_id } : {}),
    ...(tx.trade_state === 'SUCCESS' ? { paidAt: parseTime(tx.success_time) ?? now } : {}),
  };
}
