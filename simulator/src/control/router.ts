/**
 * `/control` — JSON mirror of `control`, so a demo panel (through the BFF) or a shell can drive scenarios.
 * Errors are `400 {error}`; event routes answer at once, or after the callback delivery with `"wait": true`.
 */
import Router from '@koa/router';
import type Koa from 'koa';
import { z } from 'zod';
import { publicCredentials } from '../credentials';
import { readRawBody } from '../core/http';
import type { Sim } from '../core/sim';
import type { DeliveryRecord } from '../core/world';
import type { Control } from './index';

class ControlError extends Error {}

type Handler = (body: Record<string, unknown>, ctx: Koa.Context) => unknown;

const eventInput = z.object({ userId: z.string().min(1), externalUserId: z.string().min(1) }).passthrough();

/** Drops the live promise from an event handle; optionally waits for the delivery first. */
async function eventJson(
  result: { event?: Record<string, string>; record?: DeliveryRecord; delivered?: Promise<unknown> } | null,
  wait: boolean,
): Promise<unknown> {
  if (!result) return { emitted: false };
  const { delivered, record, ...rest } = result;
  if (wait && delivered) await delivered;
  return { ...rest, emitted: true, delivery: record };
}

export function worldSnapshot(sim: Sim): Record<string, unknown> {
  const w = sim.world;
  return {
    departments: [...w.departments.values()],
    users: [...w.users.values()],
    contacts: [...w.contacts.values()].map((c) => ({ ...c, follows: w.followsOf(c.externalUserId) })),
    tagGroups: [...w.tagGroups.values()].map((g) => ({ ...g, tags: w.tagsOfGroup(g.groupId) })),
    contactWays: [...w.contactWays.values()],
    groupChats: [...w.groupChats.values()],
    oaUsers: [...w.oaUsers.values()],
    orders: [...w.orders.values()].map(({ requestBody: _omit, ...o }) => o),
  };
}

