import { createTestApp } from './helpers/test-app';

/** 2.4: /api/demo/* hands out staff sessions without credentials, so it needs the DEMO_MODE switch (config.test.ts covers the defaults). */
describe('DEMO_MODE switch', () => {
  it('off: no /api/demo route even next to the in-process simulator (the shared 404 shape)', async () => {
    const t = await createTestApp({ platform: true, env: { DEMO_MODE: 'false' } });
    try {
      expect(t.deps.platform.kind).toBe('simulator');
      for (const [method, path] of [
        ['get', '/api/demo/staff'],
        ['post', '/api/demo/login-code'],
        ['get', '/api/demo/chat-messages'],
      ] as const) {
        const res = await t.http[method](path).send(method === 'post' ? { wecomUserId: 'admin' } : undefined);
        expect(res.status).toBe(404);
        expect(res.body.error).toMatchObject({ code: 'ROUTE_NOT_FOUND', requestId: expect.any(String) });
      }
    } finally {
      await t.close();
    }
  });

  it('on (the embedded default): the demo endpoints answer', async () => {
    const t = await createTestApp({ platform: true });
    try {
      expect(t.deps.config.demoMode).toBe(true);
      const res = await t.http.get('/api/demo/staff');
      expect(res.status).toBe(200);
      expect(res.body.length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
