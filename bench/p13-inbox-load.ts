/**
 * docs/quality.md P13: the task inbox (`GET /api/svc/workflow/v1/inbox`, 我的待办 of 李强 yk01, 业扩受理 of
 * 江北城关供电所) under concurrent load, in two forms:
 *
 * - **PostgreSQL** (the benchmarks' database wb_bench, a fresh schema dropped at the end): autocannon with 50
 *   connections on the inbox against customer search (`GET /api/svc/customer/v1/customers?q=<户号 prefix>`) on the
 *   same instance, same session, same seed; sides alternate in rounds (ABBA). Targets: per-round inbox ÷ search
 *   req/s ≥ 0.8× and the inbox's p99 ≤ 300 ms (verdicts from the p25–p75 of the rounds, bench/lib/verdict.ts).
 * - **embedded** (PGlite in a temporary data folder): 200 connections on the inbox. Target: no request waits more
 *   than 2 s — the server queues, then answers 503 with Retry-After; never a client time-out (autocannon's
 *   time-out is set to 2 s, so a slower answer counts as one), no socket errors.
 *
 * Each form runs one server process (bench/p13-instance.ts: the full app, seeded as a first start seeds:
 * demo accounts, 20,000 customers, the 业扩 processes, ~50 applications in flight); the load comes from this process.
 *
 * Since ADR 0088 a 503 also comes from the embedded database: an admitted request whose turn at its one connection
 * has not come by the request's deadline. `--trace`: the instance prints admission's counters and its event loop's
 * delay every 250 ms (bench/p13-instance.ts), and this process its own loop's longest delay (the client's share).
 *
 *   npx tsx bench/p13-inbox-load.ts [--rounds 4] [--seconds 3] [--embedded-seconds 5] [--short] [--embedded-only] [--trace]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { argument, definedOnly } from './lib/args.ts';
import { benchDatabaseUrl, ensureBenchDatabase, schemaUrl } from './lib/bench-db.ts';
import { startInstance, type ChildInstance } from './lib/instances.ts';
import { loginCookie } from './lib/server.ts';
import { fmt, median } from './lib/stats.ts';
import { combine, describe, verdictOf, type Bar, type Verdict, type VerdictWord } from './lib/verdict.ts';

const RATIO_BAR: Bar = { op: '≥', value: 0.8 };
const P99_BAR: Bar = { op: '≤', value: 300, unit: ' ms' };
const WAIT_LIMIT_MS = 2000;
const USER = 'yk01';
const PASSWORD = 'Bench#P13-2026';
const INBOX = '/api/svc/workflow/v1/inbox';
const SEARCH = '/api/svc/customer/v1/customers';

/** `--short`: a quick check that it works; spreads are wider. */
export const P13_SHORT = { rounds: 2, seconds: 2, embeddedSeconds: 3 } as const;

export interface P13Options {
  rounds?: number;
  /** PostgreSQL form: autocannon seconds per side per round. */
  seconds?: number;
  connections?: number;
  /** Embedded form: seconds of load and its connections. */
  embeddedSeconds?: number;
  embeddedConnections?: number;
}

interface Cannon {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: { url: string; connections: number; duration: number; timeout?: number; headers?: Record<string, string> }) => Promise<Cannon>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface P13Postgres {
  connections: number;
  /** Medians over rounds. */
  inboxRps: number;
  searchRps: number;
  inboxP50Ms: number;
  inboxP99Ms: number;
  searchP99Ms: number;
  /** Inbox items (todo count) yk01 sees: the work each inbox request does. */
  todo: number;
  ratio: Verdict;
  p99: Verdict;
  verdict: VerdictWord;
}

export interface P13Embedded {
  connections: number;
  seconds: number;
  requests: number;
  answered200: number;
  answered503: number;
  otherStatus: number;
  timeouts: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  verdict: VerdictWord;
}

export interface P13Result {
  id: 'P13';
  postgres: P13Postgres | null;
  embedded: P13Embedded;
  notes: string[];
  verdict: VerdictWord;
}

type Instance = ChildInstance;

const TRACE = process.argv.includes('--trace');

