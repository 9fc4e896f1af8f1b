/**
 * docs/quality.md P5: a service route through the gateway against calling the customer service plugin directly.
 * Targets: throughput ≥ 0.5× the direct call's, and added p50 latency ≤ 2 ms. Two forms:
 *
 * - **embedded** (PGlite, in-process `app.inject`): the full app's `GET /api/svc/customer/v1/customers?q=…`
 *   with a session (request guard, session → principal → permission, data scope, gateway scope and audit
 *   hook) against the customer service plugin registered alone on a bare Fastify over the same Db, given
 *   the very same data scope, so both sides run the same SQL. Requests alternate one by one (ABBA).
 * - **distributed** (PostgreSQL, real HTTP on loopback, one process per instance): client → a gateway
 *   instance with SERVICE_CUSTOMER_URL proxying → an upstream instance, against client → the same upstream
 *   directly. Throughput under autocannon, sides alternating in rounds; latency from one-at-a-time requests
 *   alternating A/B. Skipped (with a note) when the benchmarks' PostgreSQL is unreachable.
 *
 * Each round gives a paired ratio (gateway ÷ direct req/s) and an added p50 (gateway − direct); verdicts come
 * from their p25–p75 (bench/lib/verdict.ts).
 *
 *   npx tsx bench/p5-gateway.ts [--rounds 8] [--requests 200] [--seconds 3] [--connections 50] [--short] [--distributed]
 */
import { pathToFileURL } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { CSRF_HEADER } from '@wb/contracts';
import { CUSTOMER_SERVICE, customerServicePlugin, scopeFromAccess, type CustomerScope } from '../services/src/customer/index.ts';
import errorHandler from '../services/src/platform/error-handler.ts';
import { seedCustomers } from '../services/src/seed/customers.ts';
import { TEST_PASSWORD, createTestApp, type TestApp } from '../services/src/testing/harness.ts';
import { benchDatabaseUrl, useBenchDatabaseForTestHelpers } from './lib/bench-db.ts';
import { startInstance, type ChildInstance } from './lib/instances.ts';
import { closeConnections, loadTest, timedGet } from './lib/load.ts';
import { loginCookie } from './lib/server.ts';
import { fmt, median } from './lib/stats.ts';
import { combine, describe, verdictOf, type Bar, type Verdict, type VerdictWord } from './lib/verdict.ts';
import { argument } from './lib/args.ts';

const RATIO_BAR: Bar = { op: '≥', value: 0.5 };
const ADDED_P50_BAR: Bar = { op: '≤', value: 2, unit: ' ms' };
const USER = 'kf01';
const BASE = `/api/svc/${CUSTOMER_SERVICE.name}/v${CUSTOMER_SERVICE.major}`;
const CUSTOMERS = 2000;

/** `--short`: a quick check that it works, or a CI gate's budget; spreads are wider. */
export const P5_SHORT = { rounds: 4, requests: 60, seconds: 1, connections: 20 } as const;

export interface P5Options {
  rounds?: number;
  /** Embedded form and distributed latency: requests per side per round. */
  requests?: number;
  /** Distributed form: autocannon seconds per side per round, and its connections. */
  seconds?: number;
  connections?: number;
  /** Only the distributed form (`--distributed`): the gateway's proxy path alone, e.g. while profiling it. */
  distributedOnly?: boolean;
}

export interface P5Form {
  form: 'embedded' | 'distributed';
  db: 'pglite' | 'postgres';
  /** Medians over rounds. */
  gatewayRps: number;
  directRps: number;
  gatewayP50Ms: number;
  directP50Ms: number;
  /** Paired per-round gateway ÷ direct req/s, and gateway − direct p50. */
  ratio: Verdict;
  addedP50: Verdict;
  verdict: VerdictWord;
}

export interface P5Result {
  id: 'P5';
  query: string;
  forms: P5Form[];
  /** Why a form did not run. */
  notes: string[];
  verdict: VerdictWord;
}

interface RoundSample {
  gatewayRps: number;
  directRps: number;
  gatewayP50: number;
  directP50: number;
}

function formOf(form: P5Form['form'], db: P5Form['db'], rounds: readonly RoundSample[]): P5Form {
  const ratio = verdictOf(rounds.map((r) => r.gatewayRps / r.directRps), RATIO_BAR);
  const addedP50 = verdictOf(rounds.map((r) => r.gatewayP50 - r.directP50), ADDED_P50_BAR);
  return {
    form,
    db,
    gatewayRps: Math.round(median(rounds.map((r) => r.gatewayRps))),
    directRps: Math.round(median(rounds.map((r) => r.directRps))),
    gatewayP50Ms: median(rounds.map((r) => r.gatewayP50)),
    directP50Ms: median(rounds.map((r) => r.directP50)),
    ratio,
    addedP50,
    verdict: combine([ratio, addedP50]),
  };
}

