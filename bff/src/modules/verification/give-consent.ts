import { CONSENT_TEXT, type ConsentRecorded } from '@pfs/shared';
import { AppError } from '../../http/app-error';
import type { H5Deps, H5Request } from './h5-deps';
import { CONSENT_PURPOSE, invitationOfSession } from './h5-invitation';
import type { H5Session } from './h5-session';

/**
 * The customer agrees to the separate consent (PIPL Art. 29) for the text version they read: one ledger row (who,
 * which text, when, from where) and, the first time, the invitation's consentedAt — in one transaction. A text that
 * changed since the page loaded is refused, so nobody agrees to a text they did not see.
 */
export async function giveConsent(d: H5Deps, s: H5Session, version: string, req: Pick<H5Request, 'ip' | 'userAgent'>): Promise<ConsentRecorded> {
  if (version !== CONSENT_TEXT.version) throw new AppError('VALIDATION_FAILED', '授权书内容已更新，请刷新页面后重新阅读');
  const now = d.clock.now();
  const record = await d.prisma.$transaction(async (tx) => {
    const inv = await invitationOfSession(tx, s, now);
    const row = await tx.consentRecord.create({
      data: {
        invitationId: inv.id,
        customerId: inv.customerId,
        openid: s.openid,
        purpose: CONSENT_PURPOSE,
        textVersion: version,
        consentedAt: now,
        ip: req.ip,
        userAgent: req.userAgent?.slice(0, 500) || null,
      },
    });
    if (!inv.consentedAt) await tx.invitation.update({ where: { id: inv.id }, data: { consentedAt: now } });
    return row;
  });
  return { version: record.textVersion, consentedAt: record.consentedAt.toISOString() };
}
