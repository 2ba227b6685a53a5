import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from './helpers/test-app';

/** Issue 13 §2.6: HSTS only over HTTPS, no-store on every API answer, no 'unsafe-inline' scripts. */
const INLINE = 'window.__boot = 1;';
const h5Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-csp-'));
fs.writeFileSync(path.join(h5Dir, 'index.html'), `<!doctype html><script src="/js/app.js"></script><script>${INLINE}</script>`);

let proxied: TestApp;
let direct: TestApp;
let token: string;
let manager: string;
beforeAll(async () => {
  proxied = await createTestApp({ env: { TRUST_PROXY: 'true', H5_DIST_DIR: h5Dir } });
  direct = await createTestApp({ seed: false });
  token = await proxied.tokenFor('wangfang');
  manager = await proxied.tokenFor('chenjing');
});
afterAll(async () => {
  await proxied.close();
  await direct.close();
  fs.rmSync(h5Dir, { recursive: true, force: true });
});

describe('Strict-Transport-Security', () => {
  it('absent over plain HTTP', async () => {
    expect((await direct.http.get('/healthz')).headers['strict-transport-security']).toBeUndefined();
    expect((await proxied.http.get('/healthz')).headers['strict-transport-security']).toBeUndefined();
  });

  it('present behind a trusted proxy that says https', async () => {
    const res = await proxied.http.get('/healthz').set('x-forwarded-proto', 'https');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('an untrusted x-forwarded-proto changes nothing', async () => {
    expect((await direct.http.get('/healthz').set('x-forwarded-proto', 'https')).headers['strict-transport-security']).toBeUndefined();
  });
});

describe('Cache-Control: no-store on API answers', () => {
  it('every /api answer, success or error, personal data or not', async () => {
    const auth = ['authorization', `Bearer ${token}`] as const;
    const customer = await proxied.deps.db.prisma.customer.findFirstOrThrow({ where: { relationships: { some: { staff: { wecomUserId: 'wangfang' } } } } });
    const answers = await Promise.all([
      proxied.http.get('/api/me').set(...auth),
      proxied.http.get('/api/customers').set(...auth),
      proxied.http.get(`/api/customers/${customer.id}`).set(...auth),
      proxied.http.get(`/api/customers/${customer.id}/verification-status`).set(...auth),
      proxied.http.get('/api/reports/verification-funnel').set('authorization', `Bearer ${manager}`),
      proxied.http.get('/api/products').set(...auth),
      proxied.http.get('/api/h5/invitations/aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbb'),
      proxied.http.get('/api/me'),
      proxied.http.get('/api/no-such-thing'),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 400, 401, 404]);
    for (const res of answers) expect(res.headers['cache-control']).toBe('no-store');
  });

  it('not forced on the static pages', async () => {
    expect((await proxied.http.get('/')).headers['cache-control']).not.toBe('no-store');
  });
});

describe('Content-Security-Policy', () => {
  const scriptSrc = (csp: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? '';

  it("script-src has no 'unsafe-inline'; the H5 page's inline scripts are allowed by hash", async () => {
    const src = scriptSrc((await proxied.http.get('/')).headers['content-security-policy'] as string);
    expect(src).not.toContain("'unsafe-inline'");
    expect(src).toContain(`'sha256-${createHash('sha256').update(INLINE).digest('base64')}'`);
  });

  it('without an H5 build: only self', async () => {
    expect(scriptSrc((await direct.http.get('/healthz')).headers['content-security-policy'] as string)).toBe("script-src 'self'");
  });
});
