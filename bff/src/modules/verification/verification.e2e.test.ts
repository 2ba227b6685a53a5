import type { CustomerProfile } from '@pfs/shared';
import { makeIdNumber } from '../demo-data/identity-numbers';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { eventually } from '../../../test/helpers/test-env';
import { sealIdNumber, sealPhone } from '../../lib/pii';
import { invitationLinksFrom } from '../invitations/invitation-links';
import { signInvitationToken, verifyInvitationToken } from '../invitations/invitation-token';
import { issueInvitation } from '../invitations/invitations.service';

// The customer's whole path through the simulator: a WeCom add → welcome message with the invitation link → the
// H5 endpoints (open, WeChat OAuth via the simulator's authorize redirect, consent, SMS code, verification).
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ platform: true, listen: true, env: { H5_RATE_LIMIT_PER_MINUTE: '1000', TRUST_PROXY: 'true' } });
});
afterAll(() => t.close());

const sim = () => t.simulator!.control;
const prisma = () => t.deps.db.prisma;
const base = () => t.baseUrl!;
const publicBase = () => t.deps.config.PUBLIC_BASE_URL;

let seq = 0;
const birth = new Date('1985-03-02T00:00:00Z');
function newIdentity(name = '张三') {
  seq += 1;
  return { name, idNumber: makeIdNumber('110105', birth, 700 + seq), phone: `139${String(10_000_000 + seq * 7919).slice(-8)}` };
}

/** A CRM record for the identity (owner: a wecom user id), as the head-office CRM import would have left it. */
async function crmFor(identity: { idNumber: string; phone: string; name: string }, ownerWecomUserId: string) {
  const owner = await prisma().staff.findUniqueOrThrow({ where: { wecomUserId: ownerWecomUserId } });
  const id = sealIdNumber(t.deps.piiKeys, identity.idNumber);
  const ph = sealPhone(t.deps.piiKeys, identity.phone);
  const crmNo = `T${Date.now()}${seq}`;
  await prisma().crmCustomer.create({
    data: {
      crmNo,
      name: identity.name,
      idNumberEnc: id.enc,
      idNumberHash: id.hash,
      idNumberMasked: id.masked,
      phoneEnc: ph.enc,
      phoneHash: ph.hash,
      phoneMasked: ph.masked,
      piiKeyId: t.deps.piiKeys.keyId,
      aumFen: 1_000_000_00n,
      riskLevel: 3,
      tags: [],
      ownerStaffId: owner.id,
    },
  });
  return crmNo;
}

/** The simulator customer adds the advisor; resolves once the welcome message (with the invitation link) went out. */
async function customerAdds(userId = 'wangfang', name = '微信客户') {
  const added = sim().wecom.customerAddsAdvisor({ userId, name, state: 'qr_test' });
  await added.delivered;
  const welcome = await eventually('welcome message', async () => sim().wecom.welcomeMessages().find((w) => w.externalUserId === added.externalUserId));
  const customer = await prisma().customer.findUniqueOrThrow({ where: { externalUserId: added.externalUserId } });
  return { externalUserId: added.externalUserId, welcome, customer };
}

function tokenOfUrl(url: string): string {
  const t = new URLSearchParams(url.split('?')[1] ?? '').get('t');
  if (!t) throw new Error(`no token in ${url}`);
  return t;
}

function pageParams(location: string): URLSearchParams {
  expect(location.startsWith(`${publicBase()}/#/verify/pages/index?`)).toBe(true);
  return new URLSearchParams(location.split('?')[1]);
}

