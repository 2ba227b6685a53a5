import type Router from '@koa/router';
import * as z from 'zod/mini';
import type { Simulator } from '@pfs/simulator';
import type { AppDeps } from '../../app-deps';
import { AppError } from '../../http/app-error';
import { valid, validate } from '../../http/validate';
import { currentKeyOf, decryptPii } from '../../lib/pii';

const addsAdvisorBody = z.object({
  userId: z.string().check(z.minLength(1), z.maxLength(64)),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(30))),
  state: z.optional(z.string().check(z.maxLength(30))),
});
const phoneQuery = z.object({ phone: z.string().check(z.regex(/^1[3-9]\d{9}$/)) });
const identitiesQuery = z.object({ wecomUserId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))) });
const SMS_INBOX_LIMIT = 10;
const CRM_IDENTITIES_LIMIT = 5;
const idvScriptBody = z.object({
  idNumber: z.optional(z.string().check(z.maxLength(18))),
  outcome: z.enum(['pass', 'mismatch', 'unavailable', 'timeout']),
  mismatchFields: z.optional(z.array(z.enum(['name', 'idNumber', 'phone']))),
});

/**
 * Demo stand-ins for the customer's side of real-name verification (only next to the in-process simulator): a
 * simulated customer adds an advisor, the simulated phone's SMS inbox (and its last code), IDV scripting, and a few
 * demo CRM identities (fake people from the demo seed) to fill the form with.
 */
export function addVerificationDemoRoutes(router: Router, deps: AppDeps, simulator: Simulator): void {
  const prisma = deps.db.prisma;

  router.post('/customer-adds-advisor', validate({ body: addsAdvisorBody }), async (ctx) => {
    const b = valid<z.infer<typeof addsAdvisorBody>>(ctx).body;
    const staff = await prisma.staff.findUnique({ where: { wecomUserId: b.userId }, select: { active: true } });
    if (!staff?.active) throw new AppError('STAFF_NOT_FOUND');
    const added = simulator.control.wecom.customerAddsAdvisor({ userId: b.userId, ...(b.name ? { name: b.name } : {}), ...(b.state ? { state: b.state } : {}) });
    await added.delivered; // recorded by /wecom/callback (the queue applies it right after)
    ctx.status = 201;
    ctx.body = { externalUserId: added.externalUserId };
  });

  router.get('/sms-last-code', validate({ query: phoneQuery }), (ctx) => {
    const code = simulator.control.sms.lastCode(valid<unknown, z.infer<typeof phoneQuery>>(ctx).query.phone);
    if (!code) throw new AppError('NOT_FOUND', '该手机号还没有收到验证码');
    ctx.body = { code };
  });

  /** The simulated phone's SMS inbox: what the simulated gateway delivered to this number, newest first. */
  router.get('/sms-inbox', validate({ query: phoneQuery }), (ctx) => {
    const phone = valid<unknown, z.infer<typeof phoneQuery>>(ctx).query.phone;
    ctx.body = simulator.control.sms
      .messages()
      .filter((m) => m.phone === phone && m.status === 'DELIVERED')
      .slice(-SMS_INBOX_LIMIT)
      .reverse()
      .map((m) => ({ content: m.content, code: m.params.code ?? null, sentAt: new Date(m.at).toISOString() }));
  });

  router.get('/oa-users', (ctx) => {
    ctx.body = simulator.control.oa.users().map((u) => ({ openid: u.openid, nickname: u.nickname, snapshot: u.snapshot }));
  });

  router.post('/idv-script', validate({ body: idvScriptBody }), (ctx) => {
    const b = valid<z.infer<typeof idvScriptBody>>(ctx).body;
    simulator.control.idv.script({ outcome: b.outcome, ...(b.idNumber ? { idNumber: b.idNumber } : {}), ...(b.mismatchFields ? { mismatchFields: b.mismatchFields } : {}) });
    ctx.body = { ok: true };
  });

  router.delete('/idv-script', (ctx) => {
    simulator.control.idv.clearScripts();
    ctx.body = { ok: true };
  });

  /**
   * Demo CRM customers no WeCom contact is bound to yet, with their (fake) identities in clear. With `wecomUserId`,
   * that advisor's own CRM customers come first (verifying as one of them shows no ownership conflict).
   */
  router.get('/crm-identities', validate({ query: identitiesQuery }), async (ctx) => {
    const advisor = valid<unknown, z.infer<typeof identitiesQuery>>(ctx).query.wecomUserId;
    const unbound = { customers: { none: {} }, phoneEnc: { not: null } } as const;
    const select = { crmNo: true, name: true, idNumberEnc: true, phoneEnc: true, owner: { select: { wecomUserId: true, name: true } } } as const;
    const own = advisor
      ? await prisma.crmCustomer.findMany({ where: { ...unbound, owner: { wecomUserId: advisor } }, orderBy: { crmNo: 'asc' }, take: CRM_IDENTITIES_LIMIT, select })
      : [];
    const others = await prisma.crmCustomer.findMany({
      where: { ...unbound, crmNo: { notIn: own.map((r) => r.crmNo) } },
      orderBy: { crmNo: 'asc' },
      take: CRM_IDENTITIES_LIMIT - own.length,
      select,
    });
    const rows = [...own, ...others];
    const keyOf = currentKeyOf(deps.piiKeys);
    ctx.body = rows.map((r) => ({
      crmNo: r.crmNo,
      name: r.name,
      idNumber: decryptPii(keyOf, r.idNumberEnc),
      phone: r.phoneEnc ? decryptPii(keyOf, r.phoneEnc) : null,
      owner: r.owner ? { wecomUserId: r.owner.wecomUserId, name: r.owner.name } : null,
    }));
  });
}
