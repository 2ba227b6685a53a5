import { createSimulator, type Simulator } from '@pfs/simulator';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { h5, h5Flow, newIdentity as identity } from '../../../test/helpers/h5-flow';
import { tencentCalls, tencentEnv } from '../../../test/helpers/tencent-cloud';
import { sealIdNumber } from '../../lib/pii';

// The face check (IDV_LEVEL=face): POST /api/h5/verification answers REDIRECT to the provider's page, and
// GET /api/h5/verification/return (complete-face-check.ts) applies the verdict when the browser comes back — through
// Tencent Cloud FaceID (a second simulator standing in for it) and through the simulator's own IDV provider.
let tc: Simulator;
let tcBase: string;
beforeAll(async () => {
  tc = createSimulator({ timeScale: 0.01 });
  tcBase = (await tc.listen(0)).baseUrl;
});
afterAll(() => tc.close());
const env = (level: 'three_element' | 'face') => tencentEnv(tc, tcBase, level);
const calls = () => tencentCalls(tc);
const newIdentity = (name = '周杰') => identity(name, 500);

/** The flow up to the form on app `t` (h5-flow.ts), and the browser's return from the face-check page. */
function flow(get: () => TestApp, smsSim: () => Simulator = () => tc) {
  const f = h5Flow(get, { smsCodeOf: (phone) => smsSim().control.sms.lastCode(phone) });
  /** Follows a 302 from the BFF (given as a public URL) and returns the verify page's parameters. */
  async function returnFromFace(returnUrl: string): Promise<URLSearchParams> {
    expect(returnUrl.startsWith(`${f.publicBase()}/api/h5/verification/return?BizToken=`)).toBe(true);
    const res = await f.fetchPublic(returnUrl);
    expect(res.status).toBe(302);
    return f.pageParams(res.headers.get('location')!);
  }
  return { ...f, returnFromFace };
}

