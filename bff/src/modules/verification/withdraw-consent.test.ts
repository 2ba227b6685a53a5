import type { CustomerProfile } from '@pfs/shared';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { h5, h5Flow, newIdentity } from '../../../test/helpers/h5-flow';

// POST /api/h5/consent/withdraw after verification: the real-name binding is erased (withdraw-consent.ts).
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ platform: true, listen: true, env: { H5_RATE_LIMIT_PER_MINUTE: '1000', TRUST_PROXY: 'true' } });
});
afterAll(() => t.close());
const { sim, prisma, crmFor, readyCustomer } = h5Flow(() => t);

describe('withdrawing consent', () => {
  it('withdrawing consent after verification erases the binding: unverified again, PII gone, link revoked, audited', async () => {
    const identity = newIdentity('韩梅梅');
    const crmNo = await crmFor(identity, 'wangfang');
    const r = await readyCustomer();
    // From a phone of its own (the per-IP SMS limit is shared with the other tests of this file).
    const ip = '203.0.113.77';
    expect((await t.http.post('/api/h5/sms-codes').set(h5(r.session)).set('x-forwarded-for', ip).send({ phone: identity.phone })).status).toBe(201);
    const code = sim().sms.lastCode(identity.phone)!;
    expect((await t.http.post('/api/h5/verification').set(h5(r.session)).set('x-forwarded-for', ip).send({ ...identity, smsCode: code })).body.status).toBe('VERIFIED');
    expect(await prisma().customer.findUniqueOrThrow({ where: { id: r.customer.id } })).toMatchObject({ crmNo, openid: r.openid, verifiedAt: expect.any(Date) });

    const w = await t.http.post('/api/h5/consent/withdraw').set(h5(r.session)).set('x-request-id', 'withdraw-req-0001').expect(200);
    expect(w.body.withdrawnAt).toEqual(expect.any(String));
    const customer = await prisma().customer.findUniqueOrThrow({ where: { id: r.customer.id } });
    expect(customer).toMatchObject({
      openid: null, unionid: null, crmNo: null, verifiedAt: null, piiKeyId: null,
      idNumberEnc: null, idNumberHash: null, idNumberMasked: null, phoneEnc: null, phoneHash: null, phoneMasked: null,
    });
    // The ledger keeps the proof; the CRM's own record is the bank's and stays.
    expect(await prisma().consentRecord.findMany({ where: { openid: r.openid } })).toEqual([expect.objectContaining({ withdrawnAt: expect.any(Date) })]);
    expect(await prisma().crmCustomer.findUnique({ where: { crmNo } })).not.toBeNull();

    // The advisor's sidebar: unverified, no CRM, no recommendations, the withdrawal on the timeline, invitation revoked.
    const bearer = await t.tokenFor('wangfang');
    const p = (await t.http.get(`/api/customers/${r.customer.id}/profile`).set('Authorization', `Bearer ${bearer}`).expect(200)).body as CustomerProfile;
    expect(p).toMatchObject({ verified: false, crm: null, phoneMasked: null, idNumberMasked: null, recommendations: [] });
    expect(p.invitation?.status).toBe('REVOKED');
    expect(p.timeline[0]).toMatchObject({ type: 'CONSENT_WITHDRAWN', label: expect.stringContaining('撤回') });
    const status = await t.http.get(`/api/customers/${r.customer.id}/verification-status`).set('Authorization', `Bearer ${bearer}`).expect(200);
    expect(status.body).toMatchObject({ verified: false, invitation: { status: 'REVOKED' } });

    // The old link cannot be replayed; the advisor can invite again.
    expect((await t.http.get(`/api/h5/invitations/${r.token}`)).body.error.code).toBe('INVITATION_REVOKED');
    await t.http.post(`/api/customers/${r.customer.id}/invitations`).set('Authorization', `Bearer ${bearer}`).expect(201);

    const audit = await prisma().auditLog.findFirstOrThrow({ where: { action: 'consent.withdraw', entityId: r.customer.id } });
    expect(audit).toMatchObject({ actorType: 'CUSTOMER', entity: 'customer', requestId: 'withdraw-req-0001' });
    // A second withdrawal finds nothing left to withdraw.
    expect((await t.http.post('/api/h5/consent/withdraw').set(h5(r.session)).expect(200)).body.withdrawnAt).toBeNull();
  });
});
