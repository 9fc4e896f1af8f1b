/**
 * docs/quality.md P8: a fixed query mix on PGlite (the embedded engine) against the same mix on local PostgreSQL.
 * Target: PGlite ≤ 3× PostgreSQL's time for the mix.
 *
 * Two apps built by the test harness, one on each engine, seeded alike (demo accounts, 5,000 customers,
 * the 业扩 processes and ~50 applications in flight, as a first start seeds them). The mix goes through the
 * HTTP routes (`app.inject`) as 李强 (yk01, 业扩受理 of 江北城关供电所), never engine internals:
 *
 *   customer search  GET  /api/svc/customer/v1/customers?q=…    (户号 prefix, name, phone, address, in turn)
 *   task inbox       GET  /api/svc/workflow/v1/inbox
 *   application      GET  /api/svc/connection/v1/applications/{no}  (in turn over the visible ones)
 *   one write        POST /api/svc/connection/v1/applications/{no}/suspend, then /resume (If-Match)
 *
 * Rounds alternate the engines (ABBA); each round runs the mix `--mixes` times per engine and gives one
 * paired ratio, PGlite time ÷ PostgreSQL time. PostgreSQL is the benchmarks' own database (wb_bench, a fresh
 * schema dropped at the end; bench/lib/bench-db.ts).
 *
 *   npx tsx bench/p8-pglite-vs-postgres.ts [--rounds 10] [--mixes 10] [--short]
 */
import { pathToFileURL } from 'node:url';
import type { DbKind } from '@wb/server-kit';
import { seedOnFirstStart } from '../services/src/seed/first-start.ts';
import { createTestApp, type TestApp } from '../services/src/testing/harness.ts';
import { useBenchDatabaseForTestHelpers } from './lib/bench-db.ts';
import { fmt, median } from './lib/stats.ts';
import { describe, verdictOf, type Bar, type Verdict, type VerdictWord } from './lib/verdict.ts';
import { argument, definedOnly } from './lib/args.ts';

const BAR: Bar = { op: '≤', value: 3 };
const USER = 'yk01';
const CUSTOMERS = 5000;
const CUSTOMER = '/api/svc/customer/v1';
const WORKFLOW = '/api/svc/workflow/v1';
const CONNECTION = '/api/svc/connection/v1';
const KINDS = ['search', 'inbox', 'detail', 'write'] as const;
type Kind = (typeof KINDS)[number];

/** `--short`: a quick check that it works, or a CI gate's budget; spreads are wider. */
export const P8_SHORT = { rounds: 4, mixes: 5 } as const;

export interface P8Result {
  id: 'P8';
  rounds: number;
  mixes: number;
  /** Median time of one mix (4 requests) per engine, ms. */
  pgliteMixMs: number;
  postgresMixMs: number;
  /** Paired per-round PGlite ÷ PostgreSQL. */
  ratio: Verdict;
  /** Per request kind: median ms on each engine and their ratio. */
  byKind: Record<Kind, { pglite: number; postgres: number; ratio: number }>;
  verdict: VerdictWord;
}

/** One engine's app and the state the mix walks through. */
interface Side {
  kind: DbKind;
  t: TestApp;
  cookie: string;
  searches: string[];
  applications: string[];
  /** The application the write suspends and resumes, and whether it is suspended now. */
  writeTarget: { appNo: string; version: string; suspended: boolean };
  step: number;
  times: Record<Kind, number[]>;
}

async function prepare(kind: DbKind): Promise<Side> {
  const t = await createTestApp(kind);
  // Seeded applications are dated by the wall clock; the app's clock follows so that SLAs read as on the day.
  t.clock.advance(Date.now() - t.clock.now().getTime());
  await seedOnFirstStart(t.db, { ...t.config, seedCustomers: CUSTOMERS, seed: 8 }, t.app.log);
  const cookie = await t.login(USER);
  const side: Side = { kind, t, cookie, searches: await searchTexts(t), applications: [], writeTarget: { appNo: '', version: '', suspended: false }, step: 0, times: emptyTimes() };
  side.applications = await visibleApplications(side);
  const target = side.applications[side.applications.length - 1] as string;
  side.writeTarget = { appNo: target, version: await etagOf(side, target), suspended: false };
  return side;
}

const emptyTimes = (): Record<Kind, number[]> => ({ search: [], inbox: [], detail: [], write: [] });

/** Search texts drawn from the archive with a fixed order: 户号 prefix, a name, a phone prefix, an address fragment. */
async function searchTexts(t: TestApp): Promise<string[]> {
  const rows = await t.db.query<{ cons_no: string; name: string; phone: string; address: string }>(
    'SELECT cons_no, name, phone, address FROM customer ORDER BY cons_no OFFSET 100 LIMIT 4',
  );
  return rows.flatMap((c) => [c.cons_no.slice(0, 8), c.name.slice(0, 2), c.phone.slice(0, 7), c.address.slice(-6)]);
}

