// Starts bench/lib/instance.ts in a child process and waits for its port: benchmarks whose sides are
// separate server processes (P5's gateway and upstream) use it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { InstanceMark } from './serve-instance.ts';

export interface ChildInstance {
  baseURL: string;
  pid: number;
  /**
   * Instance programs that end in serveInstance (bench/lib/serve-instance.ts) only: ends the current interval
   * (SIGUSR2) and resolves to what the instance did in it (CPU, event-loop delay, a CPU profile).
   */
  mark(): Promise<InstanceMark>;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..', '..');

/** Test logins from one address thousands of times a minute: the per-address limits are lifted, as in the test harness. */
const BENCH_LOGIN_ENV = { LOGIN_ADDRESS_MAX_ATTEMPTS: '1000000', LOGIN_ADDRESS_MAX_FAILURES: '100000' };

/**
 * `script`: the instance program, default bench/lib/instance.ts (an already seeded database); P13 passes
 * bench/p13-instance.ts (production mode, seeded on first start like `npm start`).
 */
export async function startInstance(env: Record<string, string>, timeoutMs = 120_000, script = 'bench/lib/instance.ts'): Promise<ChildInstance> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, script)], {
    cwd: root,
    env: { ...process.env, ...BENCH_LOGIN_ENV, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const marks: Array<(mark: InstanceMark) => void> = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench instance did not listen within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`bench instance exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      } else if (line.startsWith('mark ')) marks.shift()?.(JSON.parse(line.slice('mark '.length)) as InstanceMark);
    });
  });
  return {
    baseURL: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    mark: () =>
      new Promise<InstanceMark>((resolve) => {
        marks.push(resolve);
        child.kill('SIGUSR2');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
