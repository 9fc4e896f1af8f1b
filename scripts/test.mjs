// `npm test`: every check the project keeps, in order: the machine's test services (Chromium, PostgreSQL,
// Redis: installed or started when possible, scripts/test-env.mjs), typecheck, lint (with dependency rules) and
// the production build side by side, unit + component + server tests (vitest, PGlite and PostgreSQL), size budget (P3),
// the benchmarks' regression gate (bench/gate.ts),
// browser tests (Playwright on Debian's Chromium against the production server). Ends with a summary that
// names every group skipped and why, then one line `tests: N passed, M failed, K skipped`.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { root, run } from './lib.mjs';
import { prepareTestEnvironment } from './test-env.mjs';

const tmp = path.join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const results = [];
let passed = 0;
let failed = 0;
let skipped = 0;
const ci = Boolean(process.env.CI);

console.log('━━ test services ━━');
const groups = await prepareTestEnvironment();
const missingGroups = groups.filter((g) => !g.ok);
for (const g of groups) console.log(`${g.ok ? '✓' : ci ? '✗' : '○'} ${g.group}${g.ok ? '' : `: ${g.reason}`}`);
const browserGroup = groups[0];

async function step(name, cmd, args, env = {}) {
  console.log(`\n━━ ${name} ━━`);
  const code = await run(cmd, args, { env: { ...process.env, ...env } });
  results.push({ name, ok: code === 0 });
  return code === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Failed tests, named again under the summary: a CI log cut to its tail still says which test failed. */
const failures = [];

/** `file › title: first line of the message` for every failed test of a vitest JSON report. */
function vitestFailures(report) {
  const out = [];
  for (const file of report.testResults ?? []) {
    const rel = path.relative(root, file.name ?? '');
    for (const t of file.assertionResults ?? []) {
      if (t.status !== 'failed') continue;
      const message = String(t.failureMessages?.[0] ?? '').split('\n').find((l) => l.trim()) ?? '';
      out.push(`${rel} › ${t.fullName ?? t.title}: ${message.trim().slice(0, 300)}`);
    }
    // A file that failed outside any test (an import error, a hook's time-out) has no failed assertion.
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
      out.push(`${rel}: ${String(file.message ?? 'failed').split('\n')[0].slice(0, 300)}`);
    }
  }
  return out;
}

/** `file › title: first line of the error` for every unexpected result of a Playwright JSON report. */
function playwrightFailures(report) {
  const out = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected') continue;
        const error = t.results?.at(-1)?.error?.message ?? '';
        out.push(`${spec.file} › ${spec.title}: ${String(error).split('\n')[0].slice(0, 300)}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return out;
}

/** Checks that are not test runners count as one test each. */
function countCheck(ok) {
  if (ok) passed += 1;
  else failed += 1;
}

/**
 * Runs a command with its output collected and printed as one block when it ends: the checks that run side by
 * side keep readable logs.
 */
function bufferedStep(name, cmd, args) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    const finish = (code) => {
      console.log(`\n━━ ${name} (${Math.round((Date.now() - started) / 1000)} s) ━━`);
      process.stdout.write(Buffer.concat(chunks));
      results.push({ name, ok: code === 0 });
      resolve(code === 0);
    };
    child.on('exit', (code) => finish(code ?? 1));
    child.on('error', (error) => {
      chunks.push(Buffer.from(`✗ ${cmd}: ${error.message}\n`));
      finish(127);
    });
  });
}

// Typecheck and lint are single-threaded and the build reads only sources: the three run side by side (CI time:
// ~2 of the 30 minutes; none of them writes what another reads — lint and typecheck skip dist/).
console.log('\n━━ typecheck, lint + dependency rules, production build (side by side) ━━');
const [typechecked, linted, built] = await Promise.all([
  bufferedStep('typecheck', 'npm', ['run', 'typecheck', '--silent']),
  bufferedStep('lint + dependency rules', 'npm', ['run', 'lint', '--silent']),
  bufferedStep('production build (shell, shared deps, micro-apps, fixtures)', 'node', ['scripts/build.mjs', '--with-fixtures']),
]);
countCheck(typechecked);
countCheck(linted);
countCheck(built);

const vitestJson = path.join(tmp, 'vitest.json');
rmSync(vitestJson, { force: true });
const unitOk = await step('unit, component and server tests (vitest)', 'npx', [
  'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`,
]);
const vitest = readJson(vitestJson);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests + (unitOk || vitest.numFailedTests > 0 ? 0 : 1);
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  failures.push(...vitestFailures(vitest));
} else {
  failed += 1;
}

if (built) countCheck(await step('size budget (docs/quality.md P3)', 'npm', ['run', 'size', '--silent']));

// Benchmark regression gate (issue 19, ADR 0064): short modes of the ratio benchmarks against the production
// build; fails only when a ratio crosses its bar by more than the run's own noise. P2 and P6 drive Chromium:
// without it only the server-side rows run (the browser group is reported missing below).
if (built) {
  const rows = browserGroup.ok ? [] : ['P4', 'P9'];
  countCheck(await step('benchmark regression gate (bench/gate.ts; P4, P9, P6, P2 short)', 'npx', ['tsx', 'bench/gate.ts', ...rows]));
}

if (!browserGroup.ok) {
  console.error(`\n${ci ? '✗' : '○'} browser tests not run: ${browserGroup.reason}`);
  // In CI a missing browser fails the run; elsewhere the group is reported as skipped in the summary.
  results.push({ name: 'browser tests (Playwright)', ok: !ci });
  if (ci) failed += 1;
} else if (built) {
  const pwJson = path.join(tmp, 'playwright.json');
  rmSync(pwJson, { force: true });
  const e2eOk = await step('browser tests (Playwright, Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  });
  const pw = readJson(pwJson);
  if (pw?.stats) {
    passed += pw.stats.expected + pw.stats.flaky;
    failed += pw.stats.unexpected + (e2eOk || pw.stats.unexpected > 0 ? 0 : 1);
    skipped += pw.stats.skipped ?? 0;
    failures.push(...playwrightFailures(pw));
  } else {
    failed += 1;
  }
}

// In CI every group must run: a missing server is a failure of its own, besides what its tests report.
if (ci) failed += missingGroups.filter((g) => g !== browserGroup).length;

console.log('\n━━ summary ━━');
for (const r of results) console.log(`${r.ok ? '✓' : '✗'} ${r.name}`);
for (const g of missingGroups) console.log(`${ci ? '✗ missing' : '○ skipped'}: ${g.group} — ${g.reason}`);
for (const f of failures) console.log(`✗ failed: ${f}`);
if (skipped > 0) console.log(`○ ${skipped} individual tests skipped (see the runners' output above)`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && results.every((r) => r.ok) ? 0 : 1);
