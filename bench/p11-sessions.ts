/**
 * docs/quality.md P11: N concurrent staff sessions with think time against the cluster — two server instances
 * behind the front door (nginx with deploy/nginx.conf when installed, else a Node stand-in with its rules;
 * bench/lib/front.ts) on PostgreSQL (the benchmarks' database wb_bench, a fresh schema dropped at the end) and
 * Redis — against the same N on one instance behind the same kind of front.
 *
 * The load generator models sessions, not connections: each session logs in once (before the measured window,
 * a few logins at a time), keeps its cookie, and loops over the day's work of a 业扩 受理 clerk — open the feed
 * (`/api/registry/feed`), search customers by name, list the inbox — with a think time between actions (uniform
 * 0.5–1.5 × `--think` seconds), and one write a minute per person (a 受理 with an Idempotency-Key). Sessions start
 * spread over one think time; only requests started in the measured window count. Any non-2xx answer, network
 * error or client time-out (10 s) is an error.
 *
 * Reported: p50/p99 and errors at N sessions on 1 and on 2 instances, then a search for the largest N that
 * 2 instances hold at p99 ≤ 200 ms with 0 errors (doubling from `--from`, then bisecting). Goal: 2,000.
 *
 * The staff (ADR 0091): `--users` 业扩受理员 (default 80, ten per 供电所 of the seed) added to the schema, with one
 * 勘查员 in every 供电所 that has none, so that every 受理 tells someone; session i logs in as clerk i mod users and
 * takes its 受理 in the clerk's 供电所. One user for every session (ADR 0084's runs) piled the whole day's history
 * and inbox-cache invalidations on one person; one clerk per session would put hundreds of 受理员 in one 供电所,
 * and every 受理 notifies all of them (its 受理 task's candidates) before it completes the task.
 *
 * Windows (ADR 0091): the comparison runs four half windows, 1, 2, 2, 1 instances (`--two-first`: 2, 1, 1, 2), and
 * merges each instance count's two halves. Every 受理 stays in the database, so a later window starts on more data;
 * in this order both instance counts see the same mean history.
 *
 * Spread (issue 19, ADR 0103): every window is cut into four equal stretches of time by the requests' start, each
 * with its own p99. The verdict on 2 instances is read from its stretches' p25–p75 against 200 ms (any error misses),
 * and the 2-vs-1 ratio pairs each stretch of a 2-instance half window with the same stretch of the adjacent
 * 1-instance half. The row's verdict also needs the search's largest N to reach the goal (largestNVerdict).
 *
 * Login cost: the sessions' users get their password hashed at the bench-only scrypt cost 2^10 (the tests' cost)
 * instead of the production 2^17 (~0.7 s per login at idle): logins are set-up here, not measured.
 *
 *   npx tsx bench/p11-sessions.ts [--short] [--sessions 2000] [--seconds 300] [--think 10] [--from 500] [--max 8000]
 *                                 [--steps 2] [--search-seconds 120] [--customers 20000] [--users 80] [--profile <dir>]
 *                                 [--two-first] [--keep-schema <name>]
 *
 * Each window also reports where the cores went (load generator, each instance with its event-loop delay, PostgreSQL,
 * nginx, Redis, the machine) and PostgreSQL's busy backends; `--profile <dir>` writes each instance's CPU profile
 * of each window there.
 */
import { Agent } from 'node:http';
import { cpus } from 'node:os';
import { sendJson, type SentAnswer } from '../services/src/testing/http-send.ts';
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { demoIdCardNo } from '../services/src/connection/seed.ts';
import { createPasswordHasher } from '../services/src/identity/password.ts';
import { SUPPLY_STATIONS } from '../services/src/seed/org-tree.ts';
import { argument, definedOnly, stringArgument } from './lib/args.ts';
import { benchDatabaseUrl, ensureBenchDatabase, productionVacuum } from './lib/bench-db.ts';
import { startFront, type Front } from './lib/front.ts';
import { startInstance, type ChildInstance } from './lib/instances.ts';
import { cpuBetween, sampleCpu, type CpuUse } from './lib/proc-cpu.ts';
import type { InstanceMark } from './lib/serve-instance.ts';
import { describeSpread, failing, largestNVerdict, p99PerSlice, pairedRatios } from './lib/spreads.ts';
import { fmt, percentile } from './lib/stats.ts';
import { describe, spreadOf, verdictLabel, verdictOf, type Bar, type Spread, type Verdict, type VerdictWord } from './lib/verdict.ts';

