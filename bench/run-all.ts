// `npm run bench [-- P5 P8 …]`: runs the benchmarks of docs/quality.md that exist so far (or the ones named),
// appends one JSON line per benchmark to docs/benchmarks-history.jsonl (date, commit, machine, figures,
// verdict) as each finishes, and regenerates docs/benchmarks.md from that history (bench/lib/history.ts).
// Each one also runs alone: `npx tsx bench/<file>`. P1, P2, P3 and P6 need a production build
// (`npm run build`); P5, P7, P8, P10, P11, P13, P14 and P15 use PostgreSQL's database of the benchmarks (BENCH_DATABASE_URL,
// default 127.0.0.1:5432/wb_bench; bench/lib/bench-db.ts), never the tests' one.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { firstPaintReport, FIRST_PAINT_BUDGET } from '../packages/shared-deps/src/first-paint.ts';
import type { ShellFacts } from '../packages/shared-deps/src/first-paint.ts';
import { readSharedDeps } from '../packages/shared-deps/src/manifest.ts';
import { describeP1, run as runP1 } from './p1-cold-load.ts';
import { describeP2, P2_SHORT, run as runP2 } from './p2-app-switch.ts';
import { run as runP4 } from './p4-feed.ts';
import { describeP5, P5_SHORT, run as runP5 } from './p5-gateway.ts';
import { describeP6Figures, run as runP6 } from './p6-mount-cycles.ts';
import { run as runP7 } from './p7-workflow.ts';
import { describeP8, P8_SHORT, run as runP8 } from './p8-pglite-vs-postgres.ts';
import { run as runP9 } from './p9-permission-check.ts';
import { run as runP10 } from './p10-customer-search.ts';
import { describeP11, P11_SHORT, run as runP11 } from './p11-sessions.ts';
import { describeP12, run as runP12 } from './p12-login-flood.ts';
import { describeP13, P13_SHORT, run as runP13 } from './p13-inbox-load.ts';
import { describeP14, run as runP14 } from './p14-tickets.ts';
import { describeP15, run as runP15 } from './p15-billing-run.ts';
import { describeP16, run as runP16 } from './p16-online-payments.ts';
import { describeP17, run as runP17 } from './p17-dashboard.ts';
import { describeP18, P18_SHORT, run as runP18 } from './p18-part-assembly.ts';
import { describeP19, P19_SHORT, run as runP19 } from './p19-systemjs-mount.ts';
import { appendHistory, gitCommit, headlineOf, machineInfo, readHistory, renderBenchmarksMd } from './lib/history.ts';
import { fmt } from './lib/stats.ts';
import { describe, passLabel, verdictLabel } from './lib/verdict.ts';

const root = path.resolve(import.meta.dirname, '..');
const historyFile = path.join(root, 'docs/benchmarks-history.jsonl');
const only = process.argv.slice(2).filter((a) => /^p\d+$/i.test(a)).map((a) => a.toUpperCase());
const wanted = (id: string): boolean => only.length === 0 || only.includes(id);
/** `--short`: the benchmarks that have a short mode run it (fewer rounds, wider spreads); recorded as such. */
const short = process.argv.includes('--short');
const run = { date: new Date().toISOString(), commit: gitCommit(root), machine: machineInfo(), ...(short ? { note: 'short mode' } : {}) };

let lastMark = performance.now();

/**
 * Prints a row, appends it to the history at once (a later crash keeps it) and regenerates the document.
 * Benchmarks run one after the other, so the time since the previous row is this one's duration.
 */
function record(id: string, scenario: string, figures: string, verdict: string, data?: unknown): void {
  const seconds = Math.round((performance.now() - lastMark) / 1000);
  lastMark = performance.now();
  console.log(`${id}: ${figures} — ${verdict} (${seconds} s)`);
  appendHistory(historyFile, [{ ...run, id, scenario, figures, headline: headlineOf(figures), verdict, seconds, ...(data === undefined ? {} : { data }) }]);
  writeFileSync(path.join(root, 'docs/benchmarks.md'), renderBenchmarksMd(readHistory(historyFile)));
}

/**
 * Runs benchmark `id` when it is wanted and records its row: `row` words the result as [scenario (with the peer),
 * figures, verdict]; `keep` (default) stores the whole result object in the history too.
 */