/** Test route on the full app: the customer data scope the user's session resolves to. */
async function scopeRoute(app: FastifyInstance): Promise<void> {
  app.get('/api/bench/customer-scope', { config: { access: { permission: 'cust:archive:view' } } }, async (request) => ({ scope: scopeFromAccess(request) ?? null }));
}

/** A 户号 prefix matching a handful of customers, as an agent types it. */
async function pickQuery(t: TestApp): Promise<string> {
  const [row] = await t.db.query<{ cons_no: string }>('SELECT cons_no FROM customer ORDER BY cons_no OFFSET 500 LIMIT 1');
  if (!row) throw new Error('no customers seeded');
  return row.cons_no.slice(0, 8);
}

/** The peer of the embedded form: the plugin alone on a bare Fastify over the same Db, with the user's scope. */
async function bareService(t: TestApp, scope: CustomerScope | null): Promise<FastifyInstance> {
  const bare = Fastify({ logger: false });
  bare.decorate('db', t.db);
  await bare.register(errorHandler);
  await bare.register(customerServicePlugin, { prefix: BASE, resolveScope: () => scope ?? undefined });
  await bare.ready();
  return bare;
}

async function injectMs(app: FastifyInstance, url: string, headers: Record<string, string>): Promise<number> {
  const started = process.hrtime.bigint();
  const response = await app.inject({ method: 'GET', url, headers });
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** `n` requests per side, alternating ABBA so that neither side always follows the other's garbage. */
async function alternate(n: number, gateway: () => Promise<number>, direct: () => Promise<number>): Promise<RoundSample> {
  const g: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      g.push(await gateway());
      d.push(await direct());
    } else {
      d.push(await direct());
      g.push(await gateway());
    }
  }
  const rps = (samples: number[]): number => (samples.length / samples.reduce((a, b) => a + b, 0)) * 1000;
  return { gatewayRps: rps(g), directRps: rps(d), gatewayP50: median(g), directP50: median(d) };
}

async function embeddedForm(options: Required<P5Options>): Promise<{ query: string; form: P5Form }> {
  const t = await createTestApp('pglite', { plugins: [scopeRoute] });
  try {
    await seedCustomers(t.db, { customers: CUSTOMERS, seed: 5 });
    const cookie = await t.login(USER);
    const { scope } = (await t.request({ method: 'GET', url: '/api/bench/customer-scope', cookie })).json() as { scope: CustomerScope | null };
    const bare = await bareService(t, scope);
    try {
      const q = await pickQuery(t);
      const url = `${BASE}/customers?q=${encodeURIComponent(q)}`;
      const viaGateway = (): Promise<number> => injectMs(t.app, url, { cookie, [CSRF_HEADER]: '1' });
      const direct = (): Promise<number> => injectMs(bare, url, {});
      await sameAnswer(t.app, bare, url, cookie);
      await alternate(options.requests, viaGateway, direct); // warm-up
      const rounds: RoundSample[] = [];
      for (let r = 0; r < options.rounds; r++) rounds.push(await alternate(options.requests, viaGateway, direct));
      return { query: q, form: formOf('embedded', 'pglite', rounds) };
    } finally {
      await bare.close();
    }
  } finally {
    await t.close();
  }
}

/** Both sides must do the same work: the same customers found. */
async function sameAnswer(app: FastifyInstance, bare: FastifyInstance, url: string, cookie: string): Promise<void> {
  const a = (await app.inject({ method: 'GET', url, headers: { cookie } })).json() as { total: number };
  const b = (await bare.inject({ method: 'GET', url })).json() as { total: number };
  if (a.total !== b.total || a.total === 0) throw new Error(`P5 sides disagree or find nothing: gateway ${a.total}, direct ${b.total}`);
}

/**
 * Where the harness put the test app's data: since ADR 0056 a database cloned from a migrated template (before,
 * a schema of wb_bench); the instances are pointed at exactly that database and schema.
 */
function databaseUrlOf(database: string, schema: string): string {
  const url = new URL(benchDatabaseUrl());
  url.pathname = `/${database}`;
  url.searchParams.set('options', `-c search_path=${schema},public`);
  return url.toString();
}

/**
 * One distributed round: one-at-a-time latency pairs first (not in the wake of a load run: its garbage and
 * open upstream connections added several ms to the gateway side), then autocannon on each side, order alternating.
 */
