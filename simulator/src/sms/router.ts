/**
 * The simulated SMS gateway (see README "SMS provider"): POST /v1/messages sends a templated message,
 * GET /v1/messages/{id} reports its status. Per-phone rate limits follow common Chinese gateways.
 */
import { z } from 'zod';
import type Koa from 'koa';
import { randomHex } from '../core/ids';
import { readRawBody } from '../core/http';
import type { Sim } from '../core/sim';
import { providerReply, verifyProviderRequest } from '../provider/hmac';

const sendSchema = z.object({
  phone: z.string(),
  templateId: z.string().min(1),
  params: z.record(z.string(), z.string()).default({}),
  signName: z.string().min(2).max(12).optional(),
});

/** Accepts 13800138000, +8613800138000 or 8613800138000; returns the 11-digit national number. */
export function normalizePhone(phone: string): string | undefined {
  const m = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(phone.replace(/[\s-]/g, ''));
  return m?.[1];
}

export function smsHost(sim: Sim): Koa.Middleware {
  return async (ctx) => {
    const raw = await readRawBody(ctx, 64 * 1024);
    const authError = verifyProviderRequest(ctx, raw, sim.credentials.sms, sim.world.sms.nonces, sim.clock.nowSeconds());
    if (authError) return providerReply(ctx, authError.status, { code: authError.code, message: authError.message });

    const byId = /^\/v1\/messages\/([A-Za-z0-9]+)$/.exec(ctx.path);
    if (ctx.method === 'GET' && byId) {
      const m = sim.world.sms.messages.find((x) => x.messageId === byId[1]);
      if (!m) return providerReply(ctx, 404, { code: 'NOT_FOUND', message: 'unknown messageId' });
      return providerReply(ctx, 200, { code: 'OK', messageId: m.messageId, status: m.status, sentAt: Math.floor(m.at / 1000) });
    }
    if (ctx.method !== 'POST' || ctx.path !== '/v1/messages') return providerReply(ctx, 404, { code: 'NOT_FOUND', message: 'no such endpoint' });

    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return providerReply(ctx, 400, { code: 'INVALID_JSON', message: 'body is not JSON' });
    }
    const r = sendSchema.safeParse(parsed);
    if (!r.success) return providerReply(ctx, 400, { code: 'INVALID_PARAMS', message: r.error.issues[0]?.message ?? 'invalid' });
    const req = r.data;
    const phone = normalizePhone(req.phone);
    if (!phone) return providerReply(ctx, 400, { code: 'INVALID_PHONE', message: 'not a mainland mobile number' });
    const template = sim.options.sms.templates[req.templateId];
    if (!template) return providerReply(ctx, 400, { code: 'INVALID_TEMPLATE', message: `unknown templateId ${req.templateId}` });
    for (const p of template.params) {
      if (!req.params[p]) return providerReply(ctx, 400, { code: 'INVALID_PARAMS', message: `missing param ${p}` });
    }
    if (req.templateId === 'OTP' && !/^\d{4,8}$/.test(req.params.code ?? '')) {
      return providerReply(ctx, 400, { code: 'INVALID_PARAMS', message: 'code must be 4-8 digits' });
    }

    const fault = sim.world.sms.faults.take('send') ?? sim.world.sms.phoneFaults.get(phone);
    if (fault) return providerReply(ctx, fault.status, { code: fault.code, message: fault.message });

    const now = sim.clock.now();
    const sent = sim.world.sms.messages.filter((m) => m.phone === phone && m.status === 'DELIVERED');
    const within = (ms: number) => sent.filter((m) => now - m.at < ms).length;
    const limits = sim.options.sms.limits;
    if (within(60_000) >= limits.perMinute || within(3_600_000) >= limits.perHour || within(86_400_000) >= limits.perDay) {
      return providerReply(ctx, 429, { code: 'RATE_LIMITED', message: 'too many messages to this phone' });
    }

    const signName = req.signName ?? sim.credentials.sms.signName;
    const text = template.text.replace(/\$\{(\w+)\}/g, (_, k: string) => req.params[k] ?? '');
    const messageId = randomHex(24);
    sim.world.sms.messages.push({
      messageId,
      at: now,
      phone,
      templateId: req.templateId,
      params: req.params,
      content: `【${signName}】${text}`,
      signName,
      status: 'DELIVERED',
    });
    return providerReply(ctx, 200, { code: 'OK', message: 'accepted', messageId, fee: 1 });
  };
}
