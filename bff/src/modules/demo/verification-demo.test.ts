import * as z from 'zod/mini';
import { demoCrmIdentitySchema, demoSmsMessageSchema } from '@pfs/shared';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { sealIdNumber, sealPhone } from '../../lib/pii';
import { makeIdNumber } from '../demo-data/identity-numbers';
import { SignedSmsProvider } from '../verification/providers';

// The customer's side of the demo panel: the simulated phone's SMS inbox, the demo CRM identities to verify as, and
// the CSP that lets the in-page phone frame pass through the simulated WeChat authorize page.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ platform: true });
});
afterAll(() => t.close());

function gateway(): SignedSmsProvider {
  if (t.deps.platform.kind !== 'simulator') throw new Error('needs the simulator');
  return new SignedSmsProvider(t.deps.platform.sms);
}

describe('GET /api/demo/sms-inbox', () => {
  it('lists what the simulated gateway delivered to that phone only, newest first, with the code', async () => {
    t.simulator!.control.sms.setLimits({ perMinute: 10 }); // two codes to one phone within the test's minute
    await gateway().sendCode('13900001111', '111111');
    await gateway().sendCode('13900002222', '999999');
    await gateway().sendCode('13900001111', '222222');
    const res = await t.http.get('/api/demo/sms-inbox').query({ phone: '13900001111' });
    expect(res.status).toBe(200);
    const inbox = z.array(demoSmsMessageSchema).parse(res.body);
    expect(inbox.map((m) => m.code)).toEqual(['222222', '111111']);
    expect(inbox[0]!.content).toContain('222222');
    expect(inbox[0]!.content).toMatch(/^【.+】/);
    expect((await t.http.get('/api/demo/sms-inbox').query({ phone: '13900003333' })).body).toEqual([]);
  });

  it('refuses anything but a mainland mobile number', async () => {
    for (const phone of ['', '12345', '139000011110', 'abc']) {
      const res = await t.http.get('/api/demo/sms-inbox').query({ phone });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBeDefined();
    }
  });
});

describe('GET /api/demo/crm-identities', () => {
  it('puts the advisor’s own unbound CRM customers first (no ownership conflict after verifying as one)', async () => {
    const owner = await t.deps.db.prisma.staff.findUniqueOrThrow({ where: { wecomUserId: 'wangfang' } });
    const idNumber = makeIdNumber('110105', new Date('1988-05-06T00:00:00Z'), 901);
    const id = sealIdNumber(t.deps.piiKeys, idNumber);
    const ph = sealPhone(t.deps.piiKeys, '13900004444');
    await t.deps.db.prisma.crmCustomer.create({
      data: {
        crmNo: 'Z9999999999',
        name: '测试归属',
        idNumberEnc: id.enc,
        idNumberHash: id.hash,
        idNumberMasked: id.masked,
        phoneEnc: ph.enc,
        phoneHash: ph.hash,
        phoneMasked: ph.masked,
        piiKeyId: t.deps.piiKeys.keyId,
        aumFen: 100_000_00n,
        riskLevel: 2,
        tags: [],
        ownerStaffId: owner.id,
      },
    });
    const mine = z.array(demoCrmIdentitySchema).parse((await t.http.get('/api/demo/crm-identities').query({ wecomUserId: 'wangfang' }).expect(200)).body);
    expect(mine.length).toBeGreaterThan(1);
    expect(mine.length).toBeLessThanOrEqual(5);
    expect(mine.findIndex((i) => i.owner?.wecomUserId !== 'wangfang')).toBeGreaterThan(0);
    expect(mine).toContainEqual({ crmNo: 'Z9999999999', name: '测试归属', idNumber, phone: '13900004444', owner: { wecomUserId: 'wangfang', name: '王芳' } });
    // Without an advisor: in CRM number order, so the record numbered last is not among the first five.
    const any = z.array(demoCrmIdentitySchema).parse((await t.http.get('/api/demo/crm-identities').expect(200)).body);
    expect(any.map((i) => i.crmNo)).toEqual([...any.map((i) => i.crmNo)].sort());
    expect(any.map((i) => i.crmNo)).not.toContain('Z9999999999');
  });
});

describe('CSP frame-src', () => {
  it('lets the demo’s phone frame through the simulator’s origin, and nothing else', async () => {
    if (t.deps.platform.kind !== 'simulator') throw new Error('needs the simulator');
    const simulatorOrigin = new URL(t.deps.platform.wechat.oauthBase!).origin;
    const csp = (await t.http.get('/api/health')).headers['content-security-policy'] as string;
    expect(csp).toContain(`frame-src 'self' ${simulatorOrigin}`);
    expect(csp).toContain("frame-ancestors 'self'");
    // Frames' navigations would go to https://<simulator>, which does not listen there.
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('stays as it was without the simulator (no frame-src beyond default-src, insecure requests upgraded)', async () => {
    const real = await createTestApp({ seed: false });
    try {
      const csp = (await real.http.get('/api/health')).headers['content-security-policy'] as string;
      expect(csp).not.toContain('frame-src');
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain('upgrade-insecure-requests');
    } finally {
      await real.close();
    }
  });
});
