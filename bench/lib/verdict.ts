/**
 * Spreads and verdicts (issue 19): a benchmark measures its two sides in alternating rounds and hands the
 * per-round (paired) figures here, e.g. checked ÷ stubbed req/s of each round. The verdict is read from the
 * interquartile range, not from one median: when p25–p75 straddles the bar, the run cannot tell the two
 * apart from machine noise and says so instead of flipping between "meets" and "misses" from run to run.
 */
import { fmt, percentile } from './stats.ts';

export type VerdictWord = 'meets' | 'misses' | 'inconclusive (noise)';

/** A target: figures must be at least (`≥`) or at most (`≤`) the bar. */
export interface Bar {
  op: '≥' | '≤';
  value: number;
  /** Printed after the number: '×' for ratios, ' ms' for times. */
  unit?: string;
}

export interface Spread {
  p25: number;
  median: number;
  p75: number;
  /** Number of paired rounds the spread is taken from. */
  n: number;
}

export interface Verdict extends Spread {
  bar: Bar;
  verdict: VerdictWord;
}

/**
 * Rounds without a figure (NaN: a side that completed no request in its window on an overloaded machine) are
 * left out: a missing measurement is not a ratio of 0 or infinity, and NaN would scramble the percentiles.
 */
export function spreadOf(measured: readonly number[]): Spread {
  const samples = measured.filter(Number.isFinite);
  return { p25: percentile(samples, 25), median: percentile(samples, 50), p75: percentile(samples, 75), n: samples.length };
}

const satisfies = (value: number, bar: Bar): boolean => (bar.op === '≥' ? value >= bar.value : value <= bar.value);

/** Fewer paired rounds with figures than this have no spread to speak of: the verdict is noise, never a miss. */
export const MIN_ROUNDS = 3;

/** Inconclusive when the bar lies strictly inside p25–p75 (or too few rounds had figures); otherwise the median decides. */
export function verdictOf(samples: readonly number[], bar: Bar): Verdict {
  const spread = spreadOf(samples);
  if (spread.n < MIN_ROUNDS) return { ...spread, bar, verdict: 'inconclusive (noise)' };
  const straddles = spread.p25 < bar.value && bar.value < spread.p75;
  const verdict: VerdictWord = straddles ? 'inconclusive (noise)' : satisfies(spread.median, bar) ? 'meets' : 'misses';
  return { ...spread, bar, verdict };
}

/** Several targets of one row: any miss misses; otherwise any inconclusive one makes the row inconclusive. */
export function combine(verdicts: readonly Pick<Verdict, 'verdict'>[]): VerdictWord {
  if (verdicts.some((v) => v.verdict === 'misses')) return 'misses';
  if (verdicts.some((v) => v.verdict === 'inconclusive (noise)')) return 'inconclusive (noise)';
  return 'meets';
}

/** `0.93× (p25–p75 0.90–0.95, n 12; target ≥ 0.9×) meets` */
export function describe(v: Verdict, digits = 2): string {
  const unit = v.bar.unit ?? '×';
  const n = (x: number): string => `${fmt(x, digits)}${unit}`;
  return `${n(v.median)} (p25–p75 ${fmt(v.p25, digits)}–${fmt(v.p75, digits)}, n ${v.n}; target ${v.bar.op} ${n(v.bar.value)}) ${v.verdict}`;
}

/** A pass/fail benchmark's verdict as run-all prints it in the table. */
export function passLabel(pass: boolean): string {
  return pass ? 'meets target' : 'MISSES target';
}

/** The verdict as run-all prints it in the table. */
export function verdictLabel(word: VerdictWord): string {
  return word === 'meets' ? 'meets target' : word === 'misses' ? 'MISSES target' : 'inconclusive (noise)';
}