/** start → simulator authorize → callback, following the 302s; returns the final page's query. */
async function oauth(token: string, simUser: string, extra: Record<string, string> = {}): Promise<URLSearchParams> {
  const start = await fetch(`${base()}/api/h5/oauth/start?${new URLSearchParams({ t: token, sim_user: simUser, ...extra })}`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const authorize = start.headers.get('location')!;
  if (authorize.startsWith(publicBase())) return pageParams(authorize);
  expect(authorize).toContain('/open-weixin/connect/oauth2/authorize?');
  expect(authorize).toContain('scope=snsapi_');
  expect(authorize).toMatch(/#wechat_redirect$/);
  const back = await fetch(authorize, { redirect: 'manual' });
  expect(back.status).toBe(302);
  const callback = back.headers.get('location')!;
  expect(callback.startsWith(`${publicBase()}/api/h5/oauth/callback?`)).toBe(true);
  const done = await fetch(`${base()}${callback.slice(publicBase().length)}`, { redirect: 'manual' });
  expect(done.status).toBe(302);
  return pageParams(done.headers.get('location')!);
}

const h5 = (session: string) => ({ Authorization: `H5 ${session}` });

async function consent(session: string) {
  const text = await t.http.get('/api/h5/consent').expect(200);
  await t.http.post('/api/h5/consent').set(h5(session)).set('User-Agent', 'jest MicroMessenger').send({ version: text.body.version }).expect(201);
}

async function smsCode(session: string, phone: string): Promise<string> {
  const r = await t.http.post('/api/h5/sms-codes').set(h5(session)).send({ phone });
  expect(r.status).toBe(201);
  expect(r.body.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
  return sim().sms.lastCode(phone)!;
}

/** A customer who added wangfang and went through OAuth and consent: ready for the form. */
async function readyCustomer(opts: { consent?: boolean } = {}) {
  const c = await customerAdds();
  const token = tokenOfUrl((c.welcome.attachments[0] as { link: { url: string } }).link.url);
  const openid = `o_test_${c.externalUserId.slice(-10)}`;
  const page = await oauth(token, openid);
  const session = page.get('s')!;
  expect(session).toBeTruthy();
  if (opts.consent !== false) await consent(session);
  return { ...c, token, openid, session };
}

describe('real-name verification through the simulator', () => {
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
    expect(page.get('t')).toBe(token);
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

  it('forged, altered, foreign, expired and revoked tokens are refused', async () => {
    const c = await customerAdds();
    const other = await customerAdds();
    const links = invitationLinksFrom(t.deps.config);
    const token = tokenOfUrl((c.welcome.attachments[0] as { link: { url: string } }).link.url);
    const payload = verifyInvitationToken(links.signingKey, token)!;
    const code = async (tk: string) => (await t.http.get(`/api/h5/invitations/${tk}`)).body.error?.code as string | undefined;

    // Forged with another key; altered payload; the signature of one invitation on another customer's payload.
    expect(await code(signInvitationToken(Buffer.alloc(32, 1), payload))).toBe('INVITATION_INVALID');
    const [body, sig] = token.split('.') as [string, string];
    const altered = Buffer.from(JSON.stringify({ ...payload, c: other.customer.id })).toString('base64url');
    expect(await code(`${altered}.${sig}`)).toBe('INVITATION_INVALID');
    expect(await code(`${body}.${sig.slice(0, -2)}AA`)).toBe('INVITATION_INVALID');
    expect(await code(signInvitationToken(links.signingKey, { ...payload, c: other.customer.id }))).toBe('INVITATION_INVALID');
    expect((await t.http.get(`/api/h5/invitations/${token}`)).status).toBe(200);

    // Re-issued by the advisor: the earlier link is revoked.
    const bearer = await t.tokenFor('wangfang');
    const reissued = await t.http.post(`/api/customers/${c.customer.id}/invitations`).set('Authorization', `Bearer ${bearer}`).expect(201);
    expect(reissued.body).toMatchObject({ invitationId: expect.any(String), url: expect.stringContaining('/#/verify/pages/index?t='), card: { title: expect.any(String), link: reissued.body.url } });
    const invited = await prisma().relationshipEvent.findMany({ where: { relationship: { customerId: c.customer.id }, type: 'INVITED' } });
    expect(invited.map((e) => e.detail)).toEqual([{ invitationId: reissued.body.invitationId }]);
    const revoked = await t.http.get(`/api/h5/invitations/${token}`);
    expect(revoked.status).toBe(410);
    expect(revoked.body.error).toMatchObject({ code: 'INVITATION_REVOKED', message: expect.stringContaining('失效') });
    expect((await t.http.get(`/api/h5/invitations/${tokenOfUrl(reissued.body.url)}`)).status).toBe(200);
    // The OAuth start of a revoked link goes back to the page with the error.
    expect((await oauth(token, 'o_revoked')).get('error')).toBe('INVITATION_REVOKED');

    // Expired.
    const wangfang = await prisma().staff.findUniqueOrThrow({ where: { wecomUserId: 'wangfang' } });
    const old = await issueInvitation(prisma(), links, { customerId: other.customer.id, staffId: wangfang.id, advisorName: '王芳', now: new Date(Date.now() - 8 * 86_400_000) });
    const expired = await t.http.get(`/api/h5/invitations/${tokenOfUrl(old.url)}`);
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('INVITATION_EXPIRED');
  });

  it('only the follower can invite; status is scoped', async () => {
    const c = await customerAdds();
    const other = await t.tokenFor('zhaomin'); // same unit, not the follower
    expect((await t.http.post(`/api/customers/${c.customer.id}/invitations`).set('Authorization', `Bearer ${other}`)).status).toBe(404);
    const outsider = await t.tokenFor('liuhai'); // manager of another branch
    expect((await t.http.get(`/api/customers/${c.customer.id}/verification-status`).set('Authorization', `Bearer ${outsider}`)).status).toBe(404);
    expect((await t.http.get(`/api/customers/${c.customer.id}/verification-status`).set('Authorization', `Bearer ${other}`)).status).toBe(200);
    expect((await t.http.post(`/api/customers/${c.customer.id}/invitations`)).status).toBe(401);
  });

  it('a snapshot (Moments preview) user is never bound; a link opened by one WeChat user refuses another', async () => {
    const c = await customerAdds();
    const token = tokenOfUrl((c.welcome.attachments[0] as { link: { url: string } }).link.url);
    const snap = await oauth(token, 'o_snapshot_person', { scope: 'snsapi_userinfo', sim_snapshot: '1' });
    expect(snap.get('error')).toBe('WECHAT_AUTH_REQUIRED');
    expect(snap.get('s')).toBeNull();
    const inv = verifyInvitationToken(t.deps.config.invitationSigningKey, token)!.inv;
    expect((await prisma().invitation.findUniqueOrThrow({ where: { id: inv } })).openid).toBeNull();

    expect((await oauth(token, 'o_first_user')).get('s')).toBeTruthy();
    expect((await oauth(token, 'o_first_user')).get('s')).toBeTruthy(); // the same person again is fine
    expect((await oauth(token, 'o_second_user')).get('error')).toBe('INVITATION_INVALID');
  });

  it('H5 calls need the session; consent can be withdrawn and is then required again', async () => {
    const r = await readyCustomer();
    expect((await t.http.post('/api/h5/sms-codes').send({ phone: '13900000001' })).body.error.code).toBe('H5_SESSION_REQUIRED');
    expect((await t.http.post('/api/h5/consent').set(h5(r.session)).send({ version: 'old' })).status).toBe(400);
    const w = await t.http.post('/api/h5/consent/withdraw').set(h5(r.session)).expect(200);
    expect(w.body.withdrawnAt).toEqual(expect.any(String));
    expect((await prisma().consentRecord.findFirstOrThrow({ where: { openid: r.openid } })).withdrawnAt).not.toBeNull();
    const identity = newIdentity();
    expect((await t.http.post('/api/h5/sms-codes').set(h5(r.session)).send({ phone: identity.phone })).body.error.code).toBe('CONSENT_REQUIRED');
    expect((await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: '123456' })).body.error.code).toBe('CONSENT_REQUIRED');
  });

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

  it('form validation: GB 11643 checksum and mobile format in Chinese', async () => {
    const r = await readyCustomer();
    const bad = await t.http.post('/api/h5/verification').set(h5(r.session)).send({ name: '张三', idNumber: '110105198503027001', phone: '12345', smsCode: '12' });
    expect(bad.status).toBe(400);
    const messages = (bad.body.error.details as { path: string; message: string }[]).map((d) => d.message).join(' ');
    expect(messages).toContain('校验位');
    expect(messages).toContain('手机号');
    expect(JSON.stringify(bad.body)).not.toContain('110105198503027001');
  });

  it('SMS codes: wrong code, burnt after 5 wrong tries, single use; sends limited per phone', async () => {
    const r = await readyCustomer();
    const identity = newIdentity();
    const code = await smsCode(r.session, identity.phone);
    // 1 per minute per phone.
    const second = await t.http.post('/api/h5/sms-codes').set(h5(r.session)).send({ phone: identity.phone });
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(second.headers['retry-after']).toBeDefined();

    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 1; i <= 4; i++) {
      const res = await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: wrong });
      expect(res.body.error.code).toBe('SMS_CODE_INVALID');
      expect(res.body.error.message).toContain(`${5 - i}次`);
    }
    expect((await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: wrong })).body.error.code).toBe('TOO_MANY_ATTEMPTS');
    // Burnt: even the right code no longer works.
    expect((await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...identity, smsCode: code })).body.error.code).toBe('SMS_CODE_INVALID');
    expect(await prisma().verificationAttempt.count({ where: { openid: r.openid } })).toBe(0);
  });

  it('SMS sends limited per openid (10/day)', async () => {
    const r = await readyCustomer();
    for (let i = 0; i < 10; i++) await smsCode(r.session, newIdentity().phone);
    const over = await t.http.post('/api/h5/sms-codes').set(h5(r.session)).send({ phone: newIdentity().phone });
    expect(over.status).toBe(429);
    expect(over.body.error.message).toContain('今日');
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