const P99_TARGET_MS = 200;
const P99_BAR: Bar = { op: '≤', value: P99_TARGET_MS, unit: ' ms' };
/** Equal stretches of time each window is cut into for the spread of its p99. */
const SLICES_PER_WINDOW = 4;
const GOAL_SESSIONS = 2000;
const PASSWORD = 'Bench#P11-2026';
const CLIENT_TIMEOUT_MS = 10_000;
const WRITE_EVERY_MS = 60_000;
const LOGIN_CONCURRENCY = 8;
const SURNAMES = ['张', '王', '李', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];

export interface P11Options {
  /** Sessions of the 1-vs-2-instance comparison. */
  sessions?: number;
  /** Seconds of each comparison window (two halves of it per instance count, ADR 0091). */
  seconds?: number;
  /** Mean think time between a session's actions, seconds. */
  think?: number;
  /** The search: first N, upper bound, bisection steps after the doubling, seconds per step. */
  from?: number;
  max?: number;
  steps?: number;
  searchSeconds?: number;
  /** Customers seeded on first start. */
  customers?: number;
  /** 业扩受理员 the sessions log in as, spread over the 供电所 (session i is clerk i mod users). */
  users?: number;
  /** A directory: each instance writes a CPU profile per window there (`--profile <dir>`, bench/lib/serve-instance.ts). */
  profileDir?: string;
  /**
   * Run the comparison's half windows as 2, 1, 1, 2 instances instead of 1, 2, 2, 1 (`--two-first`). Every 受理 of a
   * window stays in the database, so a later window starts on more data: in either order both counts see the same mean.
   */
  twoFirst?: boolean;
  /**
   * A schema of the benchmarks' database to run in and keep (`--keep-schema <name>`): seeded by the first run that
   * names it, reused as it is (with the earlier runs' 受理) by the next. Default: a fresh schema, dropped at the end.
   */
  keepSchema?: string;
}

/** `--short`: a quick check that it runs (about a minute of load); not a measurement. */
export const P11_SHORT: P11Options = { sessions: 40, seconds: 16, think: 3, from: 40, max: 80, steps: 0, searchSeconds: 15, customers: 2000, users: 16 };

export interface WindowResult {
  instances: 1 | 2;
  sessions: number;
  seconds: number;
  requests: number;
  writes: number;
  errors: number;
  /** Error kinds and counts, e.g. `503 GET /api/svc/workflow/v1/inbox`. */
  errorKinds: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  /** The p99 of each window merged here (the two half windows of the comparison; one for a search step). */
  windowP99Ms: number[];
  /** The p99 of each stretch of each window, in the order they ran (SLICES_PER_WINDOW a window). */
  sliceP99Ms: number[];
  /** The stretches' p99 against 200 ms; any error makes it a miss. */
  p99: Verdict;
  maxMs: number;
  /** Requests per second in the window. */
  rps: number;
  /** p50/p99 per action (`POST 受理`, `GET feed`, …): which one sets the window's p99. */
  byAction: Record<string, { requests: number; p50Ms: number; p99Ms: number }>;
  /** Where the cores went (Linux only), one per half window in the order they ran (one for a search step): see WindowLoad. */
  loads: WindowLoad[];
  pass: boolean;
}

/** One measured window's raw figures; a WindowResult merges one or two of them (`summarize`). */
interface WindowSample {
  instances: 1 | 2;
  sessions: number;
  seconds: number;
  latencies: number[];
  /** When each request of `latencies` started, ms after the window began. */
  starts: number[];
  perAction: Record<string, number[]>;
  errorKinds: Record<string, number>;
  writes: number;
  load: WindowLoad;
}

/**
 * What the machine did during a window, to tell an overloaded machine from a slow instance: cores used by the load
 * generator (this process), by each instance (its own count, with its event loop's delay), by PostgreSQL, nginx and
 * Redis (/proc), the machine's busy share, and PostgreSQL's backends of the cluster sampled every 500 ms.
 */
