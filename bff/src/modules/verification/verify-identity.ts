import { VERIFICATION_RETURN_PATH, type VerificationBody, type VerificationRedirect, type VerificationResult } from '@pfs/shared';
import { AppError } from '../../http/app-error';
import { blindIndex, encryptPii, normalizePhone } from '../../lib/pii';
import type { H5Deps, H5Request } from './h5-deps';
import { invitationReadyForVerification } from './h5-invitation';
import type { H5Session } from './h5-session';
import { applyVerdict, IDV_ATTEMPTS_PER_DAY, idvAttemptsKey, pendingKey, PENDING_TTL_SECONDS, providerFailure, type Identity, type PendingCheck } from './identity-verdict';
import type { IdentityVerdict } from './providers';

/**
 * The customer submits the form: name, ID number, phone and the SMS code. With consent given and under today's
 * limit, the code is checked (not used up: an outage must not cost it), an attempt recorded, and the identity
 * provider asked. The data check answers the verdict, applied at once (identity-verdict.ts); the face check
 * (IDV_LEVEL=face) answers REDIRECT to the provider's page, and the verdict is applied when the customer comes back
 * (complete-face-check.ts). One check per invitation at a time. Nothing here logs a name, an ID number or a phone.
 */
export async function verifyIdentity(d: H5Deps, s: H5Session, body: VerificationBody, req: H5Request): Promise<VerificationResult | VerificationRedirect> {
  const inv = await invitationReadyForVerification(d.prisma, s, d.clock.now());
  const idv = d.providers.idv;
  if (!idv) throw new AppError('PROVIDER_UNAVAILABLE');

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
      const started = await idv.start({ ...identity, redirectUrl: `${d.links.publicBaseUrl}${VERIFICATION_RETURN_PATH}`, extra: attempt.id });
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
        req.log.info({ attemptId: attempt.id, provider: idv.name }, 'verification: hosted check started');
        return { status: 'REDIRECT', url: started.next.url };
      }
      verdict = started.verdict ?? (await idv.complete(started.ref));
    } catch (err) {
      throw await providerFailure(d, req.log, attempt.id, ref, err);
    }
    const result = await applyVerdict(d, req.log, { inv, session: s, identity, attemptId: attempt.id, ref, codeScope }, verdict);
    await req.audit({ action: 'customer.verify', entity: 'invitation', entityId: s.invitationId, detail: { crmMatched: result.crmMatched, level: d.providers.level } });
    return result;
  } finally {
    await d.redis.del(lockKey);
  }
}
