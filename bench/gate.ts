/**
 * The benchmarks' regression gate (issue 19), run by `npm test` after the production build: short modes of the
 * ratio benchmarks that are stable on a shared two-core machine. Each compares the product against a peer
 * measured in the same process, so a slow machine slows both sides; a row fails the gate only when its verdict
 * is "misses" — the bar lies outside the per-round p25–p75 on the wrong side, i.e. the ratio crossed its bar by
 * more than the run's own noise. "inconclusive (noise)" passes and is printed as such. Only ratios (and P6's
 * counts) are gated, never absolute times.
 *
 *   npx tsx bench/gate.ts [P4 P9 P6 P2]      (P6 and P2 need `npm run build`)
 *
 * P3 (first-paint bytes) is gated by its own step (`npm run size`); P1, P5, P7, P8, P10 and P12 are too slow or
 * too noisy for a gate and run with `npm run bench`. Nothing is written to the history: a gate run is not a
 * measurement of record.
 */
import { describeP2, P2_SHORT, run as runP2 } from './p2-app-switch.ts';
import { run as runP4 } from './p4-feed.ts';
import { P6_SHORT, run as runP6 } from './p6-mount-cycles.ts';
import { run as runP9 } from './p9-permission-check.ts';
import { gateOutcome, p6CountsVerdict, rowLine, type GateRow } from './lib/gate-verdict.ts';
import { describe } from './lib/verdict.ts';
import { startBenchServer } from './lib/server.ts';
import type { BenchServer } from './lib/server.ts';

/**
 * P6 and P2 drive Chromium against one bench server, started for the first of them and stopped when the gate ends:
 * each started and seeded its own before (~30 s each). Both compare the shell with a bare root on that same server,
 * so what one leaves behind (sessions, warm caches) reaches both sides of the other alike.
 */
let browserServer: BenchServer | undefined;
const sharedServer = async (): Promise<BenchServer> => (browserServer ??= await startBenchServer(8096));

/** The short modes: enough rounds for a spread, few enough that the whole gate takes a few minutes. */
const ROWS: Record<string, () => Promise<Omit<GateRow, 'seconds'>>> = {
  P4: async () => {
    const r = await runP4({ seconds: 2, rounds: 3 });
    return { id: 'P4', figures: `feed ÷ plain req/s ${describe(r.rpsSpread)}; p99 ratio ${describe(r.p99Spread)}`, verdict: r.verdict };
  },
  P9: async () => {
    const r = await runP9({ requests: 500, rounds: 16 });
    return { id: 'P9', figures: `checked ÷ stubbed req/s ${describe(r.spread)}`, verdict: r.verdict };
  },
  P6: async () => {
    const r = await runP6({ ...P6_SHORT, server: await sharedServer() });
    // Heap growth over 40 cycles is dominated by optimized code (see p6-mount-cycles.ts): only DOM nodes and
    // listeners, which a leak moves by whole app trees per cycle, are gated (bench/lib/gate-verdict.ts).
    return {
      id: 'P6',
      figures: `${r.cycles} cycles after ${r.method}: DOM nodes Δ ${r.shellNodesDelta} (bare ${r.bareNodesDelta}), listeners Δ ${r.shellListenersDelta} (bare ${r.bareListenersDelta}); heap ${Math.round(r.shellHeapGrowthKiB)} vs ${Math.round(r.bareHeapGrowthKiB)} KiB (not gated)`,
      verdict: p6CountsVerdict(r),
    };
  },
  P2: async () => {
    const r = await runP2({ ...P2_SHORT, server: await sharedServer() });
    // The gate reads the ratio to the bare root only: INP's bar is absolute, and under CPU ×4 on a shared
    // two-core machine the bare root misses it too (2026-12-05: shell 464 ms, bare 368 ms). npm run bench keeps it.
    return { id: 'P2', figures: describeP2(r), verdict: r.warmRatio.verdict };
  },
};

const requested = process.argv.slice(2).map((a) => a.toUpperCase()).filter((a) => a in ROWS);
const ids = requested.length > 0 ? requested : Object.keys(ROWS);
const gateStarted = performance.now();
const rows: GateRow[] = [];
try {
  for (const id of ids) {
    const started = performance.now();
    const measured = await (ROWS[id] as () => Promise<Omit<GateRow, 'seconds'>>)();
    const row: GateRow = { ...measured, seconds: Math.round((performance.now() - started) / 1000) };
    rows.push(row);
    console.log(rowLine(row));
  }
} finally {
  await browserServer?.stop();
}
const outcome = gateOutcome(rows, Math.round((performance.now() - gateStarted) / 1000));
console.log(outcome.line);
process.exit(outcome.exitCode);
