/**
 * `https://api.mch.weixin.qq.com` — WeChat Pay v3 JSAPI orders. Every request must carry a valid merchant
 * signature over the real path (the /mch mount is already stripped); every response is signed with the
 * platform key and names the PUB_KEY_ID_… serial.
 */
import { z } from 'zod';
import type Koa from 'koa';
import { randomUUID } from 'node:crypto';
import { BodyTooLargeError, q, readRawBody } from '../core/http';
import { randomDigits, randomHex } from '../core/ids';
import type { Sim } from '../core/sim';
import type { PayOrder } from '../core/world';
import { transactionJson } from './orders';
import { markPaid } from './payments';
import { signedPayHeaders } from './notify';
import { parsePayAuthorization, payRequestMessage, rsaVerify } from './sign';

export class PayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const MAX_SKEW_SECONDS = 300;

const jsapiSchema = z.object({
  appid: z.string().min(1).max(32),
  mchid: z.string().min(1).max(32),
  description: z.string().min(1).max(127),
  out_trade_no: z.string().regex(/^[0-9A-Za-z_\-|*]{6,32}$/, 'out_trade_no must be 6-32 of [0-9A-Za-z_-|*]'),
  time_expire: z.string().optional(),
  attach: z.string().max(128).optional(),
  notify_url: z.string().min(1).max(255),
  goods_tag: z.string().max(32).optional(),
  support_fapiao: z.boolean().optional(),
  amount: z.object({ total: z.number().int().min(1), currency: z.literal('CNY').optional() }),
  payer: z.object({ openid: z.string().min(1).max(128) }).passthrough(),
  detail: z.unknown().optional(),
  scene_info: z.unknown().optional(),
  settle_info: z.unknown().optional(),
});

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new PayError(400, 'PARAM_ERROR', '请求体不是合法的JSON', { location: 'body' });
  }
}

function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = `/${(issue?.path ?? []).map(String).join('/')}`;
  throw new PayError(400, 'PARAM_ERROR', `参数错误: ${field} ${issue?.message ?? ''}`.trim(), { field, location: 'body', issue: issue?.message });
}

export function checkNotifyUrl(sim: Sim, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PayError(400, 'PARAM_ERROR', 'notify_url 格式错误', { field: '/notify_url', location: 'body' });
  }
  const localHttp = url.protocol === 'http:' && sim.options.pay.localHttpHosts.includes(url.hostname);
  if (url.protocol !== 'https:' && !localHttp) throw new PayError(400, 'PARAM_ERROR', 'notify_url 必须是 https 地址', { field: '/notify_url' });
  if (url.search || value.includes('?')) throw new PayError(400, 'PARAM_ERROR', 'notify_url 不能携带参数', { field: '/notify_url' });
}

/** Verifies the merchant's Authorization header; all failures are 401 SIGN_ERROR like the real gateway. */
function verifyMerchant(sim: Sim, ctx: Koa.Context, rawBody: string): void {
  const auth = parsePayAuthorization(ctx.get('Authorization') || undefined);
  if (!auth) throw new PayError(401, 'SIGN_ERROR', 'Authorization 缺失或格式错误');
  const pay = sim.credentials.pay;
  if (auth.mchid !== pay.mchId) throw new PayError(401, 'SIGN_ERROR', '商户号与签名不匹配');
  if (auth.serial_no !== pay.merchantSerialNo) throw new PayError(401, 'SIGN_ERROR', '商户证书序列号有误');
  const ts = Number(auth.timestamp);
  if (!Number.isInteger(ts) || Math.abs(sim.clock.nowSeconds() - ts) > MAX_SKEW_SECONDS) {
    throw new PayError(401, 'SIGN_ERROR', '请求时间戳与当前时间相差过大');
  }
  // ctx.url is the real PATH?QUERY exactly as sent (the mount only removed /mch).
  const message = payRequestMessage(ctx.method, ctx.url, auth.timestamp, auth.nonce_str, rawBody);
  if (!rsaVerify(pay.merchantPublicKey, message, auth.signature)) throw new PayError(401, 'SIGN_ERROR', '签名错误');
}

function respond(sim: Sim, ctx: Koa.Context, status: number, payload: unknown): void {
  const body = payload === undefined ? '' : JSON.stringify(payload);
  ctx.status = status;
  for (const [k, v] of Object.entries(signedPayHeaders(sim, body))) ctx.set(k, v);
  ctx.set('Request-ID', randomUUID());
  if (payload !== undefined) {
    ctx.set('Content-Type', 'application/json; charset=utf-8');
    ctx.body = body;
  } else {
    ctx.body = null;
    ctx.status = status;
  }
}

type Route = { api: string; method: string; pattern: RegExp; handle: (ctx: Koa.Context, m: RegExpExecArray, raw: string) => { status: number; body?: unknown } };