async function measure<R>(id: string, run: () => Promise<R>, row: (r: R) => [scenario: string, figures: string, verdict: string], keep = true): Promise<void> {
  if (!wanted(id)) return;
  const r = await run();
  record(id, ...row(r), keep ? r : undefined);
}

if (wanted('P3')) {
  const shell = JSON.parse(readFileSync(path.join(root, 'shell/dist/shell.json'), 'utf8')) as ShellFacts;
  const r = firstPaintReport(shell, readSharedDeps(path.join(root, 'packages/shared-deps/dist')));
  const kib = (n: number): string => (n / 1024).toFixed(1);
  record(
    'P3',
    'first-paint JavaScript, gzip (peer: the shared modules a bare root loads)',
    `total **${kib(r.total)} KiB** (budget ${kib(FIRST_PAINT_BUDGET.total)}); shell-own ${kib(r.shellOwn)} KiB over the peer's ${kib(r.shared)} KiB (budget +${kib(FIRST_PAINT_BUDGET.shellOwn)})`,
    passLabel(r.total <= FIRST_PAINT_BUDGET.total && r.shellOwn <= FIRST_PAINT_BUDGET.shellOwn),
  );
}

await measure('P1', runP1, (r) => [
  'cold load to 客户档案 mounted, CPU ×4 (peer: bare single-spa root, same shared deps and app)',
  describeP1(r),
  verdictLabel(r.verdict),
], false);

await measure('P2', () => runP2(short ? P2_SHORT : {}), (r) => [
  'switch 客户档案 ↔ 在途申请 (业扩报装) by menu click, warm and cold, CPU ×4 (peer: the same switch in a bare single-spa root with a bare menu)',
  describeP2(r),
  verdictLabel(r.verdict),
]);

await measure('P4', runP4, (r) => [
  `registry feed API for a signed-in user, ${r.apps} apps (rollout, menu choice), autocannon 100 connections (peer: a plain Fastify route returning the same JSON)`,
  `${r.feedRps} vs ${r.plainRps} req/s (medians), per-round ratio **${describe(r.rpsSpread)}**; p99 ${r.feedP99} vs ${r.plainP99} ms, per-round ratio ${describe(r.p99Spread)}`,
  verdictLabel(r.verdict),
]);

await measure('P5', () => runP5(short ? P5_SHORT : {}), (r) => [
  'customer search through the gateway: embedded (full app with session vs the service plugin alone on a bare Fastify, same Db, PGlite) and distributed (client → gateway instance proxying → upstream instance vs client → upstream, PostgreSQL, loopback HTTP)',
  describeP5(r),
  verdictLabel(r.verdict),
]);

await measure('P6', runP6, (r) => [
  `${r.cycles} mount/unmount cycles of 客户档案 after ${r.method} (peer: same cycles in the bare root)`,
  // The --no-opt retained state is printed beside the optimiser-on median (issue 17).
  describeP6Figures(r, (headline) => `**${headline}**`),
  passLabel(r.pass),
], false);

await measure('P7', runP7, (r) => [
  'complete 1000 workflow tasks at 20 concurrent through the engine (peer: raw SQL doing the same writes), PGlite and PostgreSQL',
  r.results
    .map((x) => `${x.db}: engine ${Math.round(x.engine.tasksPerSecond)} vs raw ${Math.round(x.raw.tasksPerSecond)} tasks/s = **${fmt(x.ratio, 2)}×**, per-round ${describe(x.spread)}, history rows ${x.historyRows}/${x.tasks}`)
    .join('; ') + ' (exactly 1000 history rows)',
  verdictLabel(r.verdict),
], false);

await measure('P8', () => runP8(short ? P8_SHORT : {}), (r) => [
  'query mix through the HTTP routes (customer search, task inbox, application detail, suspend/resume an application) on PGlite (peer: the same mix on local PostgreSQL, same seed)',
  describeP8(r),
  verdictLabel(r.verdict),
]);

await measure('P9', runP9, (r) => [
  'a route with the permission check (session + grants from the access cache) vs the same route with the check stubbed to allow',
  `${Math.round(r.checkedRps)} vs ${Math.round(r.stubbedRps)} req/s (median batches), per-round ratio **${describe(r.spread)}**; database queries per warm checked request: ${r.queriesPerCheckedRequest}`,
  verdictLabel(r.verdict),
]);

