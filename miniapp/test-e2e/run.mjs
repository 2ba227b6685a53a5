#!/usr/bin/env node
// Browser tests against the real BFF, for `pnpm test` (scripts/test-all.mjs counts this script as one check by its
// exit code) or on their own: node miniapp/test-e2e/run.mjs [--rebuild] [--grep <text>]
//   1. the H5 build (reused when its inputs have not changed, see h5-build.mjs; --rebuild forces one),
//   2. the real BFF on a free port, embedded path (fresh PGlite in a temporary DATA_DIR, in-process Redis and
//      platform simulator, demo data seeded on start), whatever DATABASE_URL / REDIS_URL say,
//   3. the tests in shell.e2e.mjs, butler.e2e.mjs and butler-failures.e2e.mjs, one fresh Chromium profile each (a
//      test may open more browsers itself, e.g. the customer's phone, and `watch()` them), screenshots in
//      <repo>/artifacts/e2e/<name>.png (a failing test also leaves <test id>-failure.png). A page error, or a 5xx or
//      429 answer on a watched page fails the test, unless the test `allow()`ed that answer (a scripted outage),
//   4. SIGTERM to the BFF, then one line `N passed, N failed`; exit 1 when anything failed.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { ensureH5Build, H5_DIST } from './h5-build.mjs';
import { startRealBff } from './real-bff.mjs';
import { tests as butlerFailureTests } from './butler-failures.e2e.mjs';
import { tests as butlerTests } from './butler.e2e.mjs';
import { tests as shellTests } from './shell.e2e.mjs';

const tests = [...shellTests, ...butlerTests, ...butlerFailureTests];

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(repoRoot, 'artifacts', 'e2e');
const TEST_TIMEOUT_MS = 60_000;
const ACTION_TIMEOUT_MS = 10_000;

const argv = process.argv.slice(2);
const grepAt = argv.indexOf('--grep');
const grep = grepAt >= 0 ? argv[grepAt + 1] : undefined;
const selected = grep ? tests.filter((t) => t.id.includes(grep) || t.name.includes(grep)) : tests;

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
let passed = 0;
let failed = 0;
const failures = [];

function fail(label, err) {
  failed += 1;
  failures.push(label);
  console.log(`✖ ${label}\n${String(err?.stack ?? err).replace(/^/gm, '    ')}`);
}

function withTimeout(promise, ms, label) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runTest(test, baseUrl) {
  const testStarted = Date.now();
  const browser = await launchBrowser({ viewport: test.viewport });
  const page = await browser.context.newPage();
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const problems = [];
  /** Answers the test expects to fail (`allow({ method, path, status })`, path a string prefix or a RegExp). */
  const allowed = [];
  const allow = (rule) => allowed.push(rule);
  const isAllowed = (method, url, status) =>
    allowed.some((rule) => {
      const path = new URL(url).pathname;
      const pathOk = rule.path instanceof RegExp ? rule.path.test(path) : path.startsWith(rule.path);
      return pathOk && (!rule.method || rule.method === method) && (!rule.status || rule.status === status);
    });
  /** Page errors and 5xx / 429 answers of this page fail the test (the main page is watched from the start). */
  const watch = (watched) => {
    watched.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    watched.on('response', (res) => {
      const method = res.request().method();
      if ((res.status() >= 500 || res.status() === 429) && !isAllowed(method, res.url(), res.status())) problems.push(`${method} ${res.url()} → ${res.status()}`);
    });
    return watched;
  };
  watch(page);
  const shots = [];
  const shoot = async (name) => {
    const path = join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path });
    shots.push(relative(repoRoot, path));
  };
  /** Screenshot of another page the test opened itself (a second browser, e.g. the customer's phone). */
  const shootPage = async (other, name) => {
    const path = join(ARTIFACTS, `${name}.png`);
    await other.screenshot({ path });
    shots.push(relative(repoRoot, path));
  };
  try {
    await withTimeout(test.run({ page, baseUrl, shoot, shootPage, watch, allow }), test.timeoutMs ?? TEST_TIMEOUT_MS, test.name);
    if (problems.length) throw new Error(problems.join('\n'));
    passed += 1;
    console.log(`✔ ${test.name} (${seconds(testStarted)})${shots.map((s) => `\n    ${s}`).join('')}`);
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, `${test.id}-failure.png`) }).catch(() => {});
    fail(`${test.name} (${seconds(testStarted)}, at ${page.url()})`, problems.length && !String(err).includes(problems[0]) ? `${err?.stack ?? err}\n${problems.join('\n')}` : err);
  } finally {
    await browser.close();
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

mkdirSync(ARTIFACTS, { recursive: true });
for (const file of readdirSync(ARTIFACTS)) if (file.endsWith('.png')) rmSync(join(ARTIFACTS, file));

let bff;
const stopOnSignal = (signal) => {
  void (bff?.stop(5_000) ?? Promise.resolve()).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
};
process.once('SIGINT', stopOnSignal);
process.once('SIGTERM', stopOnSignal);

try {
  const stepStarted = Date.now();
  const build = ensureH5Build({ force: argv.includes('--rebuild') });
  console.log(build.built ? `H5 build: ${build.seconds.toFixed(1)} s` : 'H5 build: up to date, reused');

  const bffStarted = Date.now();
  // A known port, so PUBLIC_BASE_URL (invitation links, the WeChat OAuth redirect) points back at this BFF.
  const port = await freePort();
  // TRUST_PROXY: every browser connects from 127.0.0.1 but sends an X-Forwarded-For of its own (browser.mjs), so the
  // per-IP limits (600 a minute, 60 on /api/h5, 120 on /api/demo) count each simulated phone or PC by itself.
  bff = await startRealBff({ h5Dist: H5_DIST, env: { PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, TRUST_PROXY: 'true' } });
  console.log(`BFF: ${bff.url} (db ${bff.health.db.kind}, redis ${bff.health.redis.kind}) ready in ${seconds(bffStarted)}; setup ${seconds(stepStarted)}`);

  for (const test of selected) await runTest(test, bff.url);
} catch (err) {
  fail('setup (H5 build, BFF start, browser launch)', err);
} finally {
  if (bff) {
    const { code, signal } = await bff.stop();
    const errors = bff.logs().filter((line) => /"level":(50|60)/.test(line));
    if (errors.length) console.log(`BFF logged ${errors.length} error(s):\n${errors.slice(-10).join('\n')}`);
    if (code !== 0) fail(`BFF shutdown on SIGTERM (exit ${code ?? signal})`, bff.logs().slice(-20).join('\n'));
  }
}

if (failures.length) console.log(`\nFailed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
console.log(`\nbrowser tests: ${seconds(started)}; screenshots in ${relative(repoRoot, ARTIFACTS)}/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && selected.length > 0 ? 0 : 1);
