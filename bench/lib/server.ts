// Starts the production server for a benchmark run: a fresh embedded database in .data-bench, the built
// shell, shared deps and micro-apps. Benchmarks compare against a peer in the same run, so absolute
// figures from this machine are not compared across runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

export interface BenchServer {
  baseURL: string;
  stop(): Promise<void>;
}

/**
 * A running server lent to a benchmark (the regression gate starts one for its browser rows: a fresh server seeds
 * for ~30 s): the benchmark uses it as its own and its `stop` leaves it running for the lender.
 */
export function lent(server: BenchServer): BenchServer {
  return { baseURL: server.baseURL, stop: async () => {} };
}

const root = path.resolve(import.meta.dirname, '..', '..');

export async function startBenchServer(port = 8095, env: Record<string, string> = {}): Promise<BenchServer> {
  // `env.DATA_DIR` gives a run its own folder (two benchmarks at once must not share or wipe one database).
  const dataDir = env.DATA_DIR ?? path.join(root, '.data-bench');
  const baseURL = `http://localhost:${port}`;
  // Another server on the port (a parallel run, or one left behind) would answer the health check for ours.
  if (await answers(`${baseURL}/api/health`)) throw new Error(`port ${port} is taken by another server: stop it or run one benchmark at a time`);
  rmSync(dataDir, { recursive: true, force: true });
  const child: ChildProcess = spawn('node', ['--import', 'tsx', 'services/src/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), SEED_CUSTOMERS: '2000', NODE_ENV: 'production', ...env, DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  // First start seeds the database: about a minute on a quiet machine, more on a loaded one (BENCH_SERVER_START_MS).
  const startMs = Number(process.env.BENCH_SERVER_START_MS ?? 120_000);
  const deadline = Date.now() + startMs;
  for (;;) {
    if (await answers(`${baseURL}/api/health`)) break;
    if (exitCode !== undefined) throw new Error(`bench server exited (${exitCode}) before answering on port ${port}`);
    if (Date.now() > deadline) {
      // Never leave it behind: it would hold the port (and the data folder) for the next run.
      child.kill('SIGTERM');
      throw new Error(`bench server did not start within ${startMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    baseURL,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exitCode !== undefined) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/** Logs in through the API and returns the session cookie header value. */
export async function loginCookie(baseURL: string, username: string, password = process.env.DEMO_PASSWORD ?? 'Workbench#2026'): Promise<{ name: string; value: string }> {
  const res = await fetch(`${baseURL}/api/identity/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-workbench-request': '1', origin: baseURL },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie') ?? '';
  const match = /^([^=]+)=([^;]+)/.exec(cookie);
  if (!match?.[1] || !match[2]) throw new Error('no session cookie');
  return { name: match[1], value: match[2] };
}
