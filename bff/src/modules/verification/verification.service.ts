import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type Redis from 'ioredis';
import { CONSENT_TEXT, type ErrorCode, type VerificationBody, type VerificationRedirect, type VerificationResult } from '@pfs/shared';
import type { PrismaClient } from '../../generated/prisma/client';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../http/app-error';
import { blindIndex, currentKeyOf, decryptPii, encryptPii, maskName, normalizeIdNumber, normalizePhone, sealIdNumber, sealPhone, type PiiKeys } from '../../lib/pii';
import type { WecomClient } from '../wecom/wecom-client';
import { checkUsable } from '../invitations/invitations.service';
import type { H5Session } from './h5-session';
import { ProviderRejectedError, ProviderUnavailableError, type IdentityVerdict, type IdentityVerifier } from './providers';
import type { SmsCodes } from './sms-codes';

export const CONSENT_PURPOSE = 'real_name_verification';
/** Identity checks per WeChat user per day (mismatches count; provider outages do not). */
export const IDV_ATTEMPTS_PER_DAY = 5;

export async function invitationOfSession(prisma: PrismaClient, s: H5Session, now: Date) {
  const inv = await prisma.invitation.findUnique({
    where: { id: s.invitationId },
    include: { staff: { select: { id: true, name: true, wecomUserId: true, unitId: true } }, customer: { select: { id: true, displayName: true, verifiedAt: true } } },
  });
  if (!inv || inv.openid !== s.openid) throw new AppError('H5_SESSION_REQUIRED');
  return checkUsable(inv, now);
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
  clock: Clock;
}

type Invitation = Awaited<ReturnType<typeof invitationOfSession>>;
type Identity = { name: string; idNumber: string; phone: string };

/** What a started face check leaves in Redis until the customer comes back with its BizToken. */
interface PendingCheck {
  attemptId: string;
  invitationId: string;
  openid: string;
  unionid?: string;
  /** AES-GCM sealed JSON of the name, ID number and phone; dropped once the verdict is applied. */
  identity?: string;
  /** Set once applied: what a reload of the return URL shows again. */
  outcome?: FaceOutcome;
}

/** A BizToken lasts 7200 s at the provider; its pending record a little longer. */
const PENDING_TTL_SECONDS = 7200 + 600;
/** Identity checks that ended in a mismatch today, per WeChat user (IDV_ATTEMPTS_PER_DAY). */
const idvAttemptsKey = (openid: string) => `h5:idv:${openid}`;
const pendingKey = (ref: string) => `h5:idv-pending:${createHash('sha256').update(ref).digest('hex')}`;

/**
 * The customer's verification: consent, the SMS code, the identity provider; on PASS the customer is bound
 * (openid/unionid, CRM customer by the ID number's blind index, encrypted ID number and phone), the invitation is
 * verified, a VERIFIED relationship event written, and an ownership conflict flagged to the follower's manager.
 * A face check answers REDIRECT instead; the verdict is applied when the customer returns (completeFaceCheck).
 * Nothing here logs a name, an ID number or a phone.
 */
export async function verifyIdentity(
  d: VerifyDeps,
  s: H5Session,
  body: VerificationBody,
  redirectUrl: string,
): Promise<VerificationResult | VerificationRedirect> {
  const inv = await invitationOfSession(d.prisma, s, d.clock.now());
  if (inv.customer.verifiedAt) throw new AppError('CUSTOMER_ALREADY_VERIFIED', '您已完成实名认证，无需重复操作');
  if (!(await activeConsent(d.prisma, s))) throw new AppError('CONSENT_REQUIRED');
  if (!d.idv) throw new AppError('PROVIDER_UNAVAILABLE');
  const idv = d.idv;

  const lockKey = `h5:verify-lock:${inv.id}`;
  if ((await d.redis.set(lockKey, '1', 'EX', 60, 'NX')) !== 'OK') throw new AppError('TOO_MANY_ATTEMPTS', '正在核验中，请勿重复提交');
  try {
    const used = Number((await d.redis.get(idvAttemptsKey(s.openid))) ?? 0);
    if (used >= IDV_ATTEMPTS_PER_DAY) throw new AppError('TOO_MANY_ATTEMPTS', '今日认证次数已达上限，请明天再试');

    const identity: Identity = { name: body.name, idNumber: body.idNumber, phone: normalizePhone(body.phone) };
    const codeScope = { invitationId: inv.id, phoneHash: blindIndex(d.piiKeys, 'phone', identity.phone) };
    await d.smsCodes.check(codeScope, body.smsCode);

    const attempt = await d.prisma.verificationAttempt.create({ data: { invitationId: inv.id, openid: s.openid, provider: idv.name, status: 'STARTED' } });
    let ref: string | undefined;
    let verdict: IdentityVerdict;
    try {
      // Extra travels through the provider and back: the attempt id, nothing personal.
      const started = await idv.start({ ...identity, redirectUrl, extra: attempt.id });
      ref = started.ref;
      if (started.next.kind === 'redirect') {
        await d.prisma.verificationAttempt.update({ where: { id: attempt.id }, data: { providerRef: ref } });
        const pending: PendingCheck = {
          attemptId: attempt.id,
          invitationId: inv.id,
          openid: s.openid,
          ...(s.unionid ? { unionid: s.unionid } : {}),
          identity: encryptPii(d.piiKeys, JSON.stringify(identity)),
        };
        await d.redis.set(pendingKey(ref), JSON.stringify(pending), 'EX', PENDING_TTL_SECONDS);
        // The code proved the phone; the face check is the rest. It is used up now.
        await d.smsCodes.consume(codeScope);
        d.logger.info({ attemptId: attempt.id, provider: idv.name }, 'verification: hosted check started');
        return { status: 'REDIRECT', url: started.next.url };
      }
      verdict = started.verdict ?? (await idv.complete(started.ref));
    } catch (err) {
      throw await providerFailure(d, attempt.id, ref, err);
    }
    return await applyVerdict(d, { inv, session: s, identity, attemptId: attempt.id, ref, codeScope }, verdict);
  } finally {
    await d.redis.del(lockKey);
  }
}

