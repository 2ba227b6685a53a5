import type { Logger } from 'pino';
import type Redis from 'ioredis';
import { CONSENT_TEXT, type VerificationBody, type VerificationResult } from '@pfs/shared';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { blindIndex, maskName, normalizePhone, sealIdNumber, sealPhone, type PiiKeys } from '../../lib/pii';
import type { WecomClient } from '../wecom/wecom-client';
import { checkUsable } from '../invitations/invitations.service';
import type { H5Session } from './h5-session';
import { ProviderRejectedError, ProviderUnavailableError, type IdentityVerifier } from './providers';
import type { SmsCodes } from './sms-codes';

export const CONSENT_PURPOSE = 'real_name_verification';
/** Identity checks per WeChat user per day (mismatches count; provider outages do not). */
export const IDV_ATTEMPTS_PER_DAY = 5;

export async function invitationOfSession(prisma: PrismaClient, s: H5Session) {
  const inv = await prisma.invitation.findUnique({
    where: { id: s.invitationId },
    include: { staff: { select: { id: true, name: true, wecomUserId: true, unitId: true } }, customer: { select: { id: true, displayName: true, verifiedAt: true } } },
  });
  if (!inv || inv.openid !== s.openid) throw new AppError('H5_SESSION_REQUIRED');
  return checkUsable(inv);
}

export async function activeConsent(prisma: PrismaClient, s: H5Session) {
  return prisma.consentRecord.findFirst({
    where: { invitationId: s.invitationId, openid: s.openid, purpose: CONSENT_PURPOSE, textVersion: CONSENT_TEXT.version, withdrawnAt: null },
    orderBy: { consentedAt: 'desc' },
  });
}

export interface VerifyDeps {
  prisma: PrismaClient;
  redis: Redis;
  piiKeys: PiiKeys;
  smsCodes: SmsCodes;
  idv: IdentityVerifier | null;
  wecom: WecomClient | null;
  logger: Logger;
  publicBaseUrl: string;
}

/**
 * The customer's verification: consent, the SMS code, the identity provider; on PASS the customer is bound
 * (openid/unionid, CRM customer by the ID number's blind index, encrypted ID number and phone), the invitation is
 * verified, a VERIFIED relationship event written, and an ownership conflict flagged to the follower's manager.
 * Nothing here logs a name, an ID number or a phone.
 */
