import { createHash } from 'node:crypto';
import type { ErrorCode, VerificationResult } from '@pfs/shared';
import { AppError } from '../../http/app-error';
import { maskName, normalizeIdNumber, sealIdNumber, sealPhone } from '../../lib/pii';
import type { H5Deps, H5Request } from './h5-deps';
import type { SessionInvitation } from './h5-invitation';
import type { H5Session } from './h5-session';
import { notifyOwnershipConflict, type ConflictNotice } from './ownership-conflict-notice';
import { ProviderRejectedError, ProviderUnavailableError, type IdentityVerdict } from './providers';

// What the data check (verify-identity.ts) and the face check's return (complete-face-check.ts) share: the attempt
// ledger, the per-user daily limit, the pending face check in Redis, and applying a verdict.

/** Identity checks per WeChat user per day (mismatches count; provider outages do not). */
export const IDV_ATTEMPTS_PER_DAY = 5;
/** Identity checks that ended in a mismatch today, per WeChat user (IDV_ATTEMPTS_PER_DAY). */
export const idvAttemptsKey = (openid: string) => `h5:idv:${openid}`;

/** A BizToken lasts 7200 s at the provider; its pending record a little longer. */
export const PENDING_TTL_SECONDS = 7200 + 600;
export const pendingKey = (ref: string) => `h5:idv-pending:${createHash('sha256').update(ref).digest('hex')}`;

/** What a started face check leaves in Redis until the customer comes back with its BizToken. */
export interface PendingCheck {
  attemptId: string;
  invitationId: string;
  openid: string;
  unionid?: string;
  /** AES-GCM sealed JSON of the name, ID number and phone; dropped once the verdict is applied. */
  identity?: string;
  /** Set once the verdict was applied: a reload of the return URL shows it again. */
  outcome?: FaceOutcome;
}

/** Where the return from a face check leads: verified, or an error code for the page. */
export type FaceOutcome = 'VERIFIED' | ErrorCode;

export type Identity = { name: string; idNumber: string; phone: string };

type VerdictDeps = Pick<H5Deps, 'prisma' | 'redis' | 'clock' | 'piiKeys' | 'smsCodes' | 'wecom' | 'links'>;

/** Ends a verification attempt with its status (PASSED, MISMATCH, FAILED, UNAVAILABLE) and why. */
export async function finishAttempt(d: Pick<H5Deps, 'prisma' | 'clock'>, attemptId: string, status: string, reason: string | null, providerRef?: string): Promise<void> {
  await d.prisma.verificationAttempt.update({ where: { id: attemptId }, data: { status, reason, providerRef, completedAt: d.clock.now() } });
}

/** An outage ends the attempt as UNAVAILABLE (nothing lost, retry later); a refusal as FAILED. */
export async function providerFailure(d: Pick<H5Deps, 'prisma' | 'clock'>, log: H5Request['log'], attemptId: string, ref: string | undefined, err: unknown): Promise<unknown> {
  const finish = (status: string, reason: string) => finishAttempt(d, attemptId, status, reason, ref);
  if (err instanceof ProviderUnavailableError) {
    await finish('UNAVAILABLE', err.reason);
    log.warn({ attemptId, provider: err.provider, reason: err.reason }, 'verification: provider unavailable');
    return new AppError('PROVIDER_UNAVAILABLE');
  }
  if (err instanceof ProviderRejectedError) {
    await finish('FAILED', `${err.status} ${err.code}`);
    log.warn({ attemptId, status: err.status, code: err.code }, 'verification: provider refused the request');
    if (err.rateLimited) return new AppError('TOO_MANY_ATTEMPTS', '核验次数已达上限，请明天再试');
    return new AppError('IDV_MISMATCH', '身份信息校验未通过，请核对后重试');
  }
  return err;
}

/**
 * The verdict, applied the same way for the data check and the face check: a PASS binds the customer (one
 * transaction, bindVerifiedCustomer) and flags an ownership conflict to the follower's manager; a MISMATCH counts
 * against today's limit; anything undecided is PROVIDER_UNAVAILABLE. The SMS code is used up once a verdict exists.
 */
export async function applyVerdict(
  d: VerdictDeps,
  log: H5Request['log'],
  a: { inv: SessionInvitation; session: H5Session; identity: Identity; attemptId: string; ref: string | undefined; codeScope?: { invitationId: string; phoneHash: string } },
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
    log.warn({ attemptId: a.attemptId }, 'verification: provider verdict for another ID number');
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
  log.info({ invitationId: a.inv.id, customerId: a.inv.customerId, crmMatched: bound.crmNo !== null, conflict: bound.conflict !== null }, 'verification: customer verified');
  if (bound.conflict) {
    await notifyOwnershipConflict({ prisma: d.prisma, wecom: d.wecom, publicBaseUrl: d.links.publicBaseUrl, log }, bound.conflict).catch((err: unknown) =>
      log.warn({ err: (err as Error).message }, 'ownership conflict: manager not notified'),
    );
  }
  return { status: 'VERIFIED', advisorName: a.inv.staff.name, crmMatched: bound.crmNo !== null };
}

/**
 * One transaction: the customer gets the openid/unionid (released from any other customer: one WeChat user is one
 * person), the CRM customer found by the ID number's blind index, the encrypted ID number and phone; the invitation
 * is verified, the relationship timeline says so, and an ownership conflict row is kept when the CRM owner is not
 * the follower.
 */
async function bindVerifiedCustomer(d: Pick<H5Deps, 'prisma' | 'clock' | 'piiKeys'>, inv: SessionInvitation, s: H5Session, body: Identity): Promise<{ crmNo: string | null; conflict: ConflictNotice | null }> {
  const id = sealIdNumber(d.piiKeys, body.idNumber);
  const ph = sealPhone(d.piiKeys, body.phone);
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
