/**
 * docs/quality.md P3 size budget (runs in CI): gzip bytes of the JavaScript needed for first paint — the shell entry, its
 * static import graph, and the shared modules it imports statically (followed through the import map of
 * shared-deps.json and their own static imports). Dynamic imports are not counted.
 * Fails (exit 1) when the total exceeds 350 KiB or the shell's own code exceeds 50 KiB (the shared modules are the
 * bare peer, so shell-own = total − shared).
 *
 *   npm run size                 table
 *   npm run size -- --json       machine-readable (bench/ writes it to docs/benchmarks.md)
 *   --shell-dist <dir> --shared-dist <dir>   other build directories
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  FIRST_PAINT_BUDGET,
  budgetViolations,
  firstPaintReport,
  type FirstPaintReport,
  type ShellFacts,
} from '../packages/shared-deps/src/first-paint.ts';
import { readSharedDeps } from '../packages/shared-deps/src/manifest.ts';

const ROOT = resolve(import.meta.dirname, '..');

function readShell(dir: string): ShellFacts {
  const path = join(dir, 'shell.json');
  if (!existsSync(path)) {
    throw new Error(`${path} not found: run \`npm run build\` first (or \`npm run build -w shell\`)`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as ShellFacts;
}

const kib = (bytes: number): string => (bytes / 1024).toFixed(1).padStart(8);

function printTable(report: FirstPaintReport): void {
  console.log(`${'gzip KiB'.padStart(8)}  part    file (shared specifiers)`);
  for (const row of report.rows) {
    const label = row.specifiers.length > 0 ? `${row.file} (${row.specifiers.join(', ')})` : row.file;
    console.log(`${kib(row.gzip)}  ${row.part.padEnd(6)}  ${label}`);
  }
  console.log('');
  console.log(`${kib(report.shared)}  shared  ${report.rows.filter((r) => r.part === 'shared').length} files`);
  console.log(`${kib(report.shellOwn)}  shell   own code (limit ${(FIRST_PAINT_BUDGET.shellOwn / 1024).toFixed(0)} KiB)`);
  console.log(`${kib(report.total)}  total   first-paint JavaScript (limit ${(FIRST_PAINT_BUDGET.total / 1024).toFixed(0)} KiB)`);
}

function main(): number {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      'shell-dist': { type: 'string', default: join(ROOT, 'shell/dist') },
      'shared-dist': { type: 'string', default: join(ROOT, 'packages/shared-deps/dist') },
    },
  });
  const report = firstPaintReport(readShell(resolve(values['shell-dist'])), readSharedDeps(resolve(values['shared-dist'])));
  const problems = budgetViolations(report);
  if (values.json) console.log(JSON.stringify({ ...report, budget: FIRST_PAINT_BUDGET, problems }, null, 2));
  else printTable(report);
  for (const problem of problems) console.error(`size budget (docs/quality.md P3): ${problem}`);
  if (!values.json && problems.length === 0) console.log('size budget (docs/quality.md P3): within limits');
  return problems.length === 0 ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`size budget: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
