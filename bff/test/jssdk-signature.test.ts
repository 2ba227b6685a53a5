import { jsapiSignature as simulatorSignature } from '@pfs/simulator';
import { jssdkSignatureSchema } from '@pfs/shared';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp({ platform: true });
  token = await t.tokenFor('wangfang');
});
afterAll(() => t.close());

const PAGE = 'http://localhost:3000/pages/customer/index?id=1&from=chat';

async function sign(url: string) {
  const res = await t.http.get('/api/wecom/jssdk-signature').query({ url }).set('authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  return jssdkSignatureSchema.parse(res.body);
}

describe('GET /api/wecom/jssdk-signature', () => {
  it('signs wx.config with the corp ticket and wx.agentConfig with the app ticket', async () => {
    const s = await sign(PAGE);
    const wecom = t.simulator!.control.wecom;
    expect(s.corpId).toBe(t.simulator!.credentials.wecom.corpId);
    expect(s.agentId).toBe(String(t.simulator!.credentials.wecom.agentId));
    expect(wecom.verifyJsapiSignature({ kind: 'corp', url: PAGE, ...s.config })).toBe(true);
    expect(wecom.verifyJsapiSignature({ kind: 'agent', url: PAGE, ...s.agentConfig })).toBe(true);
    // Not interchangeable: each is signed with its own ticket.
    expect(wecom.verifyJsapiSignature({ kind: 'agent', url: PAGE, ...s.config })).toBe(false);
    expect(Math.abs(s.config.timestamp - Date.now() / 1000)).toBeLessThan(5);
  });

  it('drops the #fragment', async () => {
    const s = await sign(`${PAGE}#/detail`);
    expect(t.simulator!.control.wecom.verifyJsapiSignature({ kind: 'corp', url: PAGE, ...s.config })).toBe(true);
    const ticket = [...t.simulator!.state.wecom.tickets.values()].find((x) => x.kind === 'corp')!.token;
    expect(s.config.signature).toBe(simulatorSignature(ticket, s.config.nonceStr, s.config.timestamp, PAGE));
  });

  it('fetches each ticket once and then uses the cached one', async () => {
    for (let i = 0; i < 3; i++) await sign(`${PAGE}&n=${i}`);
    const calls = t.simulator!.control.wecom.calls();
    expect(calls['get_jsapi_ticket']).toBe(1);
    expect(calls['ticket/get']).toBe(1);
    expect(calls['gettoken']).toBe(1);
  });

  it('works before login (the H5 page needs it to log in) but signs only our own page origins', async () => {
    const res = await t.http.get('/api/wecom/jssdk-signature').query({ url: PAGE });
    expect(res.status).toBe(200);
    const foreign = await t.http.get('/api/wecom/jssdk-signature').query({ url: 'https://evil.example.com/page' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('FORBIDDEN');
  });

  it('requires an absolute URL', async () => {
    const res = await t.http.get('/api/wecom/jssdk-signature').query({ url: 'not a url' }).set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});
