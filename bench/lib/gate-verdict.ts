/**
 * The regression gate's decisions (bench/gate.ts, issue 19), kept apart from the measuring so that a test can
 * feed them a deliberately broken ratio or a leaking mount cycle and see the gate fail (bench/lib/gate-verdict.test.ts).
 *
 * A row fails the gate only when its verdict is "misses": its bar lies outside the per-round p25–p75 on the
 * wrong side (bench/lib/verdict.ts), i.e. the ratio crossed the bar by more than the run's own noise.
 * "inconclusive (noise)" passes and is printed as such.
 */
import type { VerdictWord } from './verdict.ts';

export interface GateRow {
  id: string;
  figures: string;
  verdict: VerdictWord;
  /** How long the row took, whole seconds. */
  seconds?: number;
}

/**
 * A leak grows by whole app trees per cycle (the customer-archive app: dozens of DOM nodes, several listeners), so
 * after `cycles` cycles it shows as at least `cycles` nodes or listeners. The end state of one run is noisy by
 * itself (a notice or a layer that is open at the last count): two runs on a quiet machine gave Δ −49 and Δ +39
 * nodes, Δ 0 and Δ +3 listeners. A row misses when the growth reaches three nodes per cycle (beyond that ±50 band
 * at 40 cycles), or one listener per four cycles — still a small fraction of one leaked tree per cycle.
 */
export const P6_NODES_PER_CYCLE = 3;
export const P6_LISTENERS_PER_CYCLE = 0.25;

/** P6 in the gate: DOM nodes and listeners after the measured cycles, against the counts before them. */
export function p6CountsVerdict(r: { cycles: number; shellNodesDelta: number; shellListenersDelta: number }): VerdictWord {
  const leaks = r.shellNodesDelta >= r.cycles * P6_NODES_PER_CYCLE || r.shellListenersDelta >= r.cycles * P6_LISTENERS_PER_CYCLE;
  return leaks ? 'misses' : 'meets';
}

export function rowLine(row: GateRow): string {
  const time = row.seconds === undefined ? '' : ` (${row.seconds} s)`;
  return `${row.verdict === 'misses' ? '✗' : '✓'} ${row.id}: ${row.figures} — ${row.verdict}${time}`;
}

/** The gate's last line and exit code: 1 when any row misses its bar; noise alone never fails it. */
export function gateOutcome(rows: readonly GateRow[], seconds?: number): { line: string; exitCode: 0 | 1 } {
  const missed = rows.filter((r) => r.verdict === 'misses');
  const noisy = rows.filter((r) => r.verdict === 'inconclusive (noise)').length;
  const time = seconds === undefined ? '' : ` in ${seconds} s`;
  const noise = noisy > 0 ? ` (${noisy} inconclusive within noise)` : '';
  if (missed.length === 0) return { line: `benchmark gate: ${rows.length} rows, none misses its bar${noise}${time}`, exitCode: 0 };
  return { line: `benchmark gate: ${missed.length} of ${rows.length} rows miss their bar (${missed.map((r) => r.id).join(', ')})${time}`, exitCode: 1 };
}
