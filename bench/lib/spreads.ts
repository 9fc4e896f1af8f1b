/**
 * Spreads for the load benchmarks whose sides are not single requests (issue 19, ADR 0103): P11's long windows are
 * cut into equal stretches of time, each with its own p99; P12 and P14 measure in paired rounds. A failure (an
 * error, a refused login, a failed write) is a miss whatever the figures: a round that lost requests has no
 * latency to compare, and spreadOf would otherwise drop it as "no figure".
 */
import { fmt, percentile } from './stats.ts';
import { combine, type Spread, type Verdict, type VerdictWord } from './verdict.ts';

/** A request of a window: when it started (ms after the window began) and how long it took (ms). */
export interface Timed {
  at: number;
  ms: number;
}

/**
 * The p99 of each of `slices` equal stretches of a `windowMs` window, by each request's start: the spread of one
 * long window. A stretch without requests has no figure (NaN), which the spread leaves out.
 */
export function p99PerSlice(requests: readonly Timed[], windowMs: number, slices: number): number[] {
  const buckets: number[][] = Array.from({ length: slices }, () => []);
  for (const r of requests) {
    const slice = Math.min(slices - 1, Math.max(0, Math.floor((r.at / windowMs) * slices)));
    buckets[slice]!.push(r.ms);
  }
  return buckets.map((ms) => percentile(ms, 99));
}

/** `verdict` turned into a miss when anything failed (`failures` > 0); unchanged otherwise. */
export function failing<V extends Pick<Verdict, 'verdict'>>(verdict: V, failures: number): V {
  return failures > 0 ? { ...verdict, verdict: 'misses' } : verdict;
}

/** Element-wise `a[i] ÷ b[i]` of two sides' per-round figures (the shorter length). */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  return a.slice(0, b.length).map((x, i) => x / (b[i] as number));
}

/**
 * P11's row: the comparison on 2 instances at N sessions (its per-stretch p99 verdict, errors counted in), and the
 * search's largest N against the goal. The search steps are single windows without a spread: when the comparison
 * ran at N ≥ goal and meets while the search's step at the goal missed, the two measurements of the same load
 * disagree, which is noise, not a miss. A comparison at N below the goal (a short or a custom run) leaves the
 * goal to the search alone.
 */
export function largestNVerdict(comparison: Pick<Verdict, 'verdict'>, comparedSessions: number, largest: number, goal: number): VerdictWord {
  const search: VerdictWord =
    largest >= goal ? 'meets' : comparedSessions >= goal && comparison.verdict === 'meets' ? 'inconclusive (noise)' : 'misses';
  return combine([comparison, { verdict: search }]);
}

/** A spread without a bar, as verdict.ts's describe words one with a bar: `1.02× (p25–p75 0.98–1.10, n 5, no bar)`. */
export function describeSpread(s: Spread, digits = 2, unit = '×'): string {
  return `${fmt(s.median, digits)}${unit} (p25–p75 ${fmt(s.p25, digits)}–${fmt(s.p75, digits)}, n ${s.n}, no bar)`;
}
