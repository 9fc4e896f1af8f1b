// `npm run bench`: runs the benchmarks of QUALITY.md that exist so far and writes docs/benchmarks.md with
// the date, the machine and each ratio against its peer. Each one also runs alone: `npx tsx bench/<file>`.
// Needs a production build (`npm run build`); P7 and P10 use PostgreSQL's database of
// the benchmarks (BENCH_DATABASE_URL, default 127.0.0.1:5432/wb_bench; bench/lib/bench-db.ts), never the tests' one.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { firstPaintReport, FIRST_PAINT_BUDGET } from '../packages/shared-deps/src/first-paint.ts';
import type { ShellFacts } from '../packages/shared-deps/src/first-paint.ts';
import { readSharedDeps } from '../packages/shared-deps/src/manifest.ts';
import { run as runP1 } from './p1-cold-load.ts';
import { run as runP4 } from './p4-feed.ts';
import { run as runP6 } from './p6-mount-cycles.ts';
import { run as runP7 } from './p7-workflow.ts';
import { run as runP9 } from './p9-permission-check.ts';
import { run as runP10 } from './p10-customer-search.ts';
import { fmt } from './lib/stats.ts';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv.slice(2).map((a) => a.toUpperCase());
const wanted = (id: string): boolean => only.length === 0 || only.includes(id);
const rows: string[] = [];

function record(id: string, scenario: string, figures: string, verdict: string): void {
  console.log(`${id}: ${figures} — ${verdict}`);
  rows.push(`| ${id} | ${scenario} | ${figures} | ${verdict} |`);
}

if (wanted('P3')) {
  const shell = JSON.parse(readFileSync(path.join(root, 'shell/dist/shell.json'), 'utf8')) as ShellFacts;
  const r = firstPaintReport(shell, readSharedDeps(path.join(root, 'packages/shared-deps/dist')));
  const kib = (n: number): string => (n / 1024).toFixed(1);
  record(
    'P3',
    'first-paint JavaScript, gzip (peer: the shared modules a bare root loads)',
    `total ${kib(r.total)} KiB (budget ${kib(FIRST_PAINT_BUDGET.total)}); shell-own ${kib(r.shellOwn)} KiB over the peer's ${kib(r.shared)} KiB (budget +${kib(FIRST_PAINT_BUDGET.shellOwn)})`,
    r.total <= FIRST_PAINT_BUDGET.total && r.shellOwn <= FIRST_PAINT_BUDGET.shellOwn ? 'meets target' : 'MISSES target',
  );
}

if (wanted('P1')) {
  const r = await runP1();
  record(
    'P1',
    'cold load to 客户档案 mounted, CPU ×4 (peer: bare single-spa root, same shared deps and app)',
    `shell ${fmt(r.shellMs)} ms vs bare ${fmt(r.bareMs)} ms = **${fmt(r.ratio, 2)}×** (target ≤ 1.25×; per-round ratios p25–p75 ${fmt(r.pairedRatioP25, 2)}–${fmt(r.pairedRatioP75, 2)}); LCP ${fmt(r.lcpMs)} ms; CLS ${fmt(r.cls, 3)}`,
    r.ratio <= 1.25 && r.lcpMs <= 2500 && r.cls <= 0.1 ? 'meets target' : 'MISSES target',
  );
}

if (wanted('P4')) {
  const r = await runP4();
  record(
    'P4',
    `registry feed API for a signed-in user, ${r.apps} apps (rollout, menu choice), autocannon 100 connections (peer: a plain Fastify route returning the same JSON)`,
    `${r.feedRps} vs ${r.plainRps} req/s = **${fmt(r.ratio, 2)}×** (target ≥ 0.7×); p99 ${r.feedP99} vs ${r.plainP99} ms = ${fmt(r.p99Ratio, 2)}× (target ≤ 2×)`,
    r.pass ? 'meets target' : 'MISSES target',
  );
}