export interface WindowLoad {
  loadGeneratorCores: number;
  instances: Array<{ cores: number; loopDelayP50Ms: number; loopDelayP99Ms: number; loopDelayMaxMs: number; profile?: string }>;
  /** Per command (postgres, nginx, redis-server), and the machine's busy share; null without /proc. */
  processes: CpuUse | null;
  /** Mean number of the cluster's backends per state (`active`, `idle in transaction`, `active: Lock/…`). */
  backends: Record<string, number>;
  /** The most frequent statements of backends not idle (first 80 characters), with how many samples saw them. */
  busyStatements: Array<{ statement: string; samples: number }>;
  /** The cluster's tables that most rows were read from in the window (sequential + index fetches), per second. */
  tableReads: Array<{ table: string; rowsPerSecond: number; seqScans: number }>;
}

export interface P11Result {
  id: 'P11';
  front: Front['kind'];
  short: boolean;
  options: Required<P11Options>;
  loginMs: { sessions: number; totalMs: number };
  one: WindowResult;
  two: WindowResult;
  search: WindowResult[];
  /** Largest N that passed on 2 instances (0: none did). */
  largestSessions: number;
  /** p99 on 2 ÷ on 1 instance, per pair of stretches at the same place of adjacent half windows (no bar). */
  ratio: Spread;
  /** The 2-instance comparison's verdict and the search's largest N against the goal (largestNVerdict). */
  verdict: VerdictWord;
  notes: string[];
  pass: boolean;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
/** application_name of the instances' database connections: how the window's backend samples find them. */
const APPLICATION_NAME = 'wb-p11';
const OTHER_PROCESSES = ['postgres', 'nginx', 'redis-server'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function send(baseURL: string, method: string, path: string, options: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<SentAnswer> {
  return sendJson(new URL(path, baseURL), method, { ...options, agent, timeoutMs: CLIENT_TIMEOUT_MS });
}

/** A 业扩受理员 the sessions log in as, and the 供电所 of their post (where their 受理 are). */
interface Clerk {
  username: string;
  orgUnitCode: string;
}

/**
 * The staff of the run (ADR 0091), written into the benchmark's schema after the seed: `users` 业扩受理员 spread
 * over the 供电所 in turn, and a 勘查员 in every 供电所 without one (the seed has 城关 and 河口's), so that every
 * 受理's 现场勘查 task notifies somebody who never reads it, as the seed's yk02 does. Password hashed at 2^10.
 */
async function seedStaff(admin: pg.Client, schema: string, users: number, passwordHash: string): Promise<Clerk[]> {
  const clerks: Clerk[] = Array.from({ length: users }, (_, i) => ({
    username: `p11yk${String(i + 1).padStart(4, '0')}`,
    orgUnitCode: SUPPLY_STATIONS[i % SUPPLY_STATIONS.length]!.code,
  }));
  const { rows: surveyed } = await admin.query<{ org_unit_code: string }>(
    `SELECT DISTINCT org_unit_code FROM ${schema}.user_post WHERE post_code = 'YK_SURVEY'`,
  );
  const have = new Set(surveyed.map((r) => r.org_unit_code));
  const surveyors = SUPPLY_STATIONS.filter((st) => !have.has(st.code)).map((st, i) => ({ username: `p11kc${String(i + 1).padStart(2, '0')}`, orgUnitCode: st.code }));
  const staff = [
    ...clerks.map((c, i) => ({ ...c, post: 'YK_ACCEPT', name: `受理员${i + 1}` })),
    ...surveyors.map((c, i) => ({ ...c, post: 'YK_SURVEY', name: `勘查员${i + 1}` })),
  ];
  await admin.query(
    `WITH staff AS (SELECT * FROM json_to_recordset($1::json) AS r(username text, name text, "orgUnitCode" text, post text)),
          users AS (
            INSERT INTO ${schema}.sys_user (id, username, display_name, password_hash, org_unit_code, password_updated_at)
            SELECT gen_random_uuid()::text, username, name, $2, "orgUnitCode", now() FROM staff
            ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash RETURNING id, username)
     INSERT INTO ${schema}.user_post (user_id, post_code, org_unit_code, is_primary, granted_by)
     SELECT u.id, s.post, s."orgUnitCode", true, 'bench-p11' FROM users u JOIN staff s ON s.username = u.username
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(staff), passwordHash],
  );
  return clerks;
}

/** The sessions' cookies, logged in through the front before any window; grown as the search needs more. */
class SessionPool {
  readonly cookies: string[] = [];
  /** The 供电所 of each session's clerk: its 受理 go there. */
  readonly stations: string[] = [];
  loginMs = 0;
  constructor(
    private readonly baseURL: string,
    private readonly clerks: readonly Clerk[],
  ) {}

  async ensure(n: number): Promise<void> {
    const started = performance.now();
    let next = this.cookies.length;
    const worker = async (): Promise<void> => {
      while (next < n) {
        const clerk = this.clerks[next % this.clerks.length]!;
        next += 1;
        // Set-up, not measured: a login that times out or is shed (503) is tried again, up to five times.
        let answer: SentAnswer | null = null;
        for (let attempt = 0; attempt < 5 && answer?.status !== 200; attempt++) {
          answer = await send(this.baseURL, 'POST', '/api/identity/login', { body: { username: clerk.username, password: PASSWORD } }).catch(() => null);
          if (answer && answer.status !== 200 && answer.status !== 503) break;
        }
        if (answer?.status !== 200) throw new Error(`P11: login ${answer?.status ?? 'time-out'} ${answer?.body.slice(0, 200) ?? ''}`);
        this.cookies.push((answer.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; '));
        this.stations.push(clerk.orgUnitCode);
      }
    };
    await Promise.all(Array.from({ length: LOGIN_CONCURRENCY }, worker));
    this.loginMs += performance.now() - started;
  }
}

let writeSeq = 100_000;

/** One measured window: `sessions` sessions against `baseURL` for a ramp (one think time) plus `seconds`. */
/** The running cluster a window observes: every instance (also one the front does not use) and the admin connection. */
interface Observed {
  instances: readonly ChildInstance[];
  admin: pg.Client;
  schema: string;
}

type TableStats = Map<string, { read: number; seqScans: number }>;

async function tableStats(admin: pg.Client, schema: string): Promise<TableStats> {
  const { rows } = await admin.query<{ relname: string; read: string; seq_scan: string }>(
    `SELECT relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS read, coalesce(seq_scan, 0) AS seq_scan
       FROM pg_stat_user_tables WHERE schemaname = $1`,
    [schema],
  );
  return new Map(rows.map((r) => [r.relname, { read: Number(r.read), seqScans: Number(r.seq_scan) }]));
}

function tableReadsBetween(a: TableStats, b: TableStats, seconds: number): WindowLoad['tableReads'] {
  return [...b.entries()]
    .map(([table, after]) => ({
      table,
      rowsPerSecond: Math.round((after.read - (a.get(table)?.read ?? 0)) / seconds),
      seqScans: after.seqScans - (a.get(table)?.seqScans ?? 0),
    }))
    .sort((x, y) => y.rowsPerSecond - x.rowsPerSecond)
    .slice(0, 5);
}

/** Samples the cluster's backends every 500 ms until stopped: mean count per state, most frequent busy statements. */
function sampleBackends(admin: pg.Client): () => Promise<Pick<WindowLoad, 'backends' | 'busyStatements'>> {
  const states: Record<string, number> = {};
  const statements = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await admin.query<{ state: string; wait: string | null; statement: string }>(
        `SELECT state, wait_event_type || '/' || wait_event AS wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 80) AS statement
           FROM pg_stat_activity WHERE application_name = $1`,
        [APPLICATION_NAME],
      );
      samples += 1;
      for (const row of rows) {
        if (row.state === 'idle') continue;
        const state = row.wait && row.state === 'active' && !row.wait.startsWith('Client') ? `active: ${row.wait}` : row.state;
        states[state] = (states[state] ?? 0) + 1;
        const key = `${row.state}: ${row.statement}`;
        statements.set(key, (statements.get(key) ?? 0) + 1);
      }
      await sleep(500);
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return {
      backends: Object.fromEntries(Object.entries(states).map(([k, n]) => [k, Math.round((n / Math.max(1, samples)) * 10) / 10])),
      busyStatements: [...statements.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([statement, n]) => ({ statement, samples: n })),
    };
  };
}

/** Starts observing a window; the returned function ends it and says where the cores went. */
async function observeWindow(observed: Observed): Promise<() => Promise<WindowLoad>> {
  await Promise.all(observed.instances.map((i) => i.mark()));
  const cpuBefore = sampleCpu(OTHER_PROCESSES);
  const ownBefore = { at: performance.now(), cpu: process.cpuUsage() };
  const tablesBefore = await tableStats(observed.admin, observed.schema);
  const stopBackends = sampleBackends(observed.admin);
  return async () => {
    const marks: InstanceMark[] = await Promise.all(observed.instances.map((i) => i.mark()));
    const cpuAfter = sampleCpu(OTHER_PROCESSES);
    const own = process.cpuUsage(ownBefore.cpu);
    const seconds = (performance.now() - ownBefore.at) / 1000;
    const backends = await stopBackends();
    return {
      loadGeneratorCores: (own.user + own.system) / 1000 / (performance.now() - ownBefore.at),
      instances: marks.map((m) => ({
        cores: m.cpuMs / m.wallMs,
        loopDelayP50Ms: m.loopDelayP50Ms,
        loopDelayP99Ms: m.loopDelayP99Ms,
        loopDelayMaxMs: m.loopDelayMaxMs,
        ...(m.profile ? { profile: m.profile } : {}),
      })),
      processes: cpuBefore && cpuAfter ? cpuBetween(cpuBefore, cpuAfter, cpus().length) : null,
      ...backends,
      tableReads: tableReadsBetween(tablesBefore, await tableStats(observed.admin, observed.schema), seconds),
    };
  };
}

async function runWindow(baseURL: string, pool: SessionPool, instances: 1 | 2, sessions: number, seconds: number, thinkMs: number, observed: Observed): Promise<WindowSample> {
  await pool.ensure(sessions);
  const latencies: number[] = [];
  const starts: number[] = [];
  const perAction: Record<string, number[]> = {};
  const errorKinds: Record<string, number> = {};
  let writes = 0;
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  let stopped = false;
  const inWindow = (t: number): boolean => t >= windowStart && t < windowEnd;

  const act = async (label: string, method: string, path: string, cookie: string, body?: unknown, headers?: Record<string, string>): Promise<void> => {
    const started = performance.now();
    const counted = inWindow(started);
    let kind: string | null = null;
    try {
      const answer = await send(baseURL, method, path, { cookie, body, headers });
      if (answer.status < 200 || answer.status >= 300) kind = `${answer.status} ${label}`;
    } catch (error) {
      kind = `${(error as Error).message} ${label}`;
    }
    if (!counted) return;
    const ms = performance.now() - started;
    latencies.push(ms);
    starts.push(started - windowStart);
    (perAction[label] ??= []).push(ms);
    if (method === 'POST') writes += 1;
    if (kind) errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };

  const session = async (i: number): Promise<void> => {
    const cookie = pool.cookies[i]!;
    const station = pool.stations[i]!;
    const think = (): number => thinkMs * (0.5 + Math.random());
    await sleep(Math.random() * thinkMs);
    let nextWrite = performance.now() + Math.random() * WRITE_EVERY_MS;
    for (let step = i; !stopped; step++) {
      if (performance.now() >= nextWrite) {
        nextWrite += WRITE_EVERY_MS;
        const n = writeSeq++;
        const form = {
          certType: 'ID_CARD',
          certNo: demoIdCardNo(n),
          consName: `压测户${n}`,
          address: `江北县城关镇人民路${n % 500}号${n % 9}幢1单元101室`,
          category: '低压居民',
          elecType: '100',
          voltageCode: 'AC00022',
          applyCap: 8,
          orgUnitCode: station,
          contactName: `压测户${n}`,
          contactMobile: '13812345678',
        };
        await act('POST 受理', 'POST', '/api/svc/connection/v1/applications', cookie, form, { 'idempotency-key': `p11-${process.pid}-${n}` });
      } else if (step % 3 === 0) {
        await act('GET feed', 'GET', '/api/registry/feed', cookie);
      } else if (step % 3 === 1) {
        const q = encodeURIComponent(SURNAMES[step % SURNAMES.length]!);
        await act('GET customers', 'GET', `/api/svc/customer/v1/customers?q=${q}&field=name&page=1&pageSize=10`, cookie);
      } else {
        await act('GET inbox', 'GET', '/api/svc/workflow/v1/inbox?box=todo&page=1&pageSize=20', cookie);
      }
      await sleep(think());
    }
  };

  const all = Array.from({ length: sessions }, (_, i) => session(i));
  await sleep(thinkMs); // the ramp: every session has started
  const endObservation = await observeWindow(observed);
  windowStart = performance.now();
  await sleep(seconds * 1000);
  windowEnd = performance.now();
  const load = await endObservation();
  stopped = true;
  await Promise.all(all);
  return { instances, sessions, seconds, latencies, starts, perAction, errorKinds, writes, load };
}

/** One result of one or more windows of the same instance count and N (the halves of ABBA): their requests pooled. */
function summarize(samples: readonly WindowSample[]): WindowResult {
  const first = samples[0]!;
  const seconds = samples.reduce((a, w) => a + w.seconds, 0);
  const latencies = samples.flatMap((w) => w.latencies);
  const perAction: Record<string, number[]> = {};
  const errorKinds: Record<string, number> = {};
  for (const w of samples) {
    for (const [label, ms] of Object.entries(w.perAction)) (perAction[label] ??= []).push(...ms);
    for (const [kind, n] of Object.entries(w.errorKinds)) errorKinds[kind] = (errorKinds[kind] ?? 0) + n;
  }
  const errors = Object.values(errorKinds).reduce((a, b) => a + b, 0);
  const p99Ms = percentile(latencies, 99);
  const sliceP99Ms = samples.flatMap((w) =>
    p99PerSlice(w.latencies.map((ms, i) => ({ at: w.starts[i] as number, ms })), w.seconds * 1000, SLICES_PER_WINDOW),
  );
  return {
    instances: first.instances,
    sessions: first.sessions,
    seconds,
    requests: latencies.length,
    writes: samples.reduce((a, w) => a + w.writes, 0),
    errors,
    errorKinds,
    p50Ms: percentile(latencies, 50),
    p99Ms,
    windowP99Ms: samples.map((w) => percentile(w.latencies, 99)),
    sliceP99Ms,
    p99: failing(verdictOf(sliceP99Ms, P99_BAR), errors),
    maxMs: latencies.length ? latencies.reduce((a, b) => Math.max(a, b), 0) : Number.NaN,
    rps: latencies.length / seconds,
    byAction: Object.fromEntries(
      Object.entries(perAction).map(([label, ms]) => [label, { requests: ms.length, p50Ms: percentile(ms, 50), p99Ms: percentile(ms, 99) }]),
    ),
    loads: samples.map((w) => w.load),
    pass: errors === 0 && latencies.length > 0 && p99Ms <= P99_TARGET_MS,
  };
}

function schemaUrl(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema},public`);
  url.searchParams.set('application_name', APPLICATION_NAME);
  return url.toString();
}

async function redisAnswers(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const portOf = (instance: ChildInstance): number => Number(new URL(instance.baseURL).port);

export async function run(options: P11Options = {}): Promise<P11Result> {
  const o: Required<P11Options> = {
    sessions: GOAL_SESSIONS,
    seconds: 300,
    think: 10,
    from: 500,
    max: 8000,
    steps: 2,
    searchSeconds: 120,
    customers: 20_000,
    users: 80,
    profileDir: '',
    twoFirst: false,
    keepSchema: '',
    ...definedOnly(options),
  };
  const short = o.seconds < 60;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!(await redisAnswers(redisUrl))) throw new Error(`P11: the cluster needs Redis; ${redisUrl} does not answer (start redis-server or set REDIS_URL)`);
  const databaseUrl = await ensureBenchDatabase(benchDatabaseUrl());
  if (o.keepSchema && !/^[a-z_][a-z0-9_]*$/.test(o.keepSchema)) throw new Error(`P11: --keep-schema "${o.keepSchema}" is not a plain lower-case name`);
  const schema = o.keepSchema || `wb_bench_p11_${process.pid}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  if (!o.keepSchema) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const env = {
    DATABASE_URL: schemaUrl(databaseUrl, schema),
    REDIS_URL: redisUrl,
    DB_POOL_MAX: '10',
    TRUST_PROXY: '127.0.0.1',
    DEMO_PASSWORD: PASSWORD,
    SEED_CUSTOMERS: String(o.customers),
    SEED: '11',
    ...(o.profileDir ? { BENCH_CPU_PROFILE_DIR: o.profileDir } : {}),
  };
  const instances: ChildInstance[] = [];
  const fronts: Front[] = [];
  const notes: string[] = [];
  const vacuum = await productionVacuum(databaseUrl);
  notes.push(vacuum.note);
  try {
    // The first instance migrates and seeds; the second starts on the seeded database (the seed lock, ADR 0070,
    // would let them start together, but one at a time keeps the first start's CPU out of the second's start).
    instances.push(await startInstance(env, 900_000, 'bench/p13-instance.ts'));
    instances.push(await startInstance(env, 300_000, 'bench/p13-instance.ts'));
    await admin.query('ANALYZE');
    // The staff of the run (ADR 0091), with the bench-only login cost: the seed hashed the demo password at the
    // production cost 2^17, which a login verifies at (~0.7 s idle); the sessions' clerks get it hashed at 2^10.
    const cheapHash = await createPasswordHasher({ scryptN: 2 ** 10 }).hash(PASSWORD);
    const clerks = await seedStaff(admin, schema, Math.max(1, o.users), cheapHash);
    await admin.query(`ANALYZE ${schema}.sys_user, ${schema}.user_post`);
    const oneFront = await startFront([portOf(instances[0]!)]);
    fronts.push(oneFront);
    const twoFront = await startFront(instances.map(portOf));
    fronts.push(twoFront);
    const pool = new SessionPool(twoFront.baseURL, clerks);
    const thinkMs = o.think * 1000;
    const observed: Observed = { instances, admin, schema };

    // Warm-up: a few sessions for a few seconds through each front (JIT, caches, pools), not recorded.
    await runWindow(twoFront.baseURL, pool, 2, Math.min(o.sessions, 20), 3, Math.min(thinkMs, 1000), observed);
    // ABBA (ADR 0091): half windows 1, 2, 2, 1 (or 2, 1, 1, 2), each instance count's halves merged.
    const half = o.seconds / 2;
    const halves: Record<1 | 2, WindowSample[]> = { 1: [], 2: [] };
    const order: Array<1 | 2> = o.twoFirst ? [2, 1, 1, 2] : [1, 2, 2, 1];
    for (const n of order) halves[n].push(await runWindow((n === 1 ? oneFront : twoFront).baseURL, pool, n, o.sessions, half, thinkMs, observed));
    const one = summarize(halves[1]);
    const two = summarize(halves[2]);

    // The largest N on 2 instances at p99 ≤ 200 ms with 0 errors: double while it holds, then bisect.
    const search: WindowResult[] = [];
    const tried = (n: number): Promise<WindowResult> =>
      runWindow(twoFront.baseURL, pool, 2, n, o.searchSeconds, thinkMs, observed).then((sample) => {
        const r = summarize([sample]);
        search.push(r);
        return r;
      });
    let good = 0;
    let bad = 0;
    for (let n = o.from; n <= o.max; n *= 2) {
      if ((await tried(n)).pass) good = n;
      else {
        bad = n;
        break;
      }
    }
    for (let step = 0; step < o.steps && bad > 0 && bad - good > Math.max(50, good * 0.1); step++) {
      const mid = Math.round((good + bad) / 2);
      if ((await tried(mid)).pass) good = mid;
      else bad = mid;
    }
    if (bad === 0) notes.push(`every N up to --max ${o.max} held: the largest is at least that`);
    notes.push("login cost: bench-only scrypt 2^10 for the sessions' users (production 2^17); logins happen before the measured windows");
    notes.push(`sessions log in as ${clerks.length} 业扩受理员 over ${Math.min(clerks.length, SUPPLY_STATIONS.length)} 供电所 in turn: feed, customer search by name, inbox, one 受理 a minute in the clerk's 供电所`);
    notes.push(`comparison: half windows of ${fmt(half, 0)} s in the order ${order.join(', ')} instances, each count's halves merged`);
    // Each 2-instance half window's stretches against the adjacent 1-instance half's (1, 2 | 2, 1: the k-th of each count).
    const ratio = spreadOf(pairedRatios(two.sliceP99Ms, one.sliceP99Ms));
    const verdict = largestNVerdict(two.p99, o.sessions, good, GOAL_SESSIONS);
    return {
      id: 'P11',
      front: fronts[0]!.kind,
      short,
      options: o,
      loginMs: { sessions: pool.cookies.length, totalMs: Math.round(pool.loginMs) },
      one,
      two,
      search,
      largestSessions: good,
      ratio,
      verdict,
      notes,
      pass: verdict === 'meets',
    };
  } finally {
    for (const front of fronts) await front.stop();
    for (const instance of instances) await instance.stop();
    agent.destroy();
    if (!o.keepSchema) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
    await vacuum.restore();
  }
}

function describeWindow(w: WindowResult): string {
  const kinds = Object.entries(w.errorKinds)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([k, n]) => `${n}× ${k}`)
    .join(', ');
  const actions = Object.entries(w.byAction)
    .map(([label, a]) => `${label} ${fmt(a.p50Ms, 0)}/${fmt(a.p99Ms, 0)}`)
    .join(', ');
  const loads = w.loads.map((l, i) => (w.loads.length > 1 ? `half ${i + 1}: ${describeLoad(l)}` : describeLoad(l))).join('; ');
  const halves = w.windowP99Ms.length > 1 ? ` (p99 per half window ${w.windowP99Ms.map((ms) => fmt(ms, 0)).join(' / ')} ms)` : '';
  return `${w.instances} instance${w.instances > 1 ? 's' : ''}, ${w.sessions} sessions, ${w.seconds} s: ${w.requests} requests (${fmt(w.rps, 0)}/s, ${w.writes} writes), p50 ${fmt(w.p50Ms, 0)} / p99 ${fmt(w.p99Ms, 0)}${halves} / max ${fmt(w.maxMs, 0)} ms, ${w.errors} errors${kinds ? ` (${kinds})` : ''}; p50/p99 ms by action: ${actions}; ${loads}`;
}