/** An outage ends the attempt as UNAVAILABLE (nothing lost, retry later); a refusal as FAILED. */
/** Ends a verification attempt with its status (PASSED, MISMATCH, FAILED, UNAVAILABLE) and why. */
async function finishAttempt(d: VerifyDeps, attemptId: string, status: string, reason: string | null, providerRef?: string): Promise<void> {
  await d.prisma.verificationAttempt.update({ where: { id: attemptId }, data: { status, reason, providerRef, completedAt: d.clock.now() } });
}

async function providerFailure(d: VerifyDeps, attemptId: string, ref: string | undefined, err: unknown): Promise<unknown> {
  const finish = (status: string, reason: string) => finishAttempt(d, attemptId, status, reason, ref);
  if (err instanceof ProviderUnavailableError) {
    await finish('UNAVAILABLE', err.reason);
    d.logger.warn({ attemptId, provider: err.provider, reason: err.reason }, 'verification: provider unavailable');
    return new AppError('PROVIDER_UNAVAILABLE');
  }
  if (err instanceof ProviderRejectedError) {
    await finish('FAILED', `${err.status} ${err.code}`);
    d.logger.warn({ attemptId, status: err.status, code: err.code }, 'verification: provider refused the request');
    if (err.rateLimited) return new AppError('TOO_MANY_ATTEMPTS', '核验次数已达上限，请明天再试');
    return new AppError('IDV_MISMATCH', '身份信息校验未通过，请核对后重试');
  }
  return err;
}

/** The verdict, applied the same way for the data check and the face check. */
async function applyVerdict(
  d: VerifyDeps,
  a: { inv: Invitation; session: H5Session; identity: Identity; attemptId: string; ref: string | undefined; codeScope?: { invitationId: string; phoneHash: string } },
  verdict: IdentityVerdict,
): Promise<VerificationResult> {
  const finish = (status: string, reason?: string) => finishAttempt(d, a.attemptId, status, reason ?? null, a.ref);
  if (verdict.verdict === 'PENDING' || verdict.verdict === 'EXPIRED') {
    await finish('UNAVAILABLE', verdict.verdict);
    throw new AppError('PROVIDER_UNAVAILABLE');
  }
  if (a.codeScope) await d.smsCodes.consume(a.codeScope);
  if (verdict.verdict === 'PASS' && verdict.idNumber !== undefined && normalizeIdNumber(verdict.idNumber) !== normalizeIdNumber(a.identity.idNumber)) {
    // The provider verified someone else's ID number: never bind on that.
    await finish('FAILED', 'provider verified another ID number');
    d.logger.warn({ attemptId: a.attemptId }, 'verification: provider verdict for another ID number');
    throw new AppError('IDV_MISMATCH', '身份信息校验未通过，请核对后重试');
  }
  if (verdict.verdict === 'MISMATCH') {
    const attemptsKey = idvAttemptsKey(a.session.openid);
    const n = await d.redis.incr(attemptsKey);
    if (n === 1) await d.redis.expire(attemptsKey, 86_400);
    await finish('MISMATCH', verdict.fields.join(',') || verdict.reason);
    throw new AppError('IDV_MISMATCH', undefined, { fields: verdict.fields });
  }

  const bound = await bindVerifiedCustomer(d, a.inv, a.session, a.identity);
  await finish('PASSED');
  d.logger.info({ invitationId: a.inv.id, customerId: a.inv.customerId, crmMatched: bound.crmNo !== null, conflict: bound.conflict !== null }, 'verification: customer verified');
  if (bound.conflict) await notifyOwnershipConflict(d, bound.conflict).catch((err: unknown) => d.logger.warn({ err: (err as Error).message }, 'ownership conflict: manager not notified'));
  return { status: 'VERIFIED', advisorName: a.inv.staff.name, crmMatched: bound.crmNo !== null };
}