if (wanted('P6')) {
  const r = await runP6();
  record(
    'P6',
    '200 mount/unmount cycles of 客户档案 after 20 warm-up cycles, V8 as shipped (peer: same cycles in the bare root)',
    `post-GC heap growth shell ${fmt(r.shellHeapGrowthKiB)} KiB vs bare ${fmt(r.bareHeapGrowthKiB)} KiB; DOM nodes Δ ${r.shellNodesDelta} (bare ${r.bareNodesDelta}); listeners Δ ${r.shellListenersDelta} (bare ${r.bareListenersDelta})`,
    r.pass ? 'meets target' : 'MISSES target',
  );
}

if (wanted('P7')) {
  const r = await runP7();
  record(
    'P7',
    'complete 1000 workflow tasks at 20 concurrent through the engine (peer: raw SQL doing the same writes), PGlite and PostgreSQL',
    r.results
      .map((x) => `${x.db}: engine ${Math.round(x.engine.tasksPerSecond)} vs raw ${Math.round(x.raw.tasksPerSecond)} tasks/s = **${fmt(x.ratio, 2)}×**, history rows ${x.historyRows}/${x.tasks}`)
      .join('; ') + ' (target ≥ 0.5×, exactly 1000 history rows)',
    r.pass ? 'meets target' : 'MISSES target',
  );
}

if (wanted('P9')) {
  const r = await runP9();
  record(
    'P9',
    'a route with the permission check (session + grants from the access cache) vs the same route with the check stubbed to allow',
    `${Math.round(r.checkedRps)} vs ${Math.round(r.stubbedRps)} req/s = **${fmt(r.ratio, 2)}×** (target ≥ 0.9×); database queries per warm checked request: ${r.queriesPerCheckedRequest}`,
    r.pass ? 'meets target' : 'MISSES target',
  );
}

if (wanted('P10')) {
  const r = await runP10();
  record(
    'P10',
    `customer search mix over ${r.customers.toLocaleString('en')} customers on PostgreSQL (peer: the same SQL raw through pg)`,
    `repository p50 ${r.repository.p50} / p95 ${r.repository.p95} ms vs raw p50 ${r.raw.p50} / p95 ${r.raw.p95} ms = **${fmt(r.ratio, 2)}×** (targets p95 ≤ 50 ms, ≤ 1.5×); broad queries (>10k matches) p95 ${r.broad.repository.p95} ms`,
    r.pass ? 'meets target' : 'MISSES target',
  );
}

/**
 * A partial run (`npx tsx bench/run-all.ts P4 P7`) replaces its own rows and keeps the other rows of the last
 * document, so that one benchmark can be re-measured without losing the rest.
 */
function mergedRows(): string[] {
  if (only.length === 0) return rows;
  const file = path.join(root, 'docs/benchmarks.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((line) => /^\| P\d+ \|/.test(line)) : [];
  const idOf = (row: string): string => row.split('|')[1]?.trim() ?? '';
  const fresh = new Map(rows.map((row) => [idOf(row), row]));
  const kept = previous.filter((row) => !fresh.has(idOf(row))).map((row) => row.replace(/ \|$/, ' (earlier run) |').replace(/ \(earlier run\) \(earlier run\) \|$/, ' (earlier run) |'));
  const order = (row: string): number => Number(idOf(row).slice(1));
  return [...kept, ...rows].sort((a, b) => order(a) - order(b));
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const doc = `# Benchmark results

Written by \`npm run bench\` (${only.length ? `run: ${only.join(', ')}` : 'all benchmarks'}). Each figure is a ratio against a peer measured in
the same run; absolute times vary between runs on these shared machines and are not comparable across runs.

- Date: ${new Date().toISOString()}
- Machine: ${machine}

| id | scenario | figures | verdict |
|---|---|---|---|
${mergedRows().join('\n')}
`;
writeFileSync(path.join(root, 'docs/benchmarks.md'), doc);
console.log('\nwrote docs/benchmarks.md');