function startP13Instance(env: Record<string, string>): Promise<Instance> {
  return startInstance({ DEMO_PASSWORD: PASSWORD, SEED_CUSTOMERS: '20000', SEED: '13', ...(TRACE ? { P13_TRACE: '1' } : {}), ...env }, 300_000, 'bench/p13-instance.ts');
}

async function session(baseURL: string): Promise<string> {
  const c = await loginCookie(baseURL, USER, PASSWORD);
  return `${c.name}=${c.value}`;
}

async function getJson<T>(url: string, cookie: string): Promise<T> {
  const res = await fetch(url, { headers: { cookie } });
  if (!res.ok) throw new Error(`P13: ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A 户号 prefix that finds a handful of customers in yk01's scope (the search side's work). */
async function searchUrl(baseURL: string, cookie: string): Promise<string> {
  const some = await getJson<{ items: Array<{ consNo: string }> }>(`${baseURL}${SEARCH}?q=${encodeURIComponent('人民路')}&pageSize=20`, cookie);
  const consNo = some.items[10]?.consNo ?? some.items[0]?.consNo;
  if (!consNo) throw new Error('P13: yk01 finds no customers; the seed changed?');
  return `${baseURL}${SEARCH}?q=${encodeURIComponent(consNo.slice(0, 8))}`;
}

function cannon(url: string, cookie: string, connections: number, seconds: number, timeoutSeconds = 10): Promise<Cannon> {
  return autocannon({ url, connections, duration: seconds, timeout: timeoutSeconds, headers: { cookie } });
}

function strict(url: string, r: Cannon): Cannon {
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) throw new Error(`P13: ${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} time-outs`);
  return r;
}

async function postgresForm(o: Required<P13Options>): Promise<P13Postgres> {
  const databaseUrl = await ensureBenchDatabase(benchDatabaseUrl());
  const schema = `wb_bench_p13_${process.pid}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.query(`CREATE SCHEMA ${schema}`);
  let instance: Instance | undefined;
  try {
    instance = await startP13Instance({ DATABASE_URL: schemaUrl(databaseUrl, schema), DB_POOL_MAX: '10' });
    await admin.query(`ANALYZE`);
    const cookie = await session(instance.baseURL);
    const inboxUrl = `${instance.baseURL}${INBOX}`;
    const search = await searchUrl(instance.baseURL, cookie);
    const todo = (await getJson<{ counts: { todo: number } }>(inboxUrl, cookie)).counts.todo;
    if (todo === 0) throw new Error('P13: yk01 has no tasks to do; the seed changed?');
    strict(inboxUrl, await cannon(inboxUrl, cookie, o.connections, 1)); // warm-up
    strict(search, await cannon(search, cookie, o.connections, 1));
    const rounds: Array<{ inbox: Cannon; search: Cannon }> = [];
    for (let r = 0; r < o.rounds; r++) {
      const sides = r % 2 === 0 ? (['inbox', 'search'] as const) : (['search', 'inbox'] as const);
      const round = {} as { inbox: Cannon; search: Cannon };
      for (const side of sides) {
        const url = side === 'inbox' ? inboxUrl : search;
        round[side] = strict(url, await cannon(url, cookie, o.connections, o.seconds));
      }
      rounds.push(round);
    }
    const ratio = verdictOf(rounds.map((r) => r.inbox.requests.average / r.search.requests.average), RATIO_BAR);
    const p99 = verdictOf(rounds.map((r) => r.inbox.latency.p99), P99_BAR);
    return {
      connections: o.connections,
      inboxRps: Math.round(median(rounds.map((r) => r.inbox.requests.average))),
      searchRps: Math.round(median(rounds.map((r) => r.search.requests.average))),
      inboxP50Ms: median(rounds.map((r) => r.inbox.latency.p50)),
      inboxP99Ms: median(rounds.map((r) => r.inbox.latency.p99)),
      searchP99Ms: median(rounds.map((r) => r.search.latency.p99)),
      todo,
      ratio,
      p99,
      verdict: combine([ratio, p99]),
    };
  } finally {
    await instance?.stop();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

async function embeddedForm(o: Required<P13Options>): Promise<P13Embedded> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wb-p13-'));
  let instance: Instance | undefined;
  try {
    instance = await startP13Instance({ DATA_DIR: path.join(dataDir, 'data') });
    const cookie = await session(instance.baseURL);
    const inboxUrl = `${instance.baseURL}${INBOX}`;
    await cannon(inboxUrl, cookie, 10, 1); // warm-up
    // A client gives up after 2 s: an answer later than that counts as a time-out.
    const clientLoop = TRACE ? monitorEventLoopDelay({ resolution: 10 }) : null;
    clientLoop?.enable();
    const r = await cannon(inboxUrl, cookie, o.embeddedConnections, o.embeddedSeconds, WAIT_LIMIT_MS / 1000);
    if (clientLoop) process.stderr.write(`p13 trace: the load generator's own event loop: longest delay ${Math.round(clientLoop.max / 1e6)} ms\n`);
    const count = (code: string): number => r.statusCodeStats[code]?.count ?? 0;
    const answered200 = count('200');
    const answered503 = count('503');
    const otherStatus = Object.values(r.statusCodeStats).reduce((a, s) => a + s.count, 0) - answered200 - answered503;
    const ok = r.timeouts === 0 && r.errors === 0 && otherStatus === 0 && r.latency.max <= WAIT_LIMIT_MS && answered200 > 0;
    return {
      connections: o.embeddedConnections,
      seconds: o.embeddedSeconds,
      requests: r.requests.total,
      answered200,
      answered503,
      otherStatus,
      timeouts: r.timeouts,
      errors: r.errors,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      maxMs: r.latency.max,
      verdict: ok ? 'meets' : 'misses',
    };
  } finally {
    await instance?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(options: P13Options = {}): Promise<P13Result> {
  const o: Required<P13Options> = { rounds: 4, seconds: 3, connections: 50, embeddedSeconds: 5, embeddedConnections: 200, ...definedOnly(options) };
  const notes: string[] = [];
  let postgres: P13Postgres | null = null;
  try {
    if (process.argv.includes('--embedded-only')) throw Object.assign(new Error('--embedded-only'), { code: 'SKIPPED' });
    postgres = await postgresForm(o);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ECONNREFUSED' && code !== 'ENOTFOUND' && code !== 'SKIPPED') throw error;
    notes.push(`PostgreSQL form skipped: ${code === 'SKIPPED' ? 'not asked for' : 'unreachable'} (${(error as Error).message})`);
  }
  const embedded = await embeddedForm(o);
  return { id: 'P13', postgres, embedded, notes, verdict: combine([...(postgres ? [postgres] : []), embedded]) };
}

/** A bold key figure (the history's trend shows it), then each form's figures. */
export function describeP13(r: P13Result): string {
  const e = r.embedded;
  const embedded = `embedded (PGlite) ${e.connections} connections ${e.seconds} s: ${e.requests} requests, ${e.answered200}×200, ${e.answered503}×503 (busy), ${e.otherStatus} other, ${e.timeouts} client time-outs (> 2 s), ${e.errors} errors; p50 ${fmt(e.p50Ms, 0)} / p99 ${fmt(e.p99Ms, 0)} / max ${fmt(e.maxMs, 0)} ms (target: max ≤ 2000 ms, no time-out) ${e.verdict}`;
  const p = r.postgres;
  if (!p) return [`**embedded max ${fmt(e.maxMs, 0)} ms**`, embedded, ...r.notes].join('; ');
  const postgres = `PostgreSQL ${p.connections} connections (yk01, ${p.todo} 待办): inbox ${p.inboxRps} vs search ${p.searchRps} req/s, inbox ÷ search ${describe(p.ratio)}; inbox p50 ${fmt(p.inboxP50Ms, 0)} ms, p99 ${describe(p.p99, 0)} (search p99 ${fmt(p.searchP99Ms, 0)} ms)`;
  return [`**${describe(p.ratio)}**`, postgres, embedded, ...r.notes].join('; ');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const short = process.argv.includes('--short') ? P13_SHORT : {};
  const result = await run({
    ...short,
    ...definedOnly({ rounds: argument('rounds'), seconds: argument('seconds'), embeddedSeconds: argument('embedded-seconds'), connections: argument('connections'), embeddedConnections: argument('embedded-connections') }),
  });
  console.log(JSON.stringify(result, null, 2));
  console.log(`P13 inbox under load: ${describeP13(result)} — ${result.verdict}`);
}