export async function verifyIdentity(d: VerifyDeps, s: H5Session, body: VerificationBody, redirectUrl: string): Promise<VerificationResult> {
  const inv = await invitationOfSession(d.prisma, s);
  if (inv.customer.verifiedAt) throw new AppError('CUSTOMER_ALREADY_VERIFIED', '您已完成实名认证，无需重复操作');
  if (!(await activeConsent(d.prisma, s))) throw new AppError('CONSENT_REQUIRED');
  if (!d.idv) throw new AppError('PROVIDER_UNAVAILABLE');

  const lockKey = `h5:verify-lock:${inv.id}`;
  if ((await d.redis.set(lockKey, '1', 'EX', 60, 'NX')) !== 'OK') throw new AppError('TOO_MANY_ATTEMPTS', '正在核验中，请勿重复提交');
  try {
    const attemptsKey = `h5:idv:${s.openid}`;
    const used = Number((await d.redis.get(attemptsKey)) ?? 0);
    if (used >= IDV_ATTEMPTS_PER_DAY) throw new AppError('TOO_MANY_ATTEMPTS', '今日认证次数已达上限，请明天再试');

    const phone = normalizePhone(body.phone);
    const codeScope = { invitationId: inv.id, phoneHash: blindIndex(d.piiKeys, 'phone', phone) };
    await d.smsCodes.check(codeScope, body.smsCode);

    const attempt = await d.prisma.verificationAttempt.create({ data: { invitationId: inv.id, openid: s.openid, provider: d.idv.name, status: 'STARTED' } });
    const finish = (status: string, reason?: string, providerRef?: string) =>
      d.prisma.verificationAttempt.update({ where: { id: attempt.id }, data: { status, reason: reason ?? null, providerRef: providerRef ?? undefined, completedAt: new Date() } });

    let ref: string | undefined;
    let verdict;
    try {
      const started = await d.idv.start({ name: body.name, idNumber: body.idNumber, phone, redirectUrl });
      ref = started.ref;
      if (started.next.kind !== 'none') throw new ProviderUnavailableError(d.idv.name, 'hosted step not supported by this flow');
      verdict = await d.idv.complete(started.ref);
    } catch (err) {
      if (err instanceof ProviderUnavailableError) {
        await finish('UNAVAILABLE', err.reason, ref);
        d.logger.warn({ attemptId: attempt.id, provider: err.provider, reason: err.reason }, 'verification: provider unavailable');
        throw new AppError('PROVIDER_UNAVAILABLE');
      }
      if (err instanceof ProviderRejectedError) {
        await finish('FAILED', `${err.status} ${err.code}`, ref);
        d.logger.warn({ attemptId: attempt.id, status: err.status, code: err.code }, 'verification: provider refused the request');
        throw new AppError('IDV_MISMATCH', '身份信息校验未通过，请核对后重试');
      }
      throw err;
    }
    if (verdict.verdict === 'PENDING' || verdict.verdict === 'EXPIRED') {
      await finish('UNAVAILABLE', verdict.verdict, ref);
      throw new AppError('PROVIDER_UNAVAILABLE');
    }
    await d.smsCodes.consume(codeScope);
    if (verdict.verdict === 'MISMATCH') {
      const n = await d.redis.incr(attemptsKey);
      if (n === 1) await d.redis.expire(attemptsKey, 86_400);
      await finish('MISMATCH', verdict.fields.join(','), ref);
      throw new AppError('IDV_MISMATCH', undefined, { fields: verdict.fields });
    }

    const bound = await bindVerifiedCustomer(d, inv, s, body, phone);
    await finish('PASSED', undefined, ref);
    d.logger.info({ invitationId: inv.id, customerId: inv.customerId, crmMatched: bound.crmNo !== null, conflict: bound.conflict !== null }, 'verification: customer verified');
    if (bound.conflict) await notifyOwnershipConflict(d, bound.conflict).catch((err: unknown) => d.logger.warn({ err: (err as Error).message }, 'ownership conflict: manager not notified'));
    return { status: 'VERIFIED', advisorName: inv.staff.name, crmMatched: bound.crmNo !== null };
  } finally {
    await d.redis.del(lockKey);
  }
}

interface ConflictNotice {
  conflictId: string;
  customerName: string;
  followerStaffId: string;
  followerName: string;
  followerUnitId: string;
  ownerName: string | null;
}

