import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../../app-deps';
import type { Config } from '../../config/config';
import { AppError } from '../../http/app-error';
import { PayService } from './pay.service';
import { NotificationRejected, type WechatPayClient } from './wechatpay-client';

/** Where WeChat Pay sends payment notifications (give `<public https base>` + this as notify_url). */
export const WECHATPAY_NOTIFY_PATH = '/wechatpay/notify';

/** The notify_url of new orders: WECHATPAY_NOTIFY_URL, else PUBLIC_BASE_URL + /wechatpay/notify. */
export function notifyUrlFrom(config: Pick<Config, 'WECHATPAY_NOTIFY_URL' | 'PUBLIC_BASE_URL'>): string {
  return config.WECHATPAY_NOTIFY_URL ?? `${config.PUBLIC_BASE_URL}${WECHATPAY_NOTIFY_PATH}`;
}

/** The WeChat Pay client, or 503 (shared error shape) when WeChat Pay is not configured. */
export function requireWechatPay(deps: Pick<AppDeps, 'wechatPay'>): WechatPayClient {
  if (!deps.wechatPay) throw new AppError('UPSTREAM_UNAVAILABLE', '微信支付未配置');
  return deps.wechatPay;
}

/** WeChat Pay's own failure shape: any 4xx/5xx makes it retry; the body is for its console. */
function fail(ctx: Context, status: number, message: string): void {
  ctx.status = status;
  ctx.body = { code: 'FAIL', message };
}

export function payRoutes(deps: AppDeps): Router {
  const router = new Router();

  /**
   * Payment notification intake. The signature is checked on the raw body as received (the body parser keeps it
   * as `ctx.request.rawBody`), then the resource is decrypted and recorded once per transaction. Success is 204
   * with no body; failures are 4xx/5xx with `{"code":"FAIL","message"}`. Nothing of the content is logged.
   */
  router.post(WECHATPAY_NOTIFY_PATH, async (ctx) => {
    const client = requireWechatPay(deps);
    const log = ctx.state.log ?? deps.logger;
    const rawBody = (ctx.request as { rawBody?: unknown }).rawBody;
    const headers = {
      timestamp: ctx.get('wechatpay-timestamp'),
      nonce: ctx.get('wechatpay-nonce'),
      signature: ctx.get('wechatpay-signature'),
      serial: ctx.get('wechatpay-serial'),
      signatureType: ctx.get('wechatpay-signature-type') || undefined,
    };
    let opened;
    try {
      if (typeof rawBody !== 'string' || rawBody === '') throw new NotificationRejected(400, 'no_body', '报文为空');
      opened = client.openNotification(headers, rawBody);
    } catch (err) {
      if (!(err instanceof NotificationRejected)) throw err;
      log.warn({ reason: err.reason, serial: headers.serial || undefined }, 'wechat pay: notification refused');
      return fail(ctx, err.status, err.message);
    }
    let outcome;
    try {
      outcome = await new PayService(deps.db.prisma, client, deps.clock, log, { notifyUrl: notifyUrlFrom(deps.config) }).recordNotification(opened);
    } catch (err) {
      log.error({ err, notificationId: opened.id }, 'wechat pay: notification not recorded');
      return fail(ctx, 500, '系统繁忙');
    }
    const ids = { notificationId: opened.id, eventType: opened.eventType, outTradeNo: opened.transaction?.out_trade_no };
    if (outcome === 'unknown_order') {
      // Verified, but for no order of ours: refuse, so it stays visible (and retried) rather than silently dropped.
      log.warn(ids, 'wechat pay: notification for an unknown order');
      return fail(ctx, 404, '订单不存在');
    }
    log.info({ ...ids, outcome }, 'wechat pay: notification accepted');
    ctx.status = 204;
  });

  return router;
}