await measure('P10', runP10, (r) => [
  `customer search mix over ${r.customers.toLocaleString('en')} customers on PostgreSQL (peer: the same SQL raw through pg)`,
  `repository p50 ${r.repository.p50} / p95 ${r.repository.p95} ms vs raw p50 ${r.raw.p50} / p95 ${r.raw.p95} ms = **${fmt(r.ratio, 2)}×**, per-block p95 ratio ${describe(r.spread)} (target p95 ≤ 50 ms); broad queries (>10k matches) p95 ${r.broad.repository.p95} ms`,
  verdictLabel(r.verdict),
], false);

await measure('P11', () => runP11(short ? P11_SHORT : {}), (r) => [
  `staff sessions with think time (feed, customer search, inbox, one 受理 a minute) on 2 instances behind ${r.front} on PostgreSQL + Redis (peer: the same sessions on 1 instance); the largest N at p99 ≤ 200 ms, 0 errors`,
  describeP11(r),
  r.short ? `short run (not judged; ${r.verdict})` : verdictLabel(r.verdict),
]);

await measure('P12', runP12, (r) => [
  `real logins (scrypt 2^17) while ${r.clients} clients flood login with bogus credentials from other addresses (peer: the same logins on the idle server)`,
  describeP12(r),
  verdictLabel(r.verdict),
]);

await measure('P13', () => runP13(short ? P13_SHORT : {}), (r) => [
  'task inbox under load: PostgreSQL, autocannon 50 connections (peer: customer search on the same instance, same session and seed); embedded (PGlite), 200 connections, clients give up after 2 s',
  describeP13(r),
  verdictLabel(r.verdict),
]);

await measure('P14', runP14, (r) => [
  `95598 desk on PostgreSQL at ${r.customers.toLocaleString('en')} customers: caller lookup by phone (peer: the same statements raw through pg); 受理 + 派单 of repairs at ${r.intake.concurrency} concurrent (peer: the same writes as raw SQL)`,
  describeP14(r),
  verdictLabel(r.verdict),
]);

await measure('P15', runP15, (r) => [
  `one month's 核算 + 发行 through the billing service on PostgreSQL at ${r.customers.toLocaleString('en')} customers, extrapolated to 1,000,000 (peer: raw SQL pricing each distinct usage once with the same calculateBill, one INSERT … SELECT); the counter's customer-with-arrears lookup`,
  describeP15(r),
  verdictLabel(r.verdict),
]);

await measure('P16', runP16, (r) => [
  `${r.customers} customers of 掌上电力 paying concurrently on PostgreSQL through the full server (order with Idempotency-Key, signed notification twice; in flight over seconds, and a burst), then the books counted (peer: none)`,
  describeP16(r),
  passLabel(r.pass),
]);

await measure('P17', runP17, (r) => [
  `营销运营监测 on PostgreSQL: the city dashboard API (/summary, /screen) at 1,000,000 customers (seeded at ${r.customers.toLocaleString('en')}, items cloned ×${r.scale.factor}), the full rebuild extrapolated to 1,000,000, event-to-screen latency (peer: none)`,
  describeP17(r),
  passLabel(r.pass),
]);

await measure('P18', () => runP18(short ? P18_SHORT : {}), (r) => [
  'assemble a 界面部件 through mountPart and the shell\'s parts capability, provider entry cached, happy-dom (peer: the same createReactPart parcel mounted directly)',
  describeP18(r),
  verdictLabel(r.ratio.verdict),
]);

await measure('P19', () => runP19(short ? P19_SHORT : {}), (r) => [
  "a SystemJS app's cold mount from the side menu (e2e fixture fx-system), CPU ×4 (peer: its line-for-line ES module twin, bench/fixtures/fx-esm-twin)",
  describeP19(r),
  verdictLabel(r.verdict),
]);

// The document is regenerated after each row; a run that recorded nothing (no known id named) leaves both files alone.
console.log(`\nappended to docs/benchmarks-history.jsonl and regenerated docs/benchmarks.md (run ${run.date}, ${run.commit})`);
