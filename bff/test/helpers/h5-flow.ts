import { makeIdNumber } from '../../src/modules/demo-data/identity-numbers';
import { sealIdNumber, sealPhone } from '../../src/lib/pii';
import { verifyInvitationToken } from '../../src/modules/invitations/invitation-token';
import type { TestApp } from './test-app';
import { eventually } from './test-env';

// The customer's H5 path through the simulator, for the verification module's tests: a WeCom add → the welcome
// message with the invitation link → the WeChat login (start → the simulator's authorize page → callback, carrying
// the browser's login cookie like a browser would) → consent → SMS code.

export const h5 = (session: string) => ({ Authorization: `H5 ${session}` });

let seq = 0;
const birth = new Date('1985-03-02T00:00:00Z');
/** A made-up person nobody else in the run uses (`base` keeps different files' people apart). */
export function newIdentity(name = '张三', base = 700) {
  seq += 1;
  return { name, idNumber: makeIdNumber('110105', birth, base + seq), phone: `139${String(10_000_000 + (base + seq) * 7919).slice(-8)}` };
}

export function tokenOfUrl(url: string): string {
  const t = new URLSearchParams(url.split('?')[1] ?? '').get('t');
  if (!t) throw new Error(`no token in ${url}`);
  return t;
}

/** The browser's login cookie from /oauth/start (`name=value`), or '' when none was set. */
export function loginCookieOf(res: Response): string {
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

export function h5Flow(get: () => TestApp, opts: { smsCodeOf?: (phone: string) => string | undefined } = {}) {
  const t = () => get();
  const sim = () => t().simulator!.control;
  const prisma = () => t().deps.db.prisma;
  const base = () => t().baseUrl!;
  const publicBase = () => t().deps.config.PUBLIC_BASE_URL;

  function pageParams(location: string): URLSearchParams {
    expect(location.startsWith(`${publicBase()}/#/verify/pages/index?`)).toBe(true);
    return new URLSearchParams(location.split('?')[1]);
  }

  /** A request to the app by the public URL the BFF or the simulator redirected to. */
  const fetchPublic = (url: string, init: RequestInit = {}) => fetch(`${base()}${url.slice(publicBase().length)}`, { redirect: 'manual', ...init });

  /** A CRM record for the identity (owner: a wecom user id), as the head-office CRM import would have left it. */
  async function crmFor(identity: { idNumber: string; phone: string; name: string }, ownerWecomUserId: string) {
    const owner = await prisma().staff.findUniqueOrThrow({ where: { wecomUserId: ownerWecomUserId } });
    const id = sealIdNumber(t().deps.piiKeys, identity.idNumber);
    const ph = sealPhone(t().deps.piiKeys, identity.phone);
    const crmNo = `T${Date.now()}${(seq += 1)}`;
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
        piiKeyId: t().deps.piiKeys.keyId,
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
    const token = tokenOfUrl((welcome.attachments[0] as { link: { url: string } }).link.url);
    const invitationId = verifyInvitationToken(t().deps.config.invitationSigningKey, token)!.inv;
    return { externalUserId: added.externalUserId, welcome, customer, token, invitationId };
  }

  /** /oauth/start: the 302 to the authorize page (or back to the page) and the browser's login cookie. */
  async function startLogin(token: string, simUser: string, extra: Record<string, string> = {}, cookie = '') {
    const res = await fetch(`${base()}/api/h5/oauth/start?${new URLSearchParams({ t: token, sim_user: simUser, ...extra })}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    expect(res.status).toBe(302);
    return { location: res.headers.get('location')!, cookie: loginCookieOf(res) || cookie };
  }

  /** The simulator's authorize page: the callback URL (public) it sends the browser to. */
  async function authorize(authorizeUrl: string): Promise<string> {
    expect(authorizeUrl).toContain('/open-weixin/connect/oauth2/authorize?');
    expect(authorizeUrl).toContain('scope=snsapi_');
    expect(authorizeUrl).toMatch(/#wechat_redirect$/);
    const back = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(back.status).toBe(302);
    const callback = back.headers.get('location')!;
    expect(callback.startsWith(`${publicBase()}/api/h5/oauth/callback?`)).toBe(true);
    return callback;
  }

  /** The callback as this browser (its login cookie); returns the verify page's query. */
  async function callback(callbackUrl: string, cookie: string): Promise<URLSearchParams> {
    const done = await fetchPublic(callbackUrl, { headers: cookie ? { cookie } : {} });
    expect(done.status).toBe(302);
    return pageParams(done.headers.get('location')!);
  }

  /** start → simulator authorize → callback, following the 302s like one browser; returns the final page's query. */
  async function oauth(token: string, simUser: string, extra: Record<string, string> = {}): Promise<URLSearchParams> {
    const start = await startLogin(token, simUser, extra);
    if (start.location.startsWith(publicBase())) return pageParams(start.location);
    return callback(await authorize(start.location), start.cookie);
  }

  async function consent(session: string) {
    const text = await t().http.get('/api/h5/consent').expect(200);
    await t().http.post('/api/h5/consent').set(h5(session)).set('User-Agent', 'jest MicroMessenger').send({ version: text.body.version }).expect(201);
  }

  async function smsCode(session: string, phone: string): Promise<string> {
    const r = await t().http.post('/api/h5/sms-codes').set(h5(session)).send({ phone });
    expect(r.status).toBe(201);
    expect(r.body.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    return (opts.smsCodeOf ?? ((p: string) => sim().sms.lastCode(p)))(phone)!;
  }

  /** A customer who added wangfang and went through the WeChat login and consent: ready for the form. */
  async function readyCustomer(o: { consent?: boolean } = {}) {
    const c = await customerAdds();
    const openid = `o_test_${c.externalUserId.slice(-10)}`;
    const page = await oauth(c.token, openid);
    const session = page.get('s')!;
    expect(session).toBeTruthy();
    if (o.consent !== false) await consent(session);
    return { ...c, openid, session };
  }

  return { sim, prisma, base, publicBase, pageParams, fetchPublic, crmFor, customerAdds, startLogin, authorize, callback, oauth, consent, smsCode, readyCustomer };
}
