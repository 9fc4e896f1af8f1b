/**
 * docs/quality.md P12: real logins while 50 clients flood the login with bogus credentials from other addresses,
 * against real logins on an idle server. Target: p99 of the real logins under the flood ≤ 1.5 s (ADR 0018).
 *
 *   npx tsx bench/p12-login-flood.ts [--clients 50] [--samples 30]
 *
 * The server runs in a child process (this file with `--serve`): the app on PGlite at the production scrypt
 * cost (N=2^17: the real users' hashes and the dummy hash of unknown users), production login limits unless
 * LOGIN_* variables say otherwise, listening on 127.0.0.1. Every flood client binds its own loopback address
 * (127.0.0.10 + i; the whole 127.0.0.0/8 is local) and sends logins with a random username and password as
 * fast as answers come, ignoring Retry-After, as a hostile script would. The real users sign in from
 * 127.0.0.1, where they signed in before (a known address, as a user's workstation is); logins from
 * addresses never seen before are measured as well and reported, without a target.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { DEFAULT_LOGIN_LIMITS } from '../services/src/identity/login-guard.ts';
import { DEFAULT_SCRYPT_N, createPasswordHasher } from '../services/src/identity/password.ts';
import { TEST_REGISTRY_DIRS, createTestApp } from '../services/src/testing/harness.ts';
import { fmt, median, percentile } from './lib/stats.ts';
import { argument } from './lib/args.ts';
import { passLabel } from './lib/verdict.ts';

const TARGET_P99_MS = 1500;
const PASSWORD = 'Bench#Login-2026';
const REAL_USERS = ['kf01', 'yk01', 'mgr01'];
/** Production login limits (config.ts defaults) unless the environment of the run sets them. */
const LOGIN_DEFAULTS = {
  LOGIN_ADDRESS_MAX_ATTEMPTS: String(DEFAULT_LOGIN_LIMITS.addressMaxAttemptsPerMinute),
  LOGIN_ADDRESS_MAX_FAILURES: String(DEFAULT_LOGIN_LIMITS.addressMaxFailures),
  // The test harness answers refusals at once (it logs in thousands of times from one address); production does not.
  LOGIN_REFUSAL_DELAY_MS: String(DEFAULT_LOGIN_LIMITS.refusalDelayMs),
};

export interface LatencySummary {
  samples: number;
  p50: number;
  p99: number;
  /** Answers other than 200. */
  refused: Record<string, number>;
}

export interface P12Result {
  id: 'P12';
  clients: number;
  idle: LatencySummary;
  flood: LatencySummary;
  /** Real users at addresses they never signed in from, during the flood (no target). */
  newAddress: LatencySummary;
  /** Status → count of the flood's answers, and their rate. */
  floodAnswers: Record<string, number>;
  floodPerSecond: number;
  rssMiB: { idle: number; peak: number };
  /** flood p99 ÷ idle p99 */
  ratio: number;
  pass: boolean;
}

interface Answer {
  status: number;
  ms: number;
}

function login(port: number, localAddress: string, agent: http.Agent, username: string, password: string): Promise<Answer> {
  const body = JSON.stringify({ username, password });
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/identity/login',
        method: 'POST',
        localAddress,
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-workbench-request': '1',
          origin: `http://127.0.0.1:${port}`,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    request.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    request.end(body);
  });
}

function summary(answers: readonly Answer[]): LatencySummary {
  const ok = answers.filter((a) => a.status === 200).map((a) => a.ms);
  const refused: Record<string, number> = {};
  for (const a of answers) if (a.status !== 200) refused[a.status] = (refused[a.status] ?? 0) + 1;
  // A refused real login counts as slow as the slowest: it did not get in.
  const all = answers.map((a) => (a.status === 200 ? a.ms : Number.POSITIVE_INFINITY));
  return { samples: answers.length, p50: Math.round(median(ok)), p99: Math.round(percentile(all, 99)), refused };
}

const progress = (message: string): void => {
  process.stderr.write(`P12: ${message}\n`);
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function rssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve'], {
    env: { ...LOGIN_DEFAULTS, ...process.env, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^port (\d+)$/m.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`P12 server exited with ${code}`)));
  });
  return { child, port };
}

async function sequential(count: number, gapMs: number, one: (i: number) => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < count; i++) {
    answers.push(await one(i));
    await sleep(gapMs);
  }
  return answers;
}