export function payHost(sim: Sim): Koa.Middleware {
  const requireMchidQuery = (ctx: Koa.Context): void => {
    if (q(ctx, 'mchid') !== sim.credentials.pay.mchId) throw new PayError(400, 'PARAM_ERROR', 'mchid 与请求签名不一致', { location: 'query', field: 'mchid' });
  };
  const findOrder = (no: string): PayOrder => {
    const o = sim.world.orders.get(no);
    if (!o) throw new PayError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return o;
  };

  const routes: Route[] = [
    {
      api: 'jsapi',
      method: 'POST',
      pattern: /^\/v3\/pay\/transactions\/jsapi$/,
      handle: (_ctx, _m, raw) => {
        const req = validate(jsapiSchema, parseBody(raw));
        const pay = sim.credentials.pay;
        if (req.mchid !== pay.mchId) throw new PayError(400, 'MCH_NOT_EXISTS', '商户号不存在或与签名不一致');
        if (!pay.appIds.includes(req.appid)) throw new PayError(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
        checkNotifyUrl(sim, req.notify_url);
        if (req.time_expire !== undefined) {
          const t = Date.parse(req.time_expire);
          if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/.test(req.time_expire) || Number.isNaN(t)) {
            throw new PayError(400, 'PARAM_ERROR', 'time_expire 格式错误', { field: '/time_expire' });
          }
          if (t <= sim.clock.now()) throw new PayError(400, 'PARAM_ERROR', 'time_expire 已过期', { field: '/time_expire' });
        }
        const payer = sim.world.oaUsers.get(req.payer.openid);
        if (payer?.snapshot) throw new PayError(400, 'PARAM_ERROR', 'openid 无效（快照页虚拟身份）', { field: '/payer/openid' });
        const existing = sim.world.orders.get(req.out_trade_no);
        if (existing) {
          if (existing.tradeState === 'SUCCESS') throw new PayError(403, 'ORDERPAID', '该订单已支付');
          if (existing.tradeState === 'CLOSED') throw new PayError(400, 'ORDER_CLOSED', '订单已关闭');
          // An identical re-submission returns the same prepay_id; a different one is a duplicate order number.
          if (existing.requestBody !== raw) throw new PayError(400, 'INVALID_REQUEST', '201 商户订单号重复');
          return { status: 200, body: { prepay_id: existing.prepayId } };
        }
        const d = new Date(sim.clock.now() + 8 * 3600 * 1000).toISOString();
        const prepayId = `wx${d.slice(8, 10)}${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}${randomHex(20)}${randomDigits(6)}`;
        const order: PayOrder = {
          outTradeNo: req.out_trade_no,
          appid: req.appid,
          mchid: req.mchid,
          description: req.description,
          notifyUrl: req.notify_url,
          attach: req.attach,
          timeExpire: req.time_expire,
          goodsTag: req.goods_tag,
          amount: { total: req.amount.total, currency: req.amount.currency ?? 'CNY' },
          payer: { openid: req.payer.openid },
          prepayId,
          requestBody: raw,
          tradeState: 'NOTPAY',
          createdAt: sim.clock.now(),
        };
        sim.world.orders.set(order.outTradeNo, order);
        const autoPay = sim.options.pay.autoPayAfterMs;
        if (autoPay !== undefined) {
          void sim.timers.sleep(autoPay).then((ok) => {
            if (ok && sim.world.orders.get(order.outTradeNo) === order && order.tradeState === 'NOTPAY') markPaid(sim, order.outTradeNo);
          });
        }
        return { status: 200, body: { prepay_id: prepayId } };
      },
    },
    {
      api: 'query',
      method: 'GET',
      pattern: /^\/v3\/pay\/transactions\/out-trade-no\/([^/?]+)$/,
      handle: (ctx, m) => {
        requireMchidQuery(ctx);
        return { status: 200, body: transactionJson(findOrder(decodeURIComponent(m[1] ?? ''))) };
      },
    },
    {
      api: 'query_by_id',
      method: 'GET',
      pattern: /^\/v3\/pay\/transactions\/id\/([^/?]+)$/,
      handle: (ctx, m) => {
        requireMchidQuery(ctx);
        const o = [...sim.world.orders.values()].find((x) => x.transactionId === m[1]);
        if (!o) throw new PayError(404, 'ORDER_NOT_EXIST', '订单不存在');
        return { status: 200, body: transactionJson(o) };
      },
    },
    {
      api: 'close',
      method: 'POST',
      pattern: /^\/v3\/pay\/transactions\/out-trade-no\/([^/?]+)\/close$/,
      handle: (_ctx, m, raw) => {
        const req = validate(z.object({ mchid: z.string() }), parseBody(raw));
        if (req.mchid !== sim.credentials.pay.mchId) throw new PayError(400, 'PARAM_ERROR', 'mchid 与请求签名不一致');
        const o = findOrder(decodeURIComponent(m[1] ?? ''));
        if (o.tradeState === 'SUCCESS') throw new PayError(400, 'ORDERPAID', '订单已支付，不能关单');
        o.tradeState = 'CLOSED';
        return { status: 204 };
      },
    },
  ];

  return async (ctx) => {
    let api = 'unknown';
    let status = 500;
    try {
      const route = routes.find((r) => r.method === ctx.method && r.pattern.test(ctx.path));
      if (!route) throw new PayError(404, 'NOT_FOUND', '请求的资源不存在');
      api = route.api;
      let raw: string;
      try {
        raw = await readRawBody(ctx);
      } catch (e) {
        if (e instanceof BodyTooLargeError) throw new PayError(400, 'PARAM_ERROR', e.message);
        throw e;
      }
      verifyMerchant(sim, ctx, raw);
      const fault = sim.world.pay.faults.take(api);
      if (fault) throw new PayError(fault.status, fault.code, fault.message);
      const m = route.pattern.exec(ctx.path);
      if (!m) throw new PayError(404, 'NOT_FOUND', '请求的资源不存在');
      const result = route.handle(ctx, m, raw);
      status = result.status;
      respond(sim, ctx, result.status, result.body);
    } catch (e) {
      if (!(e instanceof PayError)) throw e;
      status = e.status;
      respond(sim, ctx, e.status, { code: e.code, message: e.message, ...(e.detail ? { detail: e.detail } : {}) });
    } finally {
      sim.world.pay.calls.record({ api, at: sim.clock.now(), errcode: status });
    }
  };
}