/** Cores by process, event-loop delay per instance, PostgreSQL's busy backends: one line. */
function describeLoad(l: WindowLoad): string {
  const instances = l.instances.map((i, n) => `instance ${n + 1} ${fmt(i.cores, 2)} (loop delay p99 ${fmt(i.loopDelayP99Ms, 0)} ms)`).join(', ');
  const others = l.processes
    ? `${Object.entries(l.processes.cores)
        .map(([command, cores]) => `${command} ${fmt(cores, 2)}`)
        .join(', ')}; machine ${fmt(l.processes.machineBusy * 100, 0)} % busy of ${l.processes.machineCores} cores`
    : 'other processes not measured (no /proc)';
  const backends = Object.entries(l.backends)
    .map(([state, n]) => `${fmt(n, 1)} ${state}`)
    .join(', ');
  const reads = l.tableReads.map((t) => `${t.table} ${t.rowsPerSecond}/s`).join(', ');
  return `cores: load generator ${fmt(l.loadGeneratorCores, 2)}, ${instances}, ${others}; backends busy: ${backends || 'none'}; rows read: ${reads}`;
}

/** A bold key figure (2 instances' p99 spread at N), the largest N, then the comparison, the search steps and the notes. */
export function describeP11(r: P11Result): string {
  const steps = r.search.map((w) => `${w.sessions}: p99 ${fmt(w.p99Ms, 0)} ms, ${w.errors} errors ${w.pass ? '✓' : '✗'}`).join('; ');
  const stretch = `${fmt(r.options.seconds / 2 / SLICES_PER_WINDOW, 0)} s stretch`;
  return [
    `at N = ${r.two.sessions}, p99 per ${stretch} on 2 instances **${describe(r.two.p99, 0)}** (${r.two.errors} errors), on 1 instance ${describe(r.one.p99, 0)} (${r.one.errors} errors); ` +
      `2 ÷ 1 instances p99 per paired stretch ${describeSpread(r.ratio)}`,
    `largest N at p99 ≤ ${P99_TARGET_MS} ms and 0 errors on 2 instances: ${r.largestSessions} (goal ${GOAL_SESSIONS})`,
    `${describeWindow(r.one)} vs ${describeWindow(r.two)}`,
    `search (${r.options.searchSeconds} s each): ${steps}`,
    `think ${r.options.think} s mean; ${r.loginMs.sessions} sessions logged in in ${fmt(r.loginMs.totalMs / 1000, 1)} s; front: ${r.front}`,
    ...(r.short ? ['short mode: a check that it runs, not a measurement'] : []),
    ...r.notes,
  ].join('; ');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const short = process.argv.includes('--short') ? P11_SHORT : {};
  const result = await run({
    ...short,
    ...definedOnly({
      sessions: argument('sessions'),
      seconds: argument('seconds'),
      think: argument('think'),
      from: argument('from'),
      max: argument('max'),
      steps: argument('steps'),
      searchSeconds: argument('search-seconds'),
      customers: argument('customers'),
      users: argument('users'),
      profileDir: stringArgument('profile'),
      twoFirst: process.argv.includes('--two-first') || undefined,
      keepSchema: stringArgument('keep-schema'),
    }),
  });
  console.log(JSON.stringify(result, null, 2));
  console.log(`P11 staff sessions: ${describeP11(result)} — ${verdictLabel(result.verdict)}`);
}
