import { staticClosure, type GraphFile } from './graph.ts';
import { SHARED_URL_PREFIX, type SharedDepsManifest } from './manifest.ts';

/** The parts of shell.json the budget reads. */
export interface ShellFacts {
  readonly entry: string;
  readonly css?: readonly string[];
  readonly files: ReadonlyArray<GraphFile & { gzip: number; externalImports: readonly string[] }>;
}

export interface BudgetRow {
  readonly file: string;
  readonly gzip: number;
  readonly part: 'shell' | 'shared';
  /** Shared specifiers whose import-map URL is this file. */
  readonly specifiers: readonly string[];
}

export interface FirstPaintReport {
  readonly rows: readonly BudgetRow[];
  /** Shared specifiers the shell imports statically. */
  readonly sharedSpecifiers: readonly string[];
  /** gzip bytes. */
  readonly shellOwn: number;
  readonly shared: number;
  readonly total: number;
}

/** docs/quality.md P3 limits, in gzip bytes. */
export const FIRST_PAINT_BUDGET = { total: 350 * 1024, shellOwn: 50 * 1024 } as const;

function sharedFileOf(shared: SharedDepsManifest, specifier: string): string {
  const url = shared.importMap.imports[specifier];
  if (!url) throw new Error(`the shell imports ${specifier}, which the shared build does not provide`);
  return url.startsWith(SHARED_URL_PREFIX) ? url.slice(SHARED_URL_PREFIX.length) : url;
}

/**
 * JavaScript (and entry CSS) a browser must load before the shell can paint: the shell entry with its static
 * import graph, plus the shared modules that graph imports with theirs. Dynamic imports are not counted.
 */
export function firstPaintReport(shell: ShellFacts, shared: SharedDepsManifest): FirstPaintReport {
  const shellFiles = staticClosure(shell.files, [shell.entry, ...(shell.css ?? [])]);
  const sharedSpecifiers = [...new Set(shellFiles.flatMap((f) => f.externalImports))].sort();
  const sharedFiles = staticClosure(shared.files, sharedSpecifiers.map((s) => sharedFileOf(shared, s)));
  const specifiersByFile = new Map<string, string[]>();
  for (const s of sharedSpecifiers) {
    const file = sharedFileOf(shared, s);
    specifiersByFile.set(file, [...(specifiersByFile.get(file) ?? []), s]);
  }
  const rows: BudgetRow[] = [
    ...shellFiles.map((f) => ({ file: f.file, gzip: f.gzip, part: 'shell' as const, specifiers: [] })),
    ...sharedFiles.map((f) => ({ file: f.file, gzip: f.gzip, part: 'shared' as const, specifiers: specifiersByFile.get(f.file) ?? [] })),
  ].sort((a, b) => b.gzip - a.gzip);
  const shellOwn = shellFiles.reduce((sum, f) => sum + f.gzip, 0);
  const sharedTotal = sharedFiles.reduce((sum, f) => sum + f.gzip, 0);
  return { rows, sharedSpecifiers, shellOwn, shared: sharedTotal, total: shellOwn + sharedTotal };
}

/** Budget violations in words; empty when the report is within docs/quality.md P3. */
export function budgetViolations(report: FirstPaintReport): string[] {
  const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  const problems: string[] = [];
  if (report.total > FIRST_PAINT_BUDGET.total) {
    problems.push(`first-paint JavaScript is ${kib(report.total)} gzip, over the ${kib(FIRST_PAINT_BUDGET.total)} budget`);
  }
  if (report.shellOwn > FIRST_PAINT_BUDGET.shellOwn) {
    problems.push(`the shell's own code is ${kib(report.shellOwn)} gzip, over the ${kib(FIRST_PAINT_BUDGET.shellOwn)} allowed above the shared modules`);
  }
  return problems;
}