async function visibleApplications(side: Side): Promise<string[]> {
  const response = await call(side, 'GET', `${CONNECTION}/applications?status=IN_PROGRESS&pageSize=50`);
  const items = (response.json() as { items: Array<{ appNo: string }> }).items.map((a) => a.appNo);
  if (items.length < 2) throw new Error(`P8 on ${side.kind}: ${USER} sees ${items.length} applications in flight; the seed changed?`);
  return items;
}

async function etagOf(side: Side, appNo: string): Promise<string> {
  const response = await call(side, 'GET', `${CONNECTION}/applications/${appNo}`);
  return String(response.headers.etag ?? '');
}

async function call(side: Side, method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) {
  const response = await side.t.request({ method, url, cookie: side.cookie, headers, ...(payload ? { payload } : {}) });
  if (response.statusCode !== 200) throw new Error(`P8 on ${side.kind}: ${method} ${url} → ${response.statusCode} ${response.body}`);
  return response;
}

/** The write: suspends the target application, or resumes it when suspended; keeps its version. */
async function write(side: Side): Promise<void> {
  const w = side.writeTarget;
  const action = w.suspended ? 'resume' : 'suspend';
  const response = await call(side, 'POST', `${CONNECTION}/applications/${w.appNo}/${action}`, { reason: '客户申请暂缓，压测' }, { 'if-match': w.version });
  w.version = String(response.headers.etag ?? '');
  w.suspended = !w.suspended;
}

async function timed(side: Side, kind: Kind, fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  const ms = performance.now() - started;
  side.times[kind].push(ms);
  return ms;
}

/** One mix: search, inbox, detail, write; the texts and applications rotate from mix to mix. */
async function mix(side: Side): Promise<number> {
  const i = side.step++;
  const q = side.searches[i % side.searches.length] as string;
  const appNo = side.applications[i % (side.applications.length - 1)] as string;
  return (
    (await timed(side, 'search', () => call(side, 'GET', `${CUSTOMER}/customers?q=${encodeURIComponent(q)}`))) +
    (await timed(side, 'inbox', () => call(side, 'GET', `${WORKFLOW}/inbox`))) +
    (await timed(side, 'detail', () => call(side, 'GET', `${CONNECTION}/applications/${appNo}`))) +
    (await timed(side, 'write', () => write(side)))
  );
}

async function mixes(side: Side, n: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < n; i++) total += await mix(side);
  return total;
}

function byKind(pglite: Side, postgres: Side): P8Result['byKind'] {
  const entry = (kind: Kind) => {
    const a = median(pglite.times[kind]);
    const b = median(postgres.times[kind]);
    return { pglite: round(a), postgres: round(b), ratio: round(a / b) };
  };
  return Object.fromEntries(KINDS.map((k) => [k, entry(k)])) as P8Result['byKind'];
}

const round = (n: number): number => Math.round(n * 100) / 100;

export async function run(options: { rounds?: number; mixes?: number } = {}): Promise<P8Result> {
  const rounds = options.rounds ?? 10;
  const perRound = options.mixes ?? 10;
  await useBenchDatabaseForTestHelpers();
  const pglite = await prepare('pglite');
  let postgres: Side | undefined;
  try {
    postgres = await prepare('postgres');
    await mixes(pglite, perRound); // warm-up: caches, plans, JIT
    await mixes(postgres, perRound);
    pglite.times = emptyTimes();
    postgres.times = emptyTimes();
    const ratios: number[] = [];
    const totals = { pglite: [] as number[], postgres: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      const [first, second] = r % 2 === 0 ? [pglite, postgres] : [postgres, pglite];
      const a = await mixes(first, perRound);
      const b = await mixes(second, perRound);
      const [p, q] = first === pglite ? [a, b] : [b, a];
      totals.pglite.push(p / perRound);
      totals.postgres.push(q / perRound);
      ratios.push(p / q);
    }
    const ratio = verdictOf(ratios, BAR);
    return {
      id: 'P8',
      rounds,
      mixes: perRound,
      pgliteMixMs: round(median(totals.pglite)),
      postgresMixMs: round(median(totals.postgres)),
      ratio,
      byKind: byKind(pglite, postgres),
      verdict: ratio.verdict,
    };
  } finally {
    await postgres?.t.close();
    await pglite.t.close();
  }
}

export function describeP8(r: P8Result): string {
  const kinds = KINDS.map((k) => `${k} ${fmt(r.byKind[k].pglite, 2)}/${fmt(r.byKind[k].postgres, 2)} ms`).join(', ');
  return `one mix ${fmt(r.pgliteMixMs, 1)} ms on PGlite vs ${fmt(r.postgresMixMs, 1)} ms on PostgreSQL, PGlite ÷ PostgreSQL **${describe(r.ratio)}**; per request (PGlite/PostgreSQL median) ${kinds}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const short = process.argv.includes('--short') ? P8_SHORT : {};
  const result = await run({ ...short, ...definedOnly({ rounds: argument('rounds'), mixes: argument('mixes') }) });
  console.log(JSON.stringify(result, null, 2));
  console.log(`P8 query mix: ${describeP8(result)} — ${result.verdict}`);
}