export async function run(options: { clients?: number; samples?: number } = {}): Promise<P12Result> {
  const clients = options.clients ?? 50;
  const samples = options.samples ?? 30;
  const { child, port } = await startServer();
  const agent = new http.Agent({ keepAlive: true });
  try {
    const real = (i: number, address = '127.0.0.1'): Promise<Answer> => login(port, address, agent, REAL_USERS[i % REAL_USERS.length]!, PASSWORD);
    progress(`server on port ${port}; idle phase`);
    for (let i = 0; i < REAL_USERS.length; i++) await real(i); // warm-up; 127.0.0.1 becomes a known address
    const idle = await sequential(samples, 100, (i) => real(i));
    const idleRss = rssMiB(child.pid);

    let flooding = true;
    const floodAnswers: Record<string, number> = {};
    let peakRss = idleRss;
    const floodStarted = performance.now();
    const flooders = Array.from({ length: clients }, async (_, c) => {
      const address = `127.0.0.${10 + c}`;
      const own = new http.Agent({ keepAlive: true, maxSockets: 1 });
      while (flooding) {
        const answer = await login(port, address, own, `u${randomBytes(6).toString('hex')}`, randomBytes(9).toString('base64'));
        floodAnswers[answer.status] = (floodAnswers[answer.status] ?? 0) + 1;
      }
      own.destroy();
    });
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssMiB(child.pid));
    }, 250);
    progress(`idle done (p99 ${summary(idle).p99} ms); flooding from ${clients} addresses`);
    await sleep(3000); // the flood is in full swing before the first real login
    const flood = await sequential(samples, 250, (i) => real(i));
    const newAddress = await sequential(Math.ceil(samples / 3), 250, (i) => real(i, `127.0.1.${i + 1}`));
    flooding = false;
    const floodSeconds = (performance.now() - floodStarted) / 1000;
    await Promise.all(flooders);
    clearInterval(sampler);

    const idleSummary = summary(idle);
    const floodSummary = summary(flood);
    const total = Object.values(floodAnswers).reduce((a, b) => a + b, 0);
    const ratio = Math.round((floodSummary.p99 / idleSummary.p99) * 100) / 100;
    return {
      id: 'P12',
      clients,
      idle: idleSummary,
      flood: floodSummary,
      newAddress: summary(newAddress),
      floodAnswers,
      floodPerSecond: Math.round((total / floodSeconds) * 10) / 10,
      rssMiB: { idle: idleRss, peak: peakRss },
      ratio,
      pass: floodSummary.p99 <= TARGET_P99_MS && Object.keys(floodSummary.refused).length === 0,
    };
  } finally {
    agent.destroy();
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

/** The server side (`--serve`): production scrypt cost for users and the dummy hash, production login limits. */
async function serve(): Promise<void> {
  const login = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('LOGIN_'))) as Record<string, string>;
  const t = await createTestApp('pglite', { registry: TEST_REGISTRY_DIRS, env: login, testing: { scryptN: DEFAULT_SCRYPT_N } });
  const hasher = createPasswordHasher();
  for (const username of REAL_USERS) {
    await t.db.query('UPDATE sys_user SET password_hash = $2, must_change_password = false WHERE username = $1', [username, await hasher.hash(PASSWORD)]);
  }
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  process.stdout.write(`port ${typeof address === 'object' && address ? address.port : 0}\n`);
  process.once('SIGTERM', () => {
    void t.close().finally(() => process.exit(0));
  });
}

export function describeP12(r: P12Result): string {
  const refused = (s: LatencySummary): string =>
    Object.keys(s.refused).length ? `, refused ${Object.entries(s.refused).map(([k, v]) => `${v}×${k}`).join(' ')}` : '';
  const answers = Object.entries(r.floodAnswers).map(([k, v]) => `${v}×${k}`).join(' ');
  return (
    `real logins under the flood **p99 ${fmt(r.flood.p99, 0)} ms** (target ≤ ${TARGET_P99_MS} ms), p50 ${r.flood.p50} ms, ${r.flood.samples} logins${refused(r.flood)}; ` +
    `idle p50/p99 ${r.idle.p50}/${r.idle.p99} ms (flood ÷ idle p99 ${fmt(r.ratio, 2)}×); at new addresses p50/p99 ${r.newAddress.p50}/${fmt(r.newAddress.p99, 0)} ms${refused(r.newAddress)}; ` +
    `flood ${r.floodPerSecond} req/s from ${r.clients} addresses (${answers}); server RSS ${r.rssMiB.idle} → peak ${r.rssMiB.peak} MiB`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--serve')) {
    await serve();
  } else {
    const result = await run({ clients: argument('clients'), samples: argument('samples') });
    console.log(JSON.stringify(result, null, 2));
    console.log(`P12: ${describeP12(result)} — ${passLabel(result.pass)}`);
  }
}
