import type { PayOrder, TradeState } from '../core/world';

const STATE_DESC: Record<TradeState, string> = {
  SUCCESS: '支付成功',
  NOTPAY: '订单未支付',
  CLOSED: '订单已关闭',
  PAYERROR: '支付失败',
  USERPAYING: '用户支付中',
  REVOKED: '已撤销',
  REFUND: '转入退款',
};

/** RFC 3339 in China time, the way WeChat Pay writes times: 2018-06-08T10:34:56+08:00. */
export function rfc3339Beijing(ms: number): string {
  const d = new Date(ms + 8 * 3600 * 1000);
  return `${d.toISOString().slice(0, 19)}+08:00`;
}

/** The transaction object of order queries and of the decrypted TRANSACTION.SUCCESS resource. */
export function transactionJson(o: PayOrder): Record<string, unknown> {
  const paid = o.tradeState === 'SUCCESS' || o.tradeState === 'REFUND';
  const out: Record<string, unknown> = { appid: o.appid, mchid: o.mchid, out_trade_no: o.outTradeNo };
  if (o.transactionId) out.transaction_id = o.transactionId;
  if (paid) out.trade_type = 'JSAPI';
  out.trade_state = o.tradeState;
  out.trade_state_desc = STATE_DESC[o.tradeState];
  if (paid) out.bank_type = o.bankType ?? 'OTHERS';
  out.attach = o.attach ?? '';
  if (o.successTime) out.success_time = o.successTime;
  if (paid) out.payer = { openid: o.payer.openid };
  out.amount = paid
    ? { total: o.amount.total, payer_total: o.amount.total, currency: o.amount.currency, payer_currency: o.amount.currency }
    : { total: o.amount.total, currency: o.amount.currency, payer_currency: o.amount.currency };
  out.promotion_detail = [];
  return out;
}
