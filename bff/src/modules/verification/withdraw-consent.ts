import type { H5Deps, H5Request } from './h5-deps';
import { CONSENT_PURPOSE } from './h5-invitation';
import type { H5Session } from './h5-session';

export interface ConsentWithdrawal {
  /** null when nothing was left to withdraw. */
  withdrawnAt: Date | null;
  /** Customers whose real-name binding was erased (normally the one this WeChat user verified as). */
  erasedCustomerIds: string[];
}

/**
 * The customer withdraws the separate consent (PIPL Art. 15, 47): every active consent of this WeChat user ends, and
 * what was processed on its basis is deleted — the encrypted ID number and phone, their blind indexes and masks, the
 * link to the head-office CRM record and the openid/unionid binding. The customer is unverified again (the advisor's
 * sidebar shows it at its next refresh), the verified invitation is revoked so its link cannot be replayed, open
 * ownership conflicts raised by the binding are closed, and the relationship timeline and the audit log say so.
 * Kept: the consent ledger (proof of what was consented and withdrawn, when) and verification attempts, which hold
 * no identity data. One transaction: all of it or nothing.
 */
export async function withdrawConsent(d: Pick<H5Deps, 'prisma' | 'clock'>, s: H5Session, req: Pick<H5Request, 'ip' | 'requestId' | 'log'>): Promise<ConsentWithdrawal> {
  const now = d.clock.now();
  const r = await d.prisma.$transaction(async (tx) => {
    const ended = await tx.consentRecord.updateMany({ where: { openid: s.openid, purpose: CONSENT_PURPOSE, withdrawnAt: null }, data: { withdrawnAt: now } });
    if (ended.count === 0) return { withdrawnAt: null, erasedCustomerIds: [] };

    const bound = await tx.customer.findMany({ where: { openid: s.openid, verifiedAt: { not: null } }, select: { id: true } });
    const ids = bound.map((c) => c.id);
    if (ids.length > 0) {
      await tx.customer.updateMany({
        where: { id: { in: ids } },
        data: {
          openid: null,
          unionid: null,
          crmNo: null,
          idNumberEnc: null,
          idNumberHash: null,
          idNumberMasked: null,
          phoneEnc: null,
          phoneHash: null,
          phoneMasked: null,
          piiKeyId: null,
          verifiedAt: null,
        },
      });
      await tx.invitation.updateMany({ where: { customerId: { in: ids }, verifiedAt: { not: null }, revokedAt: null }, data: { revokedAt: now } });
      await tx.ownershipConflict.updateMany({ where: { customerId: { in: ids }, resolvedAt: null }, data: { resolvedAt: now, resolution: 'consent_withdrawn' } });
      const rels = await tx.advisorCustomer.findMany({ where: { customerId: { in: ids }, status: 'ACTIVE' }, select: { id: true } });
      if (rels.length > 0) {
        await tx.relationshipEvent.createMany({ data: rels.map((r) => ({ relationshipId: r.id, type: 'CONSENT_WITHDRAWN', occurredAt: now, detail: { invitationId: s.invitationId } })) });
      }
    }
    await tx.auditLog.create({
      data: {
        actorType: 'CUSTOMER',
        actorId: null,
        action: 'consent.withdraw',
        entity: 'customer',
        entityId: ids[0] ?? null,
        ip: req.ip || null,
        requestId: req.requestId,
        detail: { invitationId: s.invitationId, consents: ended.count, erasedCustomers: ids.length },
      },
    });
    return { withdrawnAt: now, erasedCustomerIds: ids };
  });
  if (r.erasedCustomerIds.length) req.log.info({ customers: r.erasedCustomerIds.length }, 'h5 consent withdrawn: real-name binding erased');
  return r;
}