async function distributedRound(r: number, gateway: string, direct: string, cookie: string, options: Required<P5Options>): Promise<RoundSample> {
  const headers = { cookie };
  const latency = await alternate(options.requests, () => timedGet(gateway, headers), () => timedGet(direct, headers));
  const rps: Record<string, number> = {};
  for (const [side, url] of r % 2 === 0 ? [['gateway', gateway], ['direct', direct]] : [['direct', direct], ['gateway', gateway]]) {
    rps[side as string] = (await loadTest(url as string, { connections: options.connections, seconds: options.seconds, headers })).requests.average;
  }
  return { gatewayRps: rps.gateway ?? NaN, directRps: rps.direct ?? NaN, gatewayP50: latency.gatewayP50, directP50: latency.directP50 };
}

async function distributedForm(knownQuery: string | undefined, options: Required<P5Options>): Promise<{ query: string; form: P5Form }> {
  await useBenchDatabaseForTestHelpers();
  // The harness migrates and seeds a fresh schema of wb_bench (dropped at the end); two instances serve it.
  const t = await createTestApp('postgres');
  const instances: ChildInstance[] = [];
  try {
    await seedCustomers(t.db, { customers: CUSTOMERS, seed: 5 });
    const query = knownQuery ?? (await pickQuery(t));
    const [where] = await t.db.query<{ database: string; schema: string }>('SELECT current_database() AS database, current_schema() AS schema');
    if (!where) throw new Error('P5: cannot tell where the test app keeps its data');
    const databaseUrl = databaseUrlOf(where.database, where.schema);
    const upstream = await startInstance({ DATABASE_URL: databaseUrl });
    instances.push(upstream);
    const gateway = await startInstance({ DATABASE_URL: databaseUrl, SERVICE_CUSTOMER_URL: upstream.baseURL });
    instances.push(gateway);
    const session = await loginCookie(upstream.baseURL, USER, TEST_PASSWORD);
    const cookie = `${session.name}=${session.value}`;
    const path = `${BASE}/customers?q=${encodeURIComponent(query)}`;
    const warm = { ...options, seconds: 1, requests: 50 };
    await distributedRound(0, `${gateway.baseURL}${path}`, `${upstream.baseURL}${path}`, cookie, warm);
    const rounds: RoundSample[] = [];
    for (let r = 0; r < options.rounds; r++) rounds.push(await distributedRound(r, `${gateway.baseURL}${path}`, `${upstream.baseURL}${path}`, cookie, options));
    return { query, form: formOf('distributed', 'postgres', rounds) };
  } finally {
    closeConnections();
    await Promise.all(instances.map((i) => i.stop()));
    await t.close();
  }
}

export async function run(options: P5Options = {}): Promise<P5Result> {
  const o: Required<P5Options> = { rounds: 8, requests: 200, seconds: 3, connections: 50, distributedOnly: false, ...definedOnly(options) };
  if (o.distributedOnly) {
    const { query, form } = await distributedForm(undefined, o);
    return { id: 'P5', query, forms: [form], notes: ['distributed form only (--distributed)'], verdict: form.verdict };
  }
  const { query, form: embedded } = await embeddedForm(o);
  const forms = [embedded];
  const notes: string[] = [];
  try {
    forms.push((await distributedForm(query, o)).form);
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    notes.push(`distributed form skipped: PostgreSQL unreachable (${(error as Error).message})`);
  }
  return { id: 'P5', query, forms, notes, verdict: combine(forms) };
}

function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT';
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !Number.isNaN(v))) as Partial<T>;
}

/** A bold key figure per form (the history's trend shows it), then each form's figures and notes. */
export function describeP5(r: P5Result): string {
  const signed = (ms: number): string => `${ms >= 0 ? '+' : ''}${fmt(ms, 2)} ms`;
  const key = r.forms.map((f) => `${f.form} ${fmt(f.ratio.median, 2)}× [${fmt(f.ratio.p25, 2)}–${fmt(f.ratio.p75, 2)}] ${signed(f.addedP50.median)}`).join(', ');
  const forms = r.forms.map(
    (f) =>
      `${f.form} (${f.db}): ${f.gatewayRps} vs ${f.directRps} req/s, gateway ÷ direct ${describe(f.ratio)}; p50 ${fmt(f.gatewayP50Ms, 2)} vs ${fmt(f.directP50Ms, 2)} ms, added ${describe(f.addedP50)}`,
  );
  return [`**${key}**`, ...forms, ...r.notes].join('; ');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const short = process.argv.includes('--short') ? P5_SHORT : {};
  const result = await run({ ...short, distributedOnly: process.argv.includes('--distributed'), ...definedOnly({ rounds: argument('rounds'), requests: argument('requests'), seconds: argument('seconds'), connections: argument('connections') }) });
  console.log(JSON.stringify(result, null, 2));
  console.log(`P5 gateway hop, q=${result.query}: ${describeP5(result)} — ${result.verdict}`);
}