async function bindVerifiedCustomer(
  d: VerifyDeps,
  inv: Awaited<ReturnType<typeof invitationOfSession>>,
  s: H5Session,
  body: VerificationBody,
  phone: string,
): Promise<{ crmNo: string | null; conflict: ConflictNotice | null }> {
  const id = sealIdNumber(d.piiKeys, body.idNumber);
  const ph = sealPhone(d.piiKeys, phone);
  const now = new Date();
  return d.prisma.$transaction(async (tx) => {
    const crm = await tx.crmCustomer.findUnique({ where: { idNumberHash: id.hash }, select: { crmNo: true, ownerStaffId: true, owner: { select: { name: true } } } });
    // One WeChat user is one person: an openid already bound to another customer is released from it.
    await tx.customer.updateMany({ where: { openid: s.openid, id: { not: inv.customerId } }, data: { openid: null } });
    if (s.unionid) await tx.customer.updateMany({ where: { unionid: s.unionid, id: { not: inv.customerId } }, data: { unionid: null } });
    await tx.customer.update({
      where: { id: inv.customerId },
      data: {
        openid: s.openid,
        ...(s.unionid ? { unionid: s.unionid } : {}),
        crmNo: crm?.crmNo ?? null,
        idNumberEnc: id.enc,
        idNumberHash: id.hash,
        idNumberMasked: id.masked,
        phoneEnc: ph.enc,
        phoneHash: ph.hash,
        phoneMasked: ph.masked,
        piiKeyId: d.piiKeys.keyId,
        verifiedAt: now,
      },
    });
    await tx.invitation.update({ where: { id: inv.id }, data: { verifiedAt: now } });
    const rel = await tx.advisorCustomer.findUnique({ where: { staffId_customerId: { staffId: inv.staffId, customerId: inv.customerId } }, select: { id: true } });
    if (rel) await tx.relationshipEvent.create({ data: { relationshipId: rel.id, type: 'VERIFIED', occurredAt: now, detail: { invitationId: inv.id, crmMatched: crm !== null } } });

    let conflict: ConflictNotice | null = null;
    if (crm?.ownerStaffId && crm.ownerStaffId !== inv.staffId) {
      const existing = await tx.ownershipConflict.findUnique({ where: { crmNo_followerStaffId: { crmNo: crm.crmNo, followerStaffId: inv.staffId } } });
      const row = existing
        ? await tx.ownershipConflict.update({ where: { id: existing.id }, data: { customerId: inv.customerId, ownerStaffId: crm.ownerStaffId, resolvedAt: null, resolution: null } })
        : await tx.ownershipConflict.create({ data: { crmNo: crm.crmNo, customerId: inv.customerId, ownerStaffId: crm.ownerStaffId, followerStaffId: inv.staffId } });
      conflict = {
        conflictId: row.id,
        customerName: maskName(body.name),
        followerStaffId: inv.staffId,
        followerName: inv.staff.name,
        followerUnitId: inv.staff.unitId,
        ownerName: crm.owner?.name ?? null,
      };
    }
    return { crmNo: crm?.crmNo ?? null, conflict };
  });
}

/** The unit managers responsible for a unit: its own, else the nearest ancestor unit's. */
async function managersFor(prisma: PrismaClient, unitId: string): Promise<string[]> {
  let current: string | null = unitId;
  for (let depth = 0; current && depth < 10; depth++) {
    // Roles filtered here: a unit has a handful of staff (and `has` on an enum array trips the driver adapter).
    const staff = await prisma.staff.findMany({ where: { unitId: current, active: true }, select: { wecomUserId: true, roles: true } });
    const managers = staff.filter((m) => m.roles.includes('UNIT_MANAGER'));
    if (managers.length) return managers.map((m) => m.wecomUserId);
    const unit: { parentId: string | null } | null = await prisma.orgUnit.findUnique({ where: { id: current }, select: { parentId: true } });
    current = unit?.parentId ?? null;
  }
  return [];
}

/** WeCom app message (textcard) to the follower's unit manager; masked name only. */
export async function notifyOwnershipConflict(d: Pick<VerifyDeps, 'prisma' | 'wecom' | 'logger' | 'publicBaseUrl'>, c: ConflictNotice): Promise<void> {
  if (!d.wecom) return;
  const managers = await managersFor(d.prisma, c.followerUnitId);
  if (!managers.length) {
    d.logger.warn({ conflictId: c.conflictId }, 'ownership conflict: no unit manager to notify');
    return;
  }
  await d.wecom.call('message/send', {
    body: {
      touser: managers.join('|'),
      msgtype: 'textcard',
      agentid: Number(d.wecom.agentId),
      textcard: {
        title: '客户归属冲突待处理',
        description: `客户${c.customerName}已完成实名认证。CRM 归属客户经理：${c.ownerName ?? '未知'}；企业微信跟进人：${c.followerName}。请核实并处理客户归属。`,
        url: `${d.publicBaseUrl}/`,
        btntxt: '查看',
      },
      enable_duplicate_check: 1,
      duplicate_check_interval: 600,
    },
  });
  d.logger.info({ conflictId: c.conflictId, managers: managers.length }, 'ownership conflict: manager notified');
}
