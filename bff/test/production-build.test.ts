import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BffProcess, buildBff, getStatus, SERVER_JS } from './helpers/bff-process';
import { testDatabaseUrl } from './helpers/test-env';

// The embedded default does not depend on DATABASE_URL: the real-services pass runs the build on PostgreSQL in
// cluster.test.ts and crash-recovery.test.ts instead of repeating this one.
const embeddedPass = !testDatabaseUrl;
if (!embeddedPass) process.stderr.write('production-build.test: skipped on the real-services pass (it tests the embedded default; the embedded pass runs it)\n');
const maybe = embeddedPass ? describe : describe.skip;

maybe('production build (node bff/dist/server.js, no tsx)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pfs-dist-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('builds once, then reports the build up to date while its inputs are unchanged', () => {
    buildBff();
    expect(fs.existsSync(SERVER_JS)).toBe(true);
    expect(buildBff()).toContain('bff build: up to date');
  });

  it('starts on the embedded default (PGlite, migrations through the wasm schema engine, demo seed), answers, and stops on SIGTERM', async () => {
    const bff = new BffProcess({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'info', H5_DIST_DIR: '/nonexistent' });
    try {
      const port = await bff.port(150_000);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', db: { kind: 'embedded' }, redis: { kind: 'embedded' } });
      // An API route answers in the error shape: the bundled app, not only the health check.
      const me = await fetch(`http://127.0.0.1:${port}/api/me`);
      expect(me.status).toBe(401);
      expect(await me.json()).toMatchObject({ error: { code: expect.any(String) } });
      expect(bff.lines().some((l) => l.msg === 'migrations applied')).toBe(true);
      expect(bff.lines().some((l) => l.msg === 'demo data' && l.status === 'seeded')).toBe(true);

      bff.child.kill('SIGTERM');
      expect(await bff.exited).toEqual({ code: 0, signal: null });
      expect(bff.lines().some((l) => l.msg === 'stopped')).toBe(true);
      expect(await getStatus(`http://127.0.0.1:${port}/healthz`)).toBe('ECONNREFUSED');
    } finally {
      await bff.kill();
    }
  }, 180_000);
});
