import { makeIdNumber } from '../src/modules/demo-data/identity-numbers';
import { sealIdNumber, sealPhone } from '../src/lib/pii';
import { captureLog } from './helpers/capture-log';
import { createTestApp, type TestApp } from './helpers/test-app';
import { eventually } from './helpers/test-env';

/**
 * Issue 13 §2.3: a whole butler flow, through HTTP only, with the production logger at trace level. Nothing
 * personal or secret may be in what it wrote: ID number, mobile, name, link token, H5 session, SMS code,
 * external_userid, openid, or a request body.
 */
const log = captureLog('trace');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ platform: true, listen: true, logger: log.logger, env: { H5_RATE_LIMIT_PER_MINUTE: '1000', LOG_LEVEL: 'trace' } });
});
afterAll(() => t.close());

const identity = { name: '韩梅梅', idNumber: makeIdNumber('110105', new Date('1986-04-05T00:00:00Z'), 731), phone: '13971234568' };

/** Follows 302s like a browser (cookies included) until the answer is no redirect or leaves this BFF. */
async function follow(url: string): Promise<string> {
  const cookies = new Map<string, string>();
  let next = url;
  for (let hop = 0; hop < 8; hop++) {
    const res = await fetch(next, { redirect: 'manual', headers: cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {} });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = (pair ?? '').split('=');
      if (k) cookies.set(k.trim(), v.join('='));
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) throw new Error(`OAuth walk stopped at ${res.status}`);
    const publicBase = t.deps.config.PUBLIC_BASE_URL;
    if (location.startsWith(`${publicBase}/api/`)) next = `${t.baseUrl}${location.slice(publicBase.length)}`;
    else if (location.startsWith(publicBase)) return location;
    else next = location;
  }
  throw new Error('too many redirects');
}

it('a butler flow logs no personal data, token, identifier or body', async () => {
  const prisma = t.deps.db.prisma;
  const owner = await prisma.staff.findUniqueOrThrow({ where: { wecomUserId: 'wangfang' } });
  const id = sealIdNumber(t.deps.piiKeys, identity.idNumber);
  const ph = sealPhone(t.deps.piiKeys, identity.phone);
  await prisma.crmCustomer.create({
    data: { crmNo: 'LOG0001', name: identity.name, idNumberEnc: id.enc, idNumberHash: id.hash, idNumberMasked: id.masked, phoneEnc: ph.enc, phoneHash: ph.hash, phoneMasked: ph.masked, piiKeyId: t.deps.piiKeys.keyId, aumFen: 80_000_000n, riskLevel: 3, tags: [], ownerStaffId: owner.id },
  });
  log.clear();

  // The simulator's customer adds the advisor; the welcome message carries the invitation link.
  const sim = t.simulator!.control;
  const added = sim.wecom.customerAddsAdvisor({ userId: 'wangfang', name: '微信客户', state: 'qr_log' });
  await added.delivered;
  const welcome = await eventually('welcome message', async () => sim.wecom.welcomeMessages().find((w) => w.externalUserId === added.externalUserId));
  const link = (welcome.attachments[0] as { link: { url: string } }).link.url;
  const token = new URLSearchParams(link.split('?')[1]).get('t')!;
  expect(token).toBeTruthy();

  // The customer: open, WeChat OAuth, consent, SMS code, verification.
  expect((await t.http.get(`/api/h5/invitations/${token}`)).status).toBe(200);
  const openid = `o_log_${added.externalUserId.slice(-8)}`;
  const page = await follow(`${t.baseUrl}/api/h5/oauth/start?${new URLSearchParams({ t: token, sim_user: openid })}`);
  const session = new URLSearchParams(page.split('?')[1]).get('s')!;
  expect(session).toBeTruthy();
  const h5 = { authorization: `H5 ${session}` };
  const consent = await t.http.get('/api/h5/consent');
  expect((await t.http.post('/api/h5/consent').set(h5).send({ version: consent.body.version })).status).toBe(201);
  expect((await t.http.post('/api/h5/sms-codes').set(h5).send({ phone: identity.phone })).status).toBe(201);
  const smsCode = sim.sms.lastCode(identity.phone)!;
  const verified = await t.http.post('/api/h5/verification').set(h5).send({ ...identity, smsCode });
  expect(verified.body).toMatchObject({ status: 'VERIFIED' });
  // A wrong code and a bad body are logged as refusals, without their content.
  await t.http.post('/api/h5/verification').set(h5).send({ ...identity, smsCode: '000000' });
  await t.http.post('/api/h5/sms-codes').set(h5).send({ phone: `${identity.phone}x`, extra: identity.idNumber });

  // The advisor: profile by external id, the list, a search by phone.
  const bearer = { authorization: `Bearer ${await t.tokenFor('wangfang')}` };
  const customer = await prisma.customer.findUniqueOrThrow({ where: { externalUserId: added.externalUserId } });
  expect((await t.http.get(`/api/customers/by-external/${added.externalUserId}`).set(bearer)).status).toBe(200);
  expect((await t.http.get(`/api/customers/${customer.id}/profile`).set(bearer)).status).toBe(200);
  expect((await t.http.get('/api/customers').query({ q: identity.phone }).set(bearer)).status).toBe(200);
  expect((await t.http.get('/api/customers').query({ q: identity.phone.slice(-4) }).set(bearer)).status).toBe(200);
  await eventually('the welcome job logged', async () => log.lines.some((l) => l.includes('wecom event processed')) || undefined);

  const text = log.lines.join('\n');
  // One access line per request of the flow above (thirteen or more, with the OAuth hops), plus whatever the routes and the worker wrote.
  expect(log.lines.filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(12);
  expect(text).toContain('/api/h5/invitations/:token');
  const forbidden: Record<string, string> = {
    'ID number': identity.idNumber,
    mobile: identity.phone,
    name: identity.name,
    'link token': token,
    'token signature': token.split('.')[1]!,
    'H5 session': session,
    'SMS code': smsCode,
    external_userid: added.externalUserId,
    openid,
    'a request body': '"smsCode"',
  };
  for (const [what, value] of Object.entries(forbidden)) {
    const line = log.lines.find((l) => l.includes(value));
    expect({ what, line }).toEqual({ what, line: undefined });
  }
  // Identifiers passed to the logger by name still correlate, as a keyed hash.
  log.logger.info({ externalUserId: added.externalUserId }, 'probe');
  expect(log.lines[log.lines.length - 1]).toMatch(/"externalUserId":"h:[0-9a-f]{16}"/);
});