describe('face check through Tencent Cloud FaceID (IDV_LEVEL=face)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ platform: true, listen: true, env: env('face') });
  });
  afterAll(() => t.close());
  beforeEach(() => tc.control.reset());
  const f = flow(() => t);
  const prisma = () => t.deps.db.prisma;

  /** POST /verification → REDIRECT; the browser on FaceID's page, which sends it back to the return URL. */
  async function faceCheck(session: string, who: ReturnType<typeof newIdentity>, code: string): Promise<string> {
    const res = await t.http.post('/api/h5/verification').set(h5(session)).send({ ...who, smsCode: code });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'REDIRECT', url: expect.stringMatching(new RegExp(`^${tcBase}/idv/h5/verify\\?BizToken=[0-9A-F-]{36}$`)) });
    const page = await fetch(res.body.url as string, { redirect: 'manual' });
    expect(page.status).toBe(302);
    return page.headers.get('location')!;
  }

  it('SMS code → DetectAuth → face page → return: verified, bound, encrypted, audited; reloading the return is idempotent', async () => {
    const r = await f.readyCustomer();
    const who = newIdentity('林涛');
    const code = await f.smsCode(r.session, who.phone);
    const returnUrl = await faceCheck(r.session, who, code);
    // Until the return, nothing is decided; the attempt waits with its BizToken.
    const started = await prisma().verificationAttempt.findFirstOrThrow({ where: { invitationId: r.invitationId } });
    expect(started).toMatchObject({ provider: 'tencentcloud-faceid-face', status: 'STARTED', providerRef: new URL(returnUrl).searchParams.get('BizToken') });
    expect((await prisma().customer.findUniqueOrThrow({ where: { id: r.customer.id } })).verifiedAt).toBeNull();

    const page = await f.returnFromFace(returnUrl);
    expect(page.get('t')).toBe(r.token);
    expect(page.get('error')).toBeNull();
    const session = page.get('s')!;
    expect(session).toBeTruthy();
    // The verify page, opened with the new session, shows "done".
    expect((await t.http.get(`/api/h5/invitations/${r.token}`).set(h5(session)).expect(200)).body).toMatchObject({ status: 'VERIFIED', needsLogin: false });

    const customer = await prisma().customer.findUniqueOrThrow({ where: { id: r.customer.id } });
    expect(customer).toMatchObject({ openid: r.openid, verifiedAt: expect.any(Date), idNumberMasked: `${who.idNumber.slice(0, 4)}**********${who.idNumber.slice(-4)}` });
    expect(customer.idNumberHash).toBe(sealIdNumber(t.deps.piiKeys, who.idNumber).hash);
    const raw = await t.deps.db.sql.query<{ row: string }>(`SELECT row_to_json(c)::text AS row FROM customer c WHERE id = $1`, [r.customer.id]);
    expect(raw.rows[0]!.row).not.toContain(who.idNumber);
    expect(raw.rows[0]!.row).not.toContain(who.phone);
    expect((await prisma().verificationAttempt.findMany({ where: { invitationId: r.invitationId } })).map((a) => a.status)).toEqual(['PASSED']);
    const events = await prisma().relationshipEvent.findMany({ where: { relationship: { customerId: r.customer.id } } });
    expect(events.map((e) => e.type).sort()).toEqual(['ADDED', 'VERIFIED']);
    const audits = () => prisma().auditLog.findMany({ where: { action: 'customer.verify', entityId: r.invitationId } });
    expect((await audits()).map((a) => a.detail)).toEqual([{ crmMatched: false, level: 'face' }]);
    expect(calls()).toEqual(['SendSms', 'DetectAuth', 'GetDetectInfoEnhanced']);

    // Reload: the same outcome, FaceID is not asked again, nothing is written twice.
    const again = await f.returnFromFace(returnUrl);
    expect([again.get('t'), again.get('error'), Boolean(again.get('s'))]).toEqual([r.token, null, true]);
    expect(calls()).toEqual(['SendSms', 'DetectAuth', 'GetDetectInfoEnhanced']);
    expect(await audits()).toHaveLength(1);
    expect(await prisma().verificationAttempt.count({ where: { invitationId: r.invitationId } })).toBe(1);
    // Done: the form is refused from now on.
    expect((await t.http.post('/api/h5/verification').set(h5(session)).send({ ...who, smsCode: code })).body.error.code).toBe('CUSTOMER_ALREADY_VERIFIED');
  });

  it('face mismatch: back on the page with error=IDV_MISMATCH, the attempt recorded, nothing bound; a reload says the same', async () => {
    const r = await f.readyCustomer();
    const who = newIdentity();
    tc.control.idv.script({ idNumber: who.idNumber, outcome: 'mismatch', mismatchFields: ['name'] });
    const returnUrl = await faceCheck(r.session, who, await f.smsCode(r.session, who.phone));
    const page = await f.returnFromFace(returnUrl);
    expect([page.get('t'), page.get('error'), page.get('s')]).toEqual([r.token, 'IDV_MISMATCH', null]);
    expect(await prisma().verificationAttempt.findFirstOrThrow({ where: { invitationId: r.invitationId } })).toMatchObject({ status: 'MISMATCH', completedAt: expect.any(Date) });
    expect(await prisma().customer.findUniqueOrThrow({ where: { id: r.customer.id } })).toMatchObject({ verifiedAt: null, idNumberEnc: null });
    expect((await f.returnFromFace(returnUrl)).get('error')).toBe('IDV_MISMATCH');
    expect(calls().filter((c) => c.startsWith('GetDetectInfoEnhanced'))).toHaveLength(1);
  });

  it('FaceID down when the customer returns: error=PROVIDER_UNAVAILABLE, the check stays open, a reload later verifies', async () => {
    const r = await f.readyCustomer();
    const who = newIdentity();
    const returnUrl = await faceCheck(r.session, who, await f.smsCode(r.session, who.phone));
    tc.control.tencentcloud.failNext('GetDetectInfoEnhanced', { code: 'InternalError' }, 3);
    expect((await f.returnFromFace(returnUrl)).get('error')).toBe('PROVIDER_UNAVAILABLE');
    expect((await prisma().verificationAttempt.findFirstOrThrow({ where: { invitationId: r.invitationId } })).status).toBe('STARTED');
    const page = await f.returnFromFace(returnUrl);
    expect([page.get('error'), Boolean(page.get('s'))]).toEqual([null, true]);
    expect(calls().filter((c) => c.startsWith('GetDetectInfoEnhanced'))).toEqual([...Array(3).fill('GetDetectInfoEnhanced:InternalError'), 'GetDetectInfoEnhanced']);
  });

  it('DetectAuth unavailable: 503 with nothing lost (the code still works); a forged BizToken leads to INVITATION_INVALID', async () => {
    const r = await f.readyCustomer();
    const who = newIdentity();
    tc.control.idv.script({ idNumber: who.idNumber, outcome: 'unavailable' });
    const code = await f.smsCode(r.session, who.phone);
    const down = await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...who, smsCode: code });
    expect([down.status, down.body.error.code]).toEqual([503, 'PROVIDER_UNAVAILABLE']);
    expect(calls()).toEqual(['SendSms', ...Array(3).fill('DetectAuth:InternalError')]);
    tc.control.idv.clearScripts();
    expect(await faceCheck(r.session, who, code)).toContain('BizToken=');

    const forged = await fetch(`${t.baseUrl}/api/h5/verification/return?BizToken=6D3B2A10-0000-4000-8000-000000000000`, { redirect: 'manual' });
    expect(forged.status).toBe(302);
    expect(new URLSearchParams(forged.headers.get('location')!.split('?')[1]).get('error')).toBe('INVITATION_INVALID');
  });
});

describe('face check through the simulator’s own IDV provider (no Tencent Cloud credentials)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ platform: true, listen: true, env: { H5_RATE_LIMIT_PER_MINUTE: '1000', IDV_LEVEL: 'face' } });
  });
  afterAll(() => t.close());
  const f = flow(
    () => t,
    () => t.simulator!,
  );

  it('the same REDIRECT and return route: verified', async () => {
    const r = await f.readyCustomer();
    const who = newIdentity();
    const code = await f.smsCode(r.session, who.phone);
    const res = await t.http.post('/api/h5/verification').set(h5(r.session)).send({ ...who, smsCode: code }).expect(200);
    expect(res.body).toEqual({ status: 'REDIRECT', url: expect.stringContaining('/idv/h5/verify?BizToken=') });
    const page = await fetch(res.body.url as string, { redirect: 'manual' });
    const back = await f.returnFromFace(page.headers.get('location')!);
    expect([back.get('t'), back.get('error'), Boolean(back.get('s'))]).toEqual([r.token, null, true]);
    expect(await t.deps.db.prisma.verificationAttempt.findFirstOrThrow({ where: { invitationId: r.invitationId } })).toMatchObject({ provider: 'sim-idv', status: 'PASSED' });
    expect((await t.deps.db.prisma.customer.findUniqueOrThrow({ where: { id: r.customer.id } })).verifiedAt).toEqual(expect.any(Date));
  });
});
