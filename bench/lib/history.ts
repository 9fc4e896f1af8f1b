/**
 * Benchmark history (issue 19): every run of bench/run-all.ts appends one JSON line per benchmark to
 * docs/benchmarks-history.jsonl, and docs/benchmarks.md is generated from that file alone: the latest run of
 * each row, then each row's last runs as a trend. Nothing is lost when one benchmark is re-run.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
}

export interface HistoryEntry {
  /** ISO time the run (run-all) started; all rows of one run share it. */
  date: string;
  /** Short commit, `+dirty` when the work tree had changes. */
  commit: string;
  machine: Machine;
  id: string;
  scenario: string;
  /** The figures as printed in the table (markdown). */
  figures: string;
  /** The row's key figure for the trend, e.g. `1.28×`. */
  headline: string;
  /** `meets target`, `MISSES target` or `inconclusive (noise)`. */
  verdict: string;
  /** How long the benchmark took, seconds (setup included). */
  seconds?: number;
  /** The benchmark's result object, for tools (a CI gate, charts). */
  data?: unknown;
  /** Set on entries that were not measured by this tooling (imported from an older document). */
  note?: string;
}

export function machineInfo(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.platform()} ${os.release()}`,
  };
}

/** Read-only git queries: the commit measured, and whether the tree differed from it. */
export function gitCommit(cwd: string): string {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${hash}+dirty` : hash;
  } catch {
    return 'unknown';
  }
}

/**
 * The first bold figure of a row (`**1.28×**`; a spread from verdict.ts shortened to `1.28× [1.20–1.31]`, or
 * `626 ms [590–700]`, with any words before it), else its figures up to the first `;` or `(`.
 */
export function headlineOf(figures: string): string {
  const bold = /\*\*([^*]+)\*\*/.exec(figures)?.[1];
  if (!bold) return figures.split(/[;(]/)[0]?.trim().slice(0, 48) ?? '';
  const spread = /^(.+?) \(p25–p75 ([^,]+),/.exec(bold);
  return spread ? `${spread[1]} [${spread[2]}]` : bold;
}

export function readHistory(file: string): HistoryEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as HistoryEntry);
}

export function appendHistory(file: string, entries: readonly HistoryEntry[]): void {
  if (entries.length > 0) appendFileSync(file, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
}

const order = (id: string): number => Number(id.replace(/^P/, ''));
const day = (iso: string): string => iso.slice(0, 10);
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function describeMachine(m: Machine): string {
  return `${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}`;
}

/** Each row's entries, newest first, rows in P order. */
function byRow(history: readonly HistoryEntry[]): Map<string, HistoryEntry[]> {
  const rows = new Map<string, HistoryEntry[]>();
  for (const entry of [...history].reverse()) rows.set(entry.id, [...(rows.get(entry.id) ?? []), entry]);
  return new Map([...rows].sort(([a], [b]) => order(a) - order(b)));
}

function latestTable(rows: Map<string, HistoryEntry[]>): string[] {
  const lines = ['| id | scenario | figures | verdict | run (date, commit, duration) |', '|---|---|---|---|---|'];
  for (const [id, [latest]] of rows) {
    if (!latest) continue;
    const took = latest.seconds === undefined ? '' : `, ${latest.seconds} s`;
    const run = `${day(latest.date)}, ${latest.commit}${took}${latest.note ? ` (${latest.note})` : ''}`;
    lines.push(`| ${id} | ${cell(latest.scenario)} | ${cell(latest.figures)} | ${latest.verdict} | ${cell(run)} |`);
  }
  return lines;
}

function trendTable(rows: Map<string, HistoryEntry[]>, runs: number): string[] {
  const lines = [`| id | last ${runs} runs, newest first: key figure, verdict (date, commit) |`, '|---|---|'];
  for (const [id, entries] of rows) {
    const trend = entries.slice(0, runs).map((e) => `${cell(e.headline)} ${e.verdict.replace(' target', '')} (${day(e.date)}, ${e.commit}${e.note === 'short mode' ? ', short' : ''})`);
    lines.push(`| ${id} | ${trend.join(' ← ')} |`);
  }
  return lines;
}

function machines(rows: Map<string, HistoryEntry[]>, runs: number): string[] {
  const seen = new Set([...rows.values()].flatMap((entries) => entries.slice(0, runs).map((e) => describeMachine(e.machine))));
  return [...seen].map((m) => `- ${m}`);
}

/** docs/benchmarks.md, generated from the history only. */
export function renderBenchmarksMd(history: readonly HistoryEntry[], trendRuns = 6): string {
  const rows = byRow(history);
  return [
    '# Benchmark results',
    '',
    'Generated by `npm run bench` (bench/run-all.ts) from [benchmarks-history.jsonl](benchmarks-history.jsonl), one JSON',
    'line per benchmark per run; edit neither by hand. Each figure is a ratio against a peer measured in the same run,',
    'with the spread of the per-round (paired) ratios where the benchmark reports one: a verdict is "inconclusive',
    '(noise)" when that p25–p75 straddles the bar. Absolute times vary between runs on these shared machines.',
    '',
    '## Latest run of each row',
    '',
    ...latestTable(rows),
    '',
    '## Trend',
    '',
    ...trendTable(rows, trendRuns),
    '',
    '## Machines of these runs',
    '',
    ...machines(rows, trendRuns),
    '',
  ].join('\n');
}
