/**
 * The simulated identity-verification provider (see README "IDV provider"), shaped like Tencent FaceID's
 * DetectAuth flow: start → hosted page → redirect back with BizToken → result.
 */
import { z } from 'zod';
import type Koa from 'koa';
import { addQueryParams, q, readRawBody } from '../core/http';
import { randomString, URL_SAFE } from '../core/ids';
import type { Sim } from '../core/sim';
import type { IdvOutcome, IdvSession } from '../core/world';
import { providerReply, verifyProviderRequest } from '../provider/hmac';
import { normalizePhone } from '../sms/router';
import { isValidIdNumber } from './idNumber';

const startSchema = z.object({
  name: z.string().min(2).max(30),
  idNumber: z.string(),
  phone: z.string(),
  redirectUrl: z.string().url(),
  extra: z.string().max(512).optional(),
});

type Script = { outcome: IdvOutcome; mismatchFields: ('name' | 'idNumber' | 'phone')[] };

export function scriptFor(sim: Sim, idNumber: string): Script {
  return sim.world.idv.scripts.get(idNumber) ?? sim.world.idv.globalScript ?? { outcome: 'pass', mismatchFields: [] };
}

/** The person finishes the hosted flow; the verdict comes from the script for their ID number. */
export function completeSession(sim: Sim, s: IdvSession): IdvSession {
  if (s.completedAt !== undefined) return s;
  const script = scriptFor(sim, s.idNumber);
  s.completedAt = sim.clock.now();
  if (script.outcome === 'mismatch') {
    const fields = script.mismatchFields.length > 0 ? script.mismatchFields : ['phone'];
    s.status = 'MISMATCH';
    s.matched = { name: !fields.includes('name'), idNumber: !fields.includes('idNumber'), phone: !fields.includes('phone') };
  } else {
    s.status = 'PASS';
    s.matched = { name: true, idNumber: true, phone: true };
  }
  return s;
}

/** Scripted provider trouble: 503 at once, or a hang longer than any sane client timeout and then 504. */
async function providerTrouble(sim: Sim, ctx: Koa.Context, idNumber: string): Promise<boolean> {
  const { outcome } = scriptFor(sim, idNumber);
  if (outcome === 'unavailable') {
    providerReply(ctx, 503, { code: 'PROVIDER_UNAVAILABLE', message: 'upstream verification source unavailable' });
    return true;
  }
  if (outcome === 'timeout') {
    await sim.timers.sleep(sim.options.idv.timeoutDelayMs);
    providerReply(ctx, 504, { code: 'PROVIDER_TIMEOUT', message: 'upstream verification source timed out' });
    return true;
  }
  return false;
}

function resultJson(sim: Sim, s: IdvSession): Record<string, unknown> {
  const expired = s.completedAt === undefined && s.expiresAt <= sim.clock.now();
  return {
    code: 'OK',
    bizToken: s.bizToken,
    status: expired ? 'EXPIRED' : s.status,
    matched: s.matched,
    ...(s.completedAt !== undefined ? { completedAt: Math.floor(s.completedAt / 1000) } : {}),
  };
}

export function idvHost(sim: Sim): Koa.Middleware {
  return async (ctx) => {
    // The hosted page is opened by the person's browser: no API signature.
    if (ctx.method === 'GET' && ctx.path === '/h5/verify') {
      const s = sim.world.idv.sessions.get(q(ctx, 'BizToken') ?? '');
      ctx.type = 'text/html; charset=utf-8';
      if (!s || (s.completedAt === undefined && s.expiresAt <= sim.clock.now())) {
        ctx.status = 400;
        ctx.body = '<!doctype html><p>BizToken 无效或已过期</p>';
        return;
      }
      const { outcome } = scriptFor(sim, s.idNumber);
      if (outcome === 'timeout' || outcome === 'unavailable') {
        ctx.status = 503;
        ctx.body = '<!doctype html><p>核验服务暂不可用，请稍后重试</p>';
        return;
      }
      completeSession(sim, s);
      ctx.redirect(addQueryParams(s.redirectUrl, [['BizToken', s.bizToken]]));
      return;
    }

    const raw = await readRawBody(ctx, 64 * 1024);
    const authError = verifyProviderRequest(ctx, raw, sim.credentials.idv, sim.world.idv.nonces, sim.clock.nowSeconds());
    if (authError) return providerReply(ctx, authError.status, { code: authError.code, message: authError.message });

    const byToken = /^\/v1\/verifications\/([A-Za-z0-9_-]+)$/.exec(ctx.path);
    if (ctx.method === 'GET' && byToken) {
      const s = sim.world.idv.sessions.get(byToken[1] ?? '');
      if (!s) return providerReply(ctx, 404, { code: 'NOT_FOUND', message: 'unknown bizToken' });
      if (await providerTrouble(sim, ctx, s.idNumber)) return;
      return providerReply(ctx, 200, resultJson(sim, s));
    }
    if (ctx.method !== 'POST' || ctx.path !== '/v1/verifications') return providerReply(ctx, 404, { code: 'NOT_FOUND', message: 'no such endpoint' });

    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return providerReply(ctx, 400, { code: 'INVALID_JSON', message: 'body is not JSON' });
    }
    const r = startSchema.safeParse(parsed);
    if (!r.success) return providerReply(ctx, 400, { code: 'INVALID_PARAMS', message: `${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}` });
    const req = r.data;
    if (!isValidIdNumber(req.idNumber)) return providerReply(ctx, 400, { code: 'INVALID_ID_NUMBER', message: 'ID number fails the GB 11643 check' });
    const phone = normalizePhone(req.phone);
    if (!phone) return providerReply(ctx, 400, { code: 'INVALID_PHONE', message: 'not a mainland mobile number' });
    if (await providerTrouble(sim, ctx, req.idNumber)) return;

    const now = sim.clock.now();
    const session: IdvSession = {
      bizToken: randomString(36, URL_SAFE),
      name: req.name,
      idNumber: req.idNumber,
      phone,
      redirectUrl: req.redirectUrl,
      createdAt: now,
      expiresAt: now + sim.options.idv.bizTokenTtlSeconds * 1000,
      status: 'PENDING',
      matched: { name: false, idNumber: false, phone: false },
    };
    sim.world.idv.sessions.set(session.bizToken, session);
    // The page lives on this host under whatever prefix the provider is mounted at.
    const mountPrefix = ctx.originalUrl.slice(0, ctx.originalUrl.length - ctx.url.length);
    const base = sim.options.publicBaseUrl ?? sim.runtime.publicBaseUrl ?? ctx.origin;
    const url = `${base}${mountPrefix}/h5/verify?BizToken=${encodeURIComponent(session.bizToken)}`;
    return providerReply(ctx, 200, { code: 'OK', bizToken: session.bizToken, url, expiresIn: sim.options.idv.bizTokenTtlSeconds });
  };
}
