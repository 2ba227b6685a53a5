#!/usr/bin/env node
// `pnpm test`: every check in one run — type check, lint, unit and integration tests (embedded path, then real
// PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set), browser tests when present — ending with one line
// `N passed, N failed` (each static check counts as one).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jestBin = path.join(root, 'node_modules/jest/bin/jest.js');
let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args, env = process.env) {
  process.stdout.write(`\n▶ ${label}\n`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  process.stdout.write(`◀ ${label}: ${res.status === 0 ? 'ok' : `failed (exit ${res.status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return res.status === 0;
}

function check(label, cmd, args) {
  if (run(label, cmd, args)) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
}

function jest(label, projects, env) {
  const out = path.join(os.tmpdir(), `pfs-jest-${process.pid}-${Date.now()}.json`);
  const ok = run(label, process.execPath, ['--experimental-vm-modules', '--no-warnings', jestBin, '--testTimeout=60000', '--projects', ...projects, '--json', `--outputFile=${out}`], env);
  if (!fs.existsSync(out)) {
    failed += 1;
    failures.push(`${label}: jest did not report`);
    return;
  }
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out);
  passed += report.numPassedTests;
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  if (!ok && report.numFailedTests === 0 && report.numRuntimeErrorTestSuites === 0) {
    failed += 1;
    failures.push(`${label}: jest exited non-zero`);
  }
  for (const suite of report.testResults) if (suite.status === 'failed') failures.push(`${label}: ${path.relative(root, suite.name)}`);
}

const withJest = ['shared', 'bff', 'simulator', 'miniapp'].filter((p) => fs.existsSync(path.join(root, p, 'jest.config.cjs')));
const { DATABASE_URL, REDIS_URL, ...embeddedEnv } = process.env;

check('type check (tsc --noEmit, every package)', 'pnpm', ['-r', '--workspace-concurrency=1', 'typecheck']);
check('lint (eslint)', 'pnpm', ['exec', 'eslint', '--max-warnings=0', '.']);
jest('unit and integration tests, embedded path (PGlite + in-process Redis)', withJest, embeddedEnv);
if (DATABASE_URL || REDIS_URL) {
  jest(`integration tests on real services (${[DATABASE_URL && 'PostgreSQL', REDIS_URL && 'Redis'].filter(Boolean).join(' + ')})`, ['bff'], process.env);
}
if (fs.existsSync(path.join(root, 'miniapp/test-e2e/run.mjs'))) check('browser tests (Chromium)', process.execPath, ['miniapp/test-e2e/run.mjs']);

if (failures.length) process.stdout.write(`\nFailed:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