/** Where the return from a face check leads: verified, or an error code for the page. */
export type FaceOutcome = 'VERIFIED' | ErrorCode;

export interface FaceReturn {
  outcome: FaceOutcome;
  /** The invitation and WeChat user the check belongs to (unknown for a forged or expired BizToken). */
  session?: H5Session;
  /** Set when this call verified the customer (not on a reload). */
  verified?: VerificationResult;
}

/**
 * The customer is back from the provider's page with its BizToken: the verdict is fetched and applied exactly as
 * for the data check. Reloading the return URL shows the same outcome again without asking the provider twice; a
 * check the provider has not finished (or could not answer) stays open and is asked again on the next reload.
 */
export async function completeFaceCheck(d: VerifyDeps, ref: string): Promise<FaceReturn> {
  const key = pendingKey(ref);
  const lockKey = `${key}:lock`;
  for (let waited = 0; (await d.redis.set(lockKey, '1', 'EX', 30, 'NX')) !== 'OK'; waited += 100) {
    if (waited >= 5000) return { outcome: 'TOO_MANY_ATTEMPTS' };
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    const raw = await d.redis.get(key);
    if (!raw) return { outcome: 'INVITATION_INVALID' };
    const pending = JSON.parse(raw) as PendingCheck;
    const session: H5Session = { invitationId: pending.invitationId, openid: pending.openid, ...(pending.unionid ? { unionid: pending.unionid } : {}) };
    if (pending.outcome) return { outcome: pending.outcome, session };
    const settle = async (outcome: FaceOutcome): Promise<void> => {
      const { identity: _dropped, ...rest } = pending;
      const ttl = await d.redis.ttl(key);
      await d.redis.set(key, JSON.stringify({ ...rest, outcome }), 'EX', ttl > 0 ? ttl : PENDING_TTL_SECONDS);
    };

    let inv: Invitation;
    try {
      inv = await invitationOfSession(d.prisma, session, d.clock.now());
    } catch (err) {
      if (err instanceof AppError) return { outcome: err.code, session };
      throw err;
    }
    const attempt = await d.prisma.verificationAttempt.findUnique({ where: { id: pending.attemptId } });
    if (!attempt || !d.idv || !pending.identity) return { outcome: 'PROVIDER_UNAVAILABLE', session };
    if (inv.customer.verifiedAt) {
      if (!attempt.completedAt) await finishAttempt(d, attempt.id, 'FAILED', 'already verified');
      await settle('VERIFIED');
      return { outcome: 'VERIFIED', session };
    }

    let verdict: IdentityVerdict;
    try {
      verdict = await d.idv.complete(ref);
    } catch (err) {
      if (err instanceof ProviderUnavailableError) {
        // Nothing decided: the attempt stays open and a reload asks again.
        d.logger.warn({ attemptId: attempt.id, provider: err.provider, reason: err.reason }, 'verification: provider unavailable on return');
        return { outcome: 'PROVIDER_UNAVAILABLE', session };
      }
      const appErr = await providerFailure(d, attempt.id, ref, err);
      if (appErr instanceof AppError) {
        await settle(appErr.code);
        return { outcome: appErr.code, session };
      }
      throw appErr;
    }
    if (verdict.verdict === 'PENDING') return { outcome: 'PROVIDER_UNAVAILABLE', session };

    const identity = JSON.parse(decryptPii(currentKeyOf(d.piiKeys), pending.identity)) as Identity;
    try {
      const verified = await applyVerdict(d, { inv, session, identity, attemptId: attempt.id, ref }, verdict);
      await settle('VERIFIED');
      return { outcome: 'VERIFIED', session, verified };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await settle(err.code);
      return { outcome: err.code, session };
    }
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

async function bindVerifiedCustomer(d: VerifyDeps, inv: Invitation, s: H5Session, body: Identity): Promise<{ crmNo: string | null; conflict: ConflictNotice | null }> {
  const phone = body.phone;
  const id = sealIdNumber(d.piiKeys, body.idNumber);
  const ph = sealPhone(d.piiKeys, phone);
  const now = d.clock.now();
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
