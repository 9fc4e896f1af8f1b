// docs/quality.md P18 (issue 22): assembling a 界面部件 through the shell costs no more than mounting the
// provider's parcel directly — per-round ratio ≤ 1.1×. The provider's entry module is already loaded (the browser
// caches it after the first part of that app on a page), so both sides run the same `createReactPart` parcel;
// the assembled side adds what a consumer's `mountPart` / `<AppPart>` goes through: the feed's availability
// decision, the lazy part mounter, the part's instance props (memory history, leave guards, event connection in
// the consumer's scope) and the holder. Measured in one process with one DOM (happy-dom), paired mount by mount
// (bench/p18-part-assembly-worker.ts, a child process: the SDK's .tsx files need the browser tsconfig's JSX).
//
//   npx tsx bench/p18-part-assembly.ts [--rounds 15] [--size 20] [--json]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { argument } from './lib/args.ts';
import { fmt } from './lib/stats.ts';
import { describe, verdictLabel, type Verdict } from './lib/verdict.ts';

export interface P18Result {
  rounds: number;
  /** Mount + unmount pairs per round. */
  size: number;
  /** Median milliseconds per mount + unmount. */
  directMs: number;
  assembledMs: number;
  /** Assembled ÷ direct time per round; target ≤ 1.1×. */
  ratio: Verdict;
}

export const P18_SHORT = { rounds: 8, size: 10 } as const;

const root = path.resolve(import.meta.dirname, '..');

export async function run(options: { rounds?: number; size?: number } = {}): Promise<P18Result> {
  const args = ['--import', 'tsx', path.join(root, 'bench/p18-part-assembly-worker.ts')];
  if (options.rounds !== undefined) args.push('--rounds', String(options.rounds));
  if (options.size !== undefined) args.push('--size', String(options.size));
  const out = execFileSync(process.execPath, args, {
    cwd: root,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.browser.json') },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  const line = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as P18Result;
}

export function describeP18(r: P18Result): string {
  return `part through mountPart and the shell's parts capability ${fmt(r.assembledMs, 2)} ms vs the same parcel mounted directly ${fmt(r.directMs, 2)} ms per mount + unmount; per-round ratio **${describe(r.ratio)}**`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run({ ...(argument('rounds') !== undefined ? { rounds: argument('rounds') } : {}), ...(argument('size') !== undefined ? { size: argument('size') } : {}) });
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
  else console.log(`P18 ${r.rounds} rounds × ${r.size}: ${describeP18(r)} — ${verdictLabel(r.ratio.verdict)}`);
}
