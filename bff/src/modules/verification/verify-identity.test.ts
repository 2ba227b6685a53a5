import { sealIdNumber } from '../../lib/pii';
import { verifyInvitationToken } from '../invitations/invitation-token';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { h5, h5Flow, newIdentity, tokenOfUrl } from '../../../test/helpers/h5-flow';

// POST /api/h5/verification, the data check (IDV_LEVEL=three_element) through the simulator's identity provider,
// from the start of the customer's path: a WeCom add → the welcome message with the invitation link → open → the
// WeChat login → consent → SMS code → the identity check, and the check's failures.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ platform: true, listen: true, env: { H5_RATE_LIMIT_PER_MINUTE: '1000', TRUST_PROXY: 'true' } });
});
afterAll(() => t.close());
const { sim, prisma, publicBase, crmFor, customerAdds, oauth, consent, smsCode, readyCustomer } = h5Flow(() => t);

describe('the identity check (data)', () => {
  it('add → welcome link → open → OAuth → consent → SMS → verified, CRM joined, PII encrypted, masked only', async () => {
    const identity = newIdentity('李雷');
    const crmNo = await crmFor(identity, 'wangfang');
    const c = await customerAdds();

    // The welcome message carries the invitation as a link attachment.
    expect(c.welcome.text?.content).toContain('王芳');
    const attachment = c.welcome.attachments[0] as { msgtype: string; link: { url: string; title: string } };
    expect(attachment.msgtype).toBe('link');
    expect(attachment.link.url.startsWith(`${publicBase()}/#/verify/pages/index?t=`)).toBe(true);
    const token = tokenOfUrl(attachment.link.url);
    const payload = verifyInvitationToken(t.deps.config.invitationSigningKey, token)!;
    expect(payload).toMatchObject({ c: c.customer.id });

    // The advisor's sidebar sees a pending invitation.
    const bearer = await t.tokenFor('wangfang');
    const pending = await t.http.get(`/api/customers/${c.customer.id}/verification-status`).set('Authorization', `Bearer ${bearer}`).expect(200);
    expect(pending.body).toMatchObject({ verified: false, invitation: { id: payload.inv, status: 'PENDING' } });

    // Opening is recorded.
    const opened = await t.http.get(`/api/h5/invitations/${token}`).expect(200);
    expect(opened.body).toMatchObject({ status: 'OPENED', advisorName: '王芳', needsLogin: true });
    await t.http.get(`/api/h5/invitations/${token}`).expect(200);
    expect(await prisma().invitation.findUniqueOrThrow({ where: { id: payload.inv } })).toMatchObject({ openCount: 2, firstOpenedAt: expect.any(Date) });

    const openid = 'o_happy_path_user';
    const page = await oauth(token, openid);
    expect(page.get('t')).toBeNull(); // the login's redirect never carries the link
    const session = page.get('s')!;
    expect((await t.http.get(`/api/h5/invitations/${token}`).set(h5(session)).expect(200)).body.needsLogin).toBe(false);
    expect((await prisma().invitation.findUniqueOrThrow({ where: { id: payload.inv } })).openid).toBe(openid);

    // Consent first: no SMS code without it.
    expect((await t.http.post('/api/h5/sms-codes').set(h5(session)).send({ phone: identity.phone })).body.error.code).toBe('CONSENT_REQUIRED');
    await consent(session);
    const ledger = await prisma().consentRecord.findMany({ where: { invitationId: payload.inv } });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ openid, textVersion: expect.any(String), userAgent: 'jest MicroMessenger', customerId: c.customer.id, withdrawnAt: null });
    expect(ledger[0]!.ip).toBeTruthy();

    const code = await smsCode(session, identity.phone);
    expect(code).toMatch(/^\d{6}$/);
    const verified = await t.http.post('/api/h5/verification').set(h5(session)).send({ ...identity, smsCode: code });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ status: 'VERIFIED', advisorName: '王芳', crmMatched: true });

    const customer = await prisma().customer.findUniqueOrThrow({ where: { id: c.customer.id } });
    expect(customer).toMatchObject({ crmNo, openid, verifiedAt: expect.any(Date), piiKeyId: t.deps.piiKeys.keyId, idNumberMasked: `${identity.idNumber.slice(0, 4)}**********${identity.idNumber.slice(-4)}` });
    expect(customer.idNumberHash).toBe(sealIdNumber(t.deps.piiKeys, identity.idNumber).hash);
    // The raw ID number and phone appear nowhere in the customer table.
    const raw = await t.deps.db.sql.query<{ row: string }>(`SELECT row_to_json(c)::text AS row FROM customer c WHERE id = $1`, [c.customer.id]);
    expect(raw.rows[0]!.row).not.toContain(identity.idNumber);
    expect(raw.rows[0]!.row).not.toContain(identity.phone);
    expect(JSON.stringify(verified.body)).not.toContain(identity.idNumber);

    const inv = await prisma().invitation.findUniqueOrThrow({ where: { id: payload.inv } });
    expect(inv.verifiedAt).not.toBeNull();
    const attempts = await prisma().verificationAttempt.findMany({ where: { invitationId: payload.inv } });
    expect(attempts.map((a) => a.status)).toEqual(['PASSED']);
    const events = await prisma().relationshipEvent.findMany({ where: { relationship: { customerId: c.customer.id } }, orderBy: { occurredAt: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'VERIFIED']); // the welcome-message invitation writes no INVITED event

    // Visible to the advisor at once; the code is single use; the page shows "done".
    const done = await t.http.get(`/api/customers/${c.customer.id}/verification-status`).set('Authorization', `Bearer ${bearer}`).expect(200);
    expect(done.body).toMatchObject({ verified: true, invitation: { status: 'VERIFIED' } });
    expect((await t.http.get(`/api/h5/invitations/${token}`).expect(200)).body.status).toBe('VERIFIED');
    const again = await t.http.post('/api/h5/verification').set(h5(session)).send({ ...identity, smsCode: code });
    expect(again.body.error.code).toBe('CUSTOMER_ALREADY_VERIFIED');
    // No conflict: the CRM owner is the follower.
    expect(await prisma().ownershipConflict.count({ where: { customerId: c.customer.id } })).toBe(0);
    // Re-inviting a verified customer is refused.
    expect((await t.http.post(`/api/customers/${c.customer.id}/invitations`).set('Authorization', `Bearer ${bearer}`)).status).toBe(409);
  });

  it('verified but not in the CRM: still verified, crm null', async () => {
    const r = await readyCustomer();
    const identity = newIdentity();
    const code = await smsCode(r.session, identity.phone);
    const res = await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: code }).expect(200);
    expect(res.body).toMatchObject({ status: 'VERIFIED', crmMatched: false });
    expect(await prisma().customer.findUniqueOrThrow({ where: { id: r.customer.id } })).toMatchObject({ crmNo: null, verifiedAt: expect.any(Date) });
  });

  it('CRM owner ≠ follower: ownership conflict row and a WeCom app message to the follower’s unit manager', async () => {
    const identity = newIdentity('王小明');
    const crmNo = await crmFor(identity, 'liuhai');
    const r = await readyCustomer();
    const before = sim().wecom.messages().length;
    const code = await smsCode(r.session, identity.phone);
    await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: code }).expect(200);
    const wangfang = await prisma().staff.findUniqueOrThrow({ where: { wecomUserId: 'wangfang' } });
    const liuhai = await prisma().staff.findUniqueOrThrow({ where: { wecomUserId: 'liuhai' } });
    const conflict = await prisma().ownershipConflict.findUniqueOrThrow({ where: { crmNo_followerStaffId: { crmNo, followerStaffId: wangfang.id } } });
    expect(conflict).toMatchObject({ customerId: r.customer.id, ownerStaffId: liuhai.id, resolvedAt: null });
    const sent = sim().wecom.messages().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ msgtype: 'textcard', touser: ['zhaomin'], invaliduser: [] });
    const card = JSON.stringify(sent[0]!.body);
    expect(card).toContain('王*明');
    expect(card).not.toContain(identity.idNumber);
  });

  it('form validation: GB 11643 checksum and mobile format in Chinese', async () => {
    const r = await readyCustomer();
    const bad = await t.http.post('/api/h5/verification').set(h5(r.session)).send({ name: '张三', idNumber: '110105198503027001', phone: '12345', smsCode: '12' });
    expect(bad.status).toBe(400);
    const messages = (bad.body.error.details as { path: string; message: string }[]).map((d) => d.message).join(' ');
    expect(messages).toContain('校验位');
    expect(messages).toContain('手机号');
    expect(JSON.stringify(bad.body)).not.toContain('110105198503027001');
  });

  it('mismatch: Chinese message, code used up, attempt recorded, nothing bound', async () => {
    const r = await readyCustomer();
    const identity = newIdentity();
    sim().idv.script({ idNumber: identity.idNumber, outcome: 'mismatch', mismatchFields: ['name'] });
    const code = await smsCode(r.session, identity.phone);
    const res = await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: code });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'IDV_MISMATCH', message: expect.stringContaining('不一致'), details: { fields: ['name'] } });
    expect((await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: code })).body.error.code).toBe('SMS_CODE_INVALID');
    expect((await prisma().verificationAttempt.findFirstOrThrow({ where: { openid: r.openid } })).status).toBe('MISMATCH');
    expect(await prisma().customer.findUniqueOrThrow({ where: { id: r.customer.id } })).toMatchObject({ verifiedAt: null, idNumberEnc: null });
  });

  it('provider unavailable: 503 with "nothing lost", the same code works on retry', async () => {
    const r = await readyCustomer();
    const identity = newIdentity();
    sim().idv.script({ idNumber: identity.idNumber, outcome: 'unavailable' });
    const code = await smsCode(r.session, identity.phone);
    const res = await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: code });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', message: '服务繁忙，请稍后重试，已填写的信息不会丢失' });
    sim().idv.script({ idNumber: identity.idNumber, outcome: 'pass' });
    await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: code }).expect(200);
    const statuses = (await prisma().verificationAttempt.findMany({ where: { openid: r.openid }, orderBy: { startedAt: 'asc' } })).map((a) => a.status);
    expect(statuses).toEqual(['UNAVAILABLE', 'PASSED']);
  });

  it('provider timeout → PROVIDER_UNAVAILABLE', async () => {
    const r = await readyCustomer();
    const identity = newIdentity();
    sim().idv.script({ idNumber: identity.idNumber, outcome: 'timeout' });
    const code = await smsCode(r.session, identity.phone);
    const res = await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: code });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('PROVIDER_UNAVAILABLE');
  }, 20_000);

  it('never logs names, ID numbers or phones', async () => {
    // The request logger is silent in tests; the service's own log lines carry ids only (checked by reading them).
    const lines: string[] = [];
    const logger = t.deps.logger;
    const spy = jest.spyOn(logger, 'child').mockImplementation((() => logger) as never);
    const info = jest.spyOn(logger, 'info').mockImplementation(((obj: unknown, msg?: string) => void lines.push(JSON.stringify(obj) + (msg ?? ''))) as never);
    const warn = jest.spyOn(logger, 'warn').mockImplementation(((obj: unknown, msg?: string) => void lines.push(JSON.stringify(obj) + (msg ?? ''))) as never);
    try {
      const r = await readyCustomer();
      const identity = newIdentity('赵六');
      const code = await smsCode(r.session, identity.phone);
      await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: code }).expect(200);
      const all = lines.join('\n');
      expect(all).not.toContain(identity.idNumber);
      expect(all).not.toContain(identity.phone);
      expect(all).not.toContain('赵六');
    } finally {
      spy.mockRestore();
      info.mockRestore();
      warn.mockRestore();
    }
  });
});
