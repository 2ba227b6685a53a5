import type { ErrorCode } from '@pfs/shared';
import { AppError } from '../../http/app-error';
import { currentKeyOf, decryptPii } from '../../lib/pii';
import { tokenFor } from '../invitations/invitations.service';
import type { H5Deps, H5Request } from './h5-deps';
import { invitationOfSession, type SessionInvitation } from './h5-invitation';
import type { H5Session } from './h5-session';
import { applyVerdict, finishAttempt, pendingKey, PENDING_TTL_SECONDS, providerFailure, type FaceOutcome, type Identity, type PendingCheck } from './identity-verdict';
import { ProviderUnavailableError, type IdentityVerdict } from './providers';

/**
 * Where the browser goes after the face check: the verify page of the check's invitation (`t`) with a fresh H5
 * session when verified, with an error code otherwise; only an error for a forged or expired BizToken.
 */
export type FaceReturnPage = { t: string; s: string } | { t: string; error: ErrorCode } | { error: ErrorCode };

/**
 * The customer is back from the provider's face-check page with its BizToken (`/api/h5/verification/return`): the
 * verdict is fetched and applied exactly as for the data check, audited once, and the browser goes on to the verify
 * page. The BizToken is what proves this browser ran the check (the provider hands it only to it). Reloading the
 * return URL shows the same outcome again without asking the provider twice; a check the provider has not finished
 * (or could not answer) stays open and is asked again on the next reload.
 */
export async function completeFaceCheck(d: H5Deps, bizToken: string, req: H5Request): Promise<FaceReturnPage> {
  const r = await settleFaceCheck(d, bizToken, req);
  const inv = r.session ? await d.prisma.invitation.findUnique({ where: { id: r.session.invitationId } }) : null;
  if (!inv || !r.session) return { error: r.outcome === 'VERIFIED' ? 'INVITATION_INVALID' : r.outcome };
  const t = tokenFor(d.links, inv);
  if (r.outcome !== 'VERIFIED') return { t, error: r.outcome };
  if (r.crmMatched !== undefined) {
    await req.audit({ action: 'customer.verify', entity: 'invitation', entityId: inv.id, detail: { crmMatched: r.crmMatched, level: 'face' } });
  }
  return { t, s: await d.sessions.create(r.session) };
}

interface Settled {
  outcome: FaceOutcome;
  /** The invitation and WeChat user the check belongs to (unknown for a forged or expired BizToken). */
  session?: H5Session;
  /** Set when this call verified the customer (not on a reload). */
  crmMatched?: boolean;
}

/** The verdict of one face check, applied at most once (a lock per BizToken; the outcome kept for reloads). */
async function settleFaceCheck(d: H5Deps, ref: string, req: H5Request): Promise<Settled> {
  const key = pendingKey(ref);
  const lockKey = `${key}:lock`;
  for (let waited = 0; (await d.redis.set(lockKey, '1', 'EX', 30, 'NX')) !== 'OK'; waited += 100) {
    if (waited >= 5000) return { outcome: 'TOO_MANY_ATTEMPTS' };
    await new Promise((resolve) => setTimeout(resolve, 100));
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

    let inv: SessionInvitation;
    try {
      inv = await invitationOfSession(d.prisma, session, d.clock.now());
    } catch (err) {
      if (err instanceof AppError) return { outcome: err.code, session };
      throw err;
    }
    const attempt = await d.prisma.verificationAttempt.findUnique({ where: { id: pending.attemptId } });
    const idv = d.providers.idv;
    if (!attempt || !idv || !pending.identity) return { outcome: 'PROVIDER_UNAVAILABLE', session };
    if (inv.customer.verifiedAt) {
      if (!attempt.completedAt) await finishAttempt(d, attempt.id, 'FAILED', 'already verified');
      await settle('VERIFIED');
      return { outcome: 'VERIFIED', session };
    }

    let verdict: IdentityVerdict;
    try {
      verdict = await idv.complete(ref);
    } catch (err) {
      if (err instanceof ProviderUnavailableError) {
        // Nothing decided: the attempt stays open and a reload asks again.
        req.log.warn({ attemptId: attempt.id, provider: err.provider, reason: err.reason }, 'verification: provider unavailable on return');
        return { outcome: 'PROVIDER_UNAVAILABLE', session };
      }
      const appErr = await providerFailure(d, req.log, attempt.id, ref, err);
      if (appErr instanceof AppError) {
        await settle(appErr.code);
        return { outcome: appErr.code, session };
      }
      throw appErr;
    }
    if (verdict.verdict === 'PENDING') return { outcome: 'PROVIDER_UNAVAILABLE', session };

    const identity = JSON.parse(decryptPii(currentKeyOf(d.piiKeys), pending.identity)) as Identity;
    try {
      const verified = await applyVerdict(d, req.log, { inv, session, identity, attemptId: attempt.id, ref }, verdict);
      await settle('VERIFIED');
      return { outcome: 'VERIFIED', session, crmMatched: verified.crmMatched };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await settle(err.code);
      return { outcome: err.code, session };
    }
  } finally {
    await d.redis.del(lockKey);
  }
}
