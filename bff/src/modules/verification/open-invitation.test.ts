import { flipLastLowBit } from '../../../test/helpers/tamper';
import { invitationLinksFrom } from '../invitations/invitation-links';
import { signInvitationToken, verifyInvitationToken } from '../invitations/invitation-token';
import { issueInvitation } from '../invitations/invitations.service';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { h5Flow, tokenOfUrl } from '../../../test/helpers/h5-flow';

// GET /api/h5/invitations/:token: the customer opens the link; a link that is not exactly one the bank signed, or
// one that was re-issued or expired, is refused.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ platform: true, listen: true, env: { H5_RATE_LIMIT_PER_MINUTE: '1000', TRUST_PROXY: 'true' } });
});
afterAll(() => t.close());
const { prisma, customerAdds, oauth } = h5Flow(() => t);

describe('opening the invitation', () => {
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

  it('a token whose signature’s last character had its low bits flipped is refused (non-canonical base64url)', async () => {
    const c = await customerAdds();
    const [body, sig] = c.token.split('.') as [string, string];
    const altered = `${body}.${flipLastLowBit(sig, 'base64url')}`;
    expect(Buffer.from(altered.split('.')[1]!, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    const res = await t.http.get(`/api/h5/invitations/${altered}`);
    expect([res.status, res.body.error.code]).toEqual([400, 'INVITATION_INVALID']);
    expect((await t.http.get(`/api/h5/invitations/${c.token}`)).status).toBe(200);
  });
});
