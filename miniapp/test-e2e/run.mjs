#!/usr/bin/env node
// Browser tests against the real BFF, for `pnpm test` (scripts/test-all.mjs counts this script as one check by its
// exit code) or on their own: node miniapp/test-e2e/run.mjs [--rebuild] [--grep <text>]
//   1. the H5 build (reused when its inputs have not changed, see h5-build.mjs; --rebuild forces one),
//   2. per suite, the real BFF on a free port, embedded path (fresh PGlite in a temporary DATA_DIR, in-process Redis
//      and platform simulator, demo data seeded on start), whatever DATABASE_URL / REDIS_URL say, plus the suite's
//      own variables: the default suite (shell.e2e.mjs, butler.e2e.mjs, butler-failures.e2e.mjs, group-chat.e2e.mjs, demo-walk.e2e.mjs, audit.e2e.mjs) runs the BFF as
//      configured by default; butler-face.e2e.mjs brings `bffEnv` (IDV_LEVEL=face) and gets a BFF of its own, started
//      after the first one stopped (only when one of its tests is selected),
//   3. the tests, one fresh Chromium profile each (a test may open more browsers itself, e.g. the customer's phone,
//      and `watch()` them), screenshots in <repo>/artifacts/e2e/<name>.png (a failing test also leaves
//      <test id>-failure.png). A page error, a console error, or a 5xx or 429 answer on a watched page fails the test, unless the
//      test `allow()`ed that answer (a scripted outage),
//   4. SIGTERM to each BFF after its suite, then one line `N passed, N failed`; exit 1 when anything failed.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { ensureH5Build, H5_DIST } from './h5-build.mjs';
import { startRealBff } from './real-bff.mjs';
import { bffEnv as faceBffEnv, tests as butlerFaceTests } from './butler-face.e2e.mjs';
import { tests as butlerFailureTests } from './butler-failures.e2e.mjs';
import { tests as butlerTests } from './butler.e2e.mjs';
import { tests as groupChatTests } from './group-chat.e2e.mjs';
import { tests as demoWalkTests } from './demo-walk.e2e.mjs';
import { tests as shellTests } from './shell.e2e.mjs';
import { tests as auditTests } from './audit.e2e.mjs';

/** Each suite runs against a BFF of its own, started with the suite's extra variables. */
const suites = [
  { name: 'default', env: {}, tests: [...shellTests, ...butlerTests, ...butlerFailureTests, ...groupChatTests, ...auditTests, ...demoWalkTests] },
  { name: 'IDV_LEVEL=face', env: faceBffEnv, tests: butlerFaceTests },
];

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(repoRoot, 'artifacts', 'e2e');
const TEST_TIMEOUT_MS = 60_000;
const ACTION_TIMEOUT_MS = 10_000;

const argv = process.argv.slice(2);
const grepAt = argv.indexOf('--grep');
const grep = grepAt >= 0 ? argv[grepAt + 1] : undefined;
const matches = (t) => !grep || t.id.includes(grep) || t.name.includes(grep);
const selectedSuites = suites.map((suite) => ({ ...suite, tests: suite.tests.filter(matches) })).filter((suite) => suite.tests.length > 0);
const selectedCount = selectedSuites.reduce((n, suite) => n + suite.tests.length, 0);

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
  /**
   * Chromium's own console line for a failed request ("Failed to load resource: … status of 4xx"): an answer of the
   * API is judged by the response rule below (a 4xx is often the story's point), a page of another origin (the
   * simulated WeChat) by the story; any other missing file of the app (a favicon, a chunk) is an error.
   */
  const isJudgedElsewhere = (message) => {
    if (!message.text().startsWith('Failed to load resource')) return false;
    const source = message.location()?.url;
    if (!source) return false;
    const url = new URL(source);
    return url.origin !== new URL(baseUrl).origin || url.pathname.startsWith('/api/');
  };
  /** Page errors, console errors and 5xx / 429 answers of this page fail the test (the main page is watched from the start). */
  const watch = (watched) => {
    watched.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    watched.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (isJudgedElsewhere(message)) return;
      problems.push(`console error: ${message.text()}${message.location()?.url ? ` (${message.location().url})` : ''}`);
    });
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

/** The BFF of the suite running now (a signal stops it). */
let bff;
const stopOnSignal = (signal) => {
  void (bff?.stop(5_000) ?? Promise.resolve()).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
};
process.once('SIGINT', stopOnSignal);
process.once('SIGTERM', stopOnSignal);

/** Starts the suite's BFF, runs its tests, stops it (its error log lines are printed, a bad exit is a failure). */
async function runSuite(suite) {
  const bffStarted = Date.now();
  // A known port, so PUBLIC_BASE_URL (invitation links, the WeChat OAuth redirect) points back at this BFF.
  const port = await freePort();
  // TRUST_PROXY: every browser connects from 127.0.0.1 but sends an X-Forwarded-For of its own (browser.mjs), so the
  // per-IP limits (600 a minute, 60 on /api/h5, 120 on /api/demo) count each simulated phone or PC by itself.
  bff = await startRealBff({
    h5Dist: H5_DIST,
    env: { PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, TRUST_PROXY: 'true', ...suite.env },
  });
  const extra = Object.entries(suite.env).map(([key, value]) => `${key}=${value}`);
  console.log(
    `BFF${extra.length ? ` (${extra.join(' ')})` : ''}: ${bff.url} (db ${bff.health.db.kind}, redis ${bff.health.redis.kind}) ready in ${seconds(bffStarted)}`,
  );
  try {
    for (const test of suite.tests) await runTest(test, bff.url);
  } finally {
    const stopping = bff;
    const { code, signal } = await stopping.stop();
    bff = undefined;
    const errors = stopping.logs().filter((line) => /"level":(50|60)/.test(line));
    if (errors.length) console.log(`BFF (${suite.name}) logged ${errors.length} error(s):\n${errors.slice(-10).join('\n')}`);
    if (code !== 0) fail(`BFF (${suite.name}) shutdown on SIGTERM (exit ${code ?? signal})`, stopping.logs().slice(-20).join('\n'));
  }
}

try {
  const build = ensureH5Build({ force: argv.includes('--rebuild') });
  console.log(build.built ? `H5 build: ${build.seconds.toFixed(1)} s` : 'H5 build: up to date, reused');
  for (const suite of selectedSuites) {
    try {
      await runSuite(suite);
    } catch (err) {
      fail(`setup of suite ${suite.name} (BFF start, browser launch)`, err);
    }
  }
} catch (err) {
  fail('setup (H5 build)', err);
}

if (failures.length) console.log(`\nFailed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
console.log(`\nbrowser tests: ${seconds(started)}; screenshots in ${relative(repoRoot, ARTIFACTS)}/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && selectedCount > 0 ? 0 : 1);