export function controlHost(sim: Sim, control: Control): Koa.Middleware {
  const router = new Router();
  const add = (method: 'get' | 'post' | 'put' | 'delete', path: string, handler: Handler): void => {
    router[method](path, async (ctx) => {
      let body: Record<string, unknown> = {};
      const raw = await readRawBody(ctx);
      try {
        if (raw.trim() !== '') body = JSON.parse(raw) as Record<string, unknown>;
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ControlError('body must be a JSON object');
        const result = await handler(body, ctx);
        ctx.status = 200;
        ctx.body = result === undefined ? { ok: true } : result;
      } catch (e) {
        ctx.status = 400;
        ctx.body = { error: e instanceof z.ZodError ? e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (e as Error).message };
      }
    });
  };
  const wait = (b: Record<string, unknown>, ctx: Koa.Context): boolean => b.wait === true || ctx.query.wait === '1';

  add('get', '/credentials', () => publicCredentials(sim.credentials));
  add('get', '/state', () => worldSnapshot(sim));
  add('post', '/reset', () => control.reset());
  add('post', '/seed', (b) => control.seed(b));
  add('get', '/clock', () => ({ now: control.clock.now(), offsetMs: sim.clock.offsetMs() }));
  add('post', '/clock/advance', (b) => {
    control.clock.advance(z.object({ ms: z.number().int().nonnegative() }).parse(b).ms);
    return { now: control.clock.now() };
  });

  // WeCom
  const wc = control.wecom;
  add('get', '/wecom/calls', () => ({ counts: wc.calls(), log: wc.callLog() }));
  add('post', '/wecom/faults', (b) => {
    const f = z.object({ api: z.string().min(1), errcode: z.number().int(), count: z.number().int().positive().optional() }).parse(b);
    wc.failNext(f.api, f.errcode, f.count);
  });
  add('post', '/wecom/tokens/expire', () => wc.expireTokens());
  add('post', '/wecom/tokens/invalidate', () => wc.invalidateTokens());
  add('post', '/wecom/login-code', (b) => ({ code: wc.loginCode(z.object({ userid: z.string() }).parse(b).userid) }));
  add('post', '/wecom/browser-user', (b) => wc.setBrowserUser(z.object({ userid: z.string().optional() }).parse(b).userid));
  add('get', '/wecom/callback-url', () => ({ url: wc.callbackUrl() ?? null }));
  add('put', '/wecom/callback-url', (b) => wc.setCallbackUrl(z.object({ url: z.string().url().nullable() }).parse(b).url ?? undefined));
  add('post', '/wecom/verify-url', (b) => wc.verifyUrl(z.object({ url: z.string().url().optional() }).parse(b).url));
  add('post', '/wecom/customer-adds-advisor', (b, ctx) =>
    eventJson(wc.customerAddsAdvisor(z.object({ userId: z.string().min(1) }).passthrough().parse(b) as Parameters<Control['wecom']['customerAddsAdvisor']>[0]), wait(b, ctx)),
  );
  add('post', '/wecom/advisor-edits-contact', (b, ctx) =>
    eventJson(wc.advisorEditsContact(eventInput.parse(b) as Parameters<Control['wecom']['advisorEditsContact']>[0]), wait(b, ctx)),
  );
  add('post', '/wecom/customer-deletes-advisor', (b, ctx) => eventJson(wc.customerDeletesAdvisor(eventInput.parse(b)), wait(b, ctx)));
  add('post', '/wecom/advisor-deletes-customer', (b, ctx) => {
    const ref = eventInput.extend({ byTransfer: z.boolean().optional() }).parse(b);
    return eventJson(wc.advisorDeletesCustomer(ref, { byTransfer: ref.byTransfer }), wait(b, ctx));
  });
  add('post', '/wecom/transfer-fails', (b, ctx) => {
    const ref = eventInput.extend({ reason: z.enum(['customer_refused', 'customer_limit_exceed']) }).parse(b);
    return eventJson(wc.transferFails(ref, ref.reason), wait(b, ctx));
  });
  add('post', '/wecom/tag-changed', (b, ctx) =>
    eventJson(wc.tagChanged(z.object({ changeType: z.enum(['create', 'update', 'delete', 'shuffle']) }).passthrough().parse(b) as Parameters<Control['wecom']['tagChanged']>[0]), wait(b, ctx)),
  );
  add('post', '/wecom/group-chat-changed', (b, ctx) =>
    eventJson(
      wc.groupChatChanged(
        z.object({ action: z.enum(['create', 'add_member', 'del_member', 'change_name', 'change_notice', 'change_owner', 'dismiss']) }).passthrough().parse(b) as Parameters<
          Control['wecom']['groupChatChanged']
        >[0],
      ),
      wait(b, ctx),
    ),
  );
  add('get', '/wecom/group-chats', (_b, ctx) => wc.groupChats(typeof ctx.query.userid === 'string' ? ctx.query.userid : undefined));
  add('get', '/wecom/deliveries', () => wc.deliveries());
  add('get', '/wecom/messages', () => wc.messages());
  add('get', '/wecom/welcome-messages', () => wc.welcomeMessages());
  add('get', '/wecom/tags', () => wc.tagGroups());
  add('get', '/wecom/contacts/:externalUserId', (_b, ctx) => {
    const c = wc.contact(String(ctx.params.externalUserId));
    if (!c) throw new ControlError('unknown external contact');
    return c;
  });

  // OA
  const oa = control.oa;
  add('post', '/oa/browser-user', (b) => {
    const u = z.object({ openid: z.string().optional(), snapshot: z.boolean().optional() }).parse(b);
    oa.setBrowserUser(u.openid, { snapshot: u.snapshot });
  });
  add('get', '/oa/users', () => oa.users());
  add('post', '/oa/users/:openid/subscribed', (b, ctx) => oa.setSubscribed(String(ctx.params.openid), z.object({ subscribed: z.boolean() }).parse(b).subscribed));
  add('get', '/oa/template-messages', () => oa.templateMessages());
  add('get', '/oa/calls', () => ({ counts: oa.calls(), log: oa.callLog() }));
  add('post', '/oa/faults', (b) => {
    const f = z.object({ api: z.string().min(1), errcode: z.number().int(), count: z.number().int().positive().optional() }).parse(b);
    oa.failNext(f.api, f.errcode, f.count);
  });
  add('post', '/oa/tokens/expire', () => oa.expireTokens());
  add('post', '/oa/tokens/invalidate', () => oa.invalidateTokens());

  // Pay
  const pay = control.pay;
  add('get', '/pay/orders', () => pay.orders().map(({ requestBody: _omit, ...o }) => o));
  add('post', '/pay/orders/:outTradeNo/pay', async (b, ctx) => {
    const { delivered, record, ...rest } = pay.pay(String(ctx.params.outTradeNo));
    if (wait(b, ctx)) await delivered;
    return { ...rest, delivery: record };
  });
  add('post', '/pay/orders/:outTradeNo/resend-notification', async (b, ctx) => {
    const { delivered, record } = pay.resendNotification(String(ctx.params.outTradeNo));
    if (wait(b, ctx)) await delivered;
    return { delivery: record };
  });
  add('get', '/pay/notifications', () => pay.notifications());
  add('get', '/pay/calls', () => ({ counts: pay.calls(), log: pay.callLog() }));
  add('post', '/pay/faults', (b) => {
    const f = z
      .object({ api: z.string().min(1), status: z.number().int(), code: z.string().min(1), message: z.string().optional(), count: z.number().int().positive().optional() })
      .parse(b);
    pay.failNext(f.api, f, f.count);
  });

  // SMS
  const sms = control.sms;
  const providerError = z.object({ status: z.number().int().optional(), code: z.string().min(1), message: z.string().optional() });
  add('get', '/sms/messages', () => sms.messages());
  add('get', '/sms/last-code', (_b, ctx) => ({ code: sms.lastCode(String(ctx.query.phone ?? '')) ?? null }));
  add('post', '/sms/faults', (b) => {
    const f = providerError.partial({ code: true }).extend({ count: z.number().int().positive().optional() }).parse(b);
    sms.failNext(f.code ? { status: f.status, code: f.code, message: f.message } : undefined, f.count);
  });
  add('post', '/sms/phone-faults', (b) => {
    const f = providerError.partial({ code: true }).extend({ phone: z.string().min(1) }).parse(b);
    sms.failPhone(f.phone, f.code ? { status: f.status, code: f.code, message: f.message } : undefined);
  });
  add('put', '/sms/limits', (b) =>
    sms.setLimits(z.object({ perMinute: z.number().int().positive().optional(), perHour: z.number().int().positive().optional(), perDay: z.number().int().positive().optional() }).parse(b)),
  );

  // IDV
  const idv = control.idv;
  add('post', '/idv/scripts', (b) =>
    idv.script(
      z
        .object({
          idNumber: z.string().optional(),
          outcome: z.enum(['pass', 'mismatch', 'timeout', 'unavailable']),
          mismatchFields: z.array(z.enum(['name', 'idNumber', 'phone'])).optional(),
        })
        .parse(b),
    ),
  );
  add('delete', '/idv/scripts', () => idv.clearScripts());
  add('get', '/idv/sessions', () => idv.sessions());
  add('post', '/idv/sessions/:bizToken/complete', (_b, ctx) => idv.complete(String(ctx.params.bizToken)));

  // Tencent Cloud (SMS, FaceID)
  const tc = control.tencentcloud;
  add('get', '/tencentcloud/calls', () => tc.calls());
  add('get', '/tencentcloud/phone-verifications', () => tc.phoneVerifications());
  add('post', '/tencentcloud/faults', (b) => {
    const f = z.object({ action: z.string().min(1), code: z.string().min(1).optional(), message: z.string().optional(), count: z.number().int().positive().optional() }).parse(b);
    tc.failNext(f.action, { code: f.code, message: f.message }, f.count);
  });

  return router.routes() as Koa.Middleware;
}
