/**
 * docs/quality.md P17 (issue 15): 营销运营监测 on PostgreSQL — the city dashboard API at 1,000,000 customers and 12
 * months of flows, the full rebuild of the facts, and the event-to-screen latency.
 *
 *   npx tsx bench/p17-dashboard.ts [--customers 20000] [--requests 200] [--events 10]
 *
 * Database: the benchmarks' own (BENCH_DATABASE_URL, default wb_bench; never the tests' `test`), schema
 * `wb_bench_p17` (BENCH_P17_SCHEMA names another, for a run beside the suite's), dropped and seeded afresh each run:
 * the org tree and demo accounts, `--customers` customers with
 * billing's twelve months (receivables, payments, readings, 停复电 history), a year of 95598 tickets, 50 业扩
 * applications; then the facts are rebuilt from the sources (the rebuild measured).
 *
 * - Rebuild: `rebuildIndicators` over everything seeded, timed; extrapolated linearly to 1,000,000 customers
 *   (stated as such). Target ≤ 5 min.
 * - Dashboard at 1,000,000: the facts are kept per org unit × day × metric, so their row count follows the org tree
 *   and the calendar, not the customers; the items behind them (复电 orders, tickets, billing months, applications)
 *   do grow with the customers. Before measuring, the items are cloned ×(1,000,000 ÷ customers) under new keys and
 *   the fact values scaled by the same factor, which gives the tables the size they have at 1,000,000. Then mgr01
 *   asks the city's `/summary` (the dashboard's first view) and `/screen` (the 大屏) `--requests` times each,
 *   through the full server (`inject`: gateway, session, data scope, SQL), after a warm-up. Target p95 ≤ 100 ms.
 * - Event to screen: a screen stream (`/screen/stream`, server-sent events) is open on a listening server; a
 *   counter payment is made `--events` times, each timed from the request to the stream's `event: facts`.
 *   Target ≤ 2 s.
 */
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { InjectOptions } from 'fastify';
import { createDb, type Db } from '@wb/server-kit';
import { buildApp } from '../services/src/app.ts';
import { loadConfig } from '../services/src/config.ts';
import { deployConnectionProcesses, seedConnections } from '../services/src/connection/index.ts';
import { rebuildIndicators } from '../services/src/indicators/index.ts';
import { defaultServices } from '../services/src/modules.ts';
import { seedBilling, seedCustomers, seedIdentity, seedTickets } from '../services/src/seed/index.ts';
import { TEST_PASSWORD, TEST_REGISTRY_DIRS, TEST_SCRYPT_N } from '../services/src/testing/harness.ts';
import { readEventBlocks } from '../services/src/testing/http-send.ts';
import { deployTicketProcesses } from '../services/src/ticket/index.ts';
import { createWorkflowEngine } from '../services/src/workflow/index.ts';
import { argument, definedOnly } from './lib/args.ts';
import { benchDatabaseUrl, ensureBenchDatabase, recreateSchema, schemaUrl } from './lib/bench-db.ts';
import { percentile, tailPercentiles } from './lib/stats.ts';

export const P17_SCHEMA = 'wb_bench_p17';
const TARGET_P95_MS = 100;
const TARGET_REBUILD_MIN = 5;
const TARGET_EVENT_MS = 2000;
const AT_SCALE = 1_000_000;
const IND = '/api/svc/indicators/v1';

export interface P17Result {
  id: 'P17';
  customers: number;
  seedMs: number;
  rebuild: { ms: number; items: number; facts: number; extrapolatedMinutesAt1M: number };
  scale: { factor: number; items: number; facts: number };
  summary: { p50: number; p95: number; p99: number };
  screen: { p50: number; p95: number; p99: number };
  event: { samples: number; p50: number; max: number };
  pass: boolean;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;
async function freshSchema(databaseUrl: string, schema: string): Promise<Db> {
  await recreateSchema(databaseUrl, schema);
  return createDb({ databaseUrl: schemaUrl(databaseUrl, schema), poolMax: 10 });
}

/** Clones the items ×`factor` under new keys and scales the facts by `factor`: the tables' size at 1,000,000. */
async function scaleUp(db: Db, factor: number): Promise<void> {
  if (factor <= 1) return;
  await db.query(
    `INSERT INTO ind_item (kind, item_key, org_unit_code, org_path, title, link, open_due_at, contributions, marks, updated_at)
     SELECT i.kind, i.item_key || '#' || g, i.org_unit_code, i.org_path, i.title, i.link, i.open_due_at, i.contributions, i.marks, i.updated_at
       FROM ind_item i CROSS JOIN generate_series(2, $1::int) AS g WHERE i.kind IN ('yk', 'ticket', 'order')`,
    [factor],
  );
  await db.query('UPDATE ind_fact SET value = value * $1', [factor]);
  await db.query('UPDATE ind_fact_month SET value = value * $1', [factor]);
  await db.query('ANALYZE');
}

/** Waits (at most 2 min) until every outbox event was delivered to its consumers and the items they marked refreshed (ADR 0076). */
async function drainOutbox(db: Db): Promise<void> {
  for (const end = Date.now() + 120_000; Date.now() < end; ) {
    const [row] = await db.query<{ n: number }>(
      `SELECT ((SELECT count(*) FROM wf_outbox WHERE published_at IS NULL) + (SELECT count(*) FROM wf_outbox_delivery WHERE status = 'PENDING')
             + (SELECT count(*) FROM ind_dirty))::int AS n`,
    );
    if (!row?.n) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Reads a server-sent event stream; resolves `next()` with the arrival time of the next `event: facts`. */
async function openScreenStream(base: string, cookie: string): Promise<{ next(): Promise<number>; close(): void }> {
  const controller = new AbortController();
  const res = await fetch(`${base}${IND}/screen/stream`, { headers: { accept: 'text/event-stream', cookie }, signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`P17 stream: ${res.status}`);
  const waiting: Array<(at: number) => void> = [];
  // Rejects when `close` aborts the request.
  void readEventBlocks(res.body, (block) => {
    if (block.includes('event: facts')) waiting.shift()?.(performance.now());
  }).catch(() => undefined);
  return {
    next: () =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('P17: no screen event within 30 s')), 30_000);
        waiting.push((at) => {
          clearTimeout(timer);
          resolve(at);
        });
      }),
    close: () => controller.abort(),
  };
}

export async function run(options: { databaseUrl?: string; schema?: string; customers?: number; requests?: number; events?: number } = {}): Promise<P17Result> {
  const customers = options.customers ?? 20_000;
  const requests = options.requests ?? 200;
  const events = options.events ?? 10;
  const databaseUrl = options.databaseUrl ?? (await ensureBenchDatabase(benchDatabaseUrl()));
  const schema = options.schema ?? P17_SCHEMA;
  const db = await freshSchema(databaseUrl, schema);
  const engine = createWorkflowEngine();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: schemaUrl(databaseUrl, schema), LOGIN_ADDRESS_MAX_ATTEMPTS: '1000000' });
  const app = await buildApp(config, {
    db,
    registry: TEST_REGISTRY_DIRS,
    logger: false,
    testing: { scryptN: TEST_SCRYPT_N },
    services: defaultServices({ workflow: { engine } }),
  });
  try {
    await app.ready();
    const now = app.now();
    const seedStarted = performance.now();
    await seedIdentity(db, { demoPassword: TEST_PASSWORD, demo: true, scryptN: TEST_SCRYPT_N });
    await seedCustomers(db, { customers, seed: 17 });
    await seedBilling(db, { now, seed: 17 });
    await db.transaction(async (tx) => {
      await deployTicketProcesses(tx, engine);
      await deployConnectionProcesses(tx, engine);
    });
    await seedTickets(db, engine, { now, seed: 17 });
    await seedConnections(db, engine, { now });
    const seedMs = performance.now() - seedStarted;
    // The seed's events (业扩 and ticket steps) reach the indicators' consumer first: the rebuild is timed alone.
    await drainOutbox(db);
    await db.query('ANALYZE');

    const rebuildStarted = performance.now();
    const rebuilt = await rebuildIndicators(db, now);
    const rebuildMs = performance.now() - rebuildStarted;

    const factor = Math.max(1, Math.round(AT_SCALE / customers));
    await scaleUp(db, factor);
    const [size] = await db.query<{ items: number; facts: number }>('SELECT (SELECT count(*)::int FROM ind_item) AS items, (SELECT count(*)::int FROM ind_fact) AS facts');

    const inject = (o: InjectOptions) => app.inject({ ...o, headers: { 'x-workbench-request': '1', ...o.headers } });
    const login = async (username: string): Promise<string> => {
      const res = await inject({ method: 'POST', url: '/api/identity/login', payload: { username, password: TEST_PASSWORD } });
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      if (res.statusCode !== 200 || !cookie) throw new Error(`P17 login ${username}: ${res.statusCode} ${res.body}`);
      return cookie;
    };
    const mgr = await login('mgr01');
    const timedGet = async (url: string, into: number[]): Promise<void> => {
      const s = performance.now();
      const res = await inject({ method: 'GET', url, headers: { cookie: mgr } });
      into.push(performance.now() - s);
      if (res.statusCode !== 200) throw new Error(`P17 ${url}: ${res.statusCode} ${res.body}`);
    };
    const warm: number[] = [];
    for (let i = 0; i < 10; i++) {
      await timedGet(`${IND}/summary`, warm);
      await timedGet(`${IND}/screen`, warm);
    }
    const summaryMs: number[] = [];
    const screenMs: number[] = [];
    for (let i = 0; i < requests; i++) {
      await timedGet(`${IND}/summary`, summaryMs);
      await timedGet(`${IND}/screen`, screenMs);
    }

    // Event to screen: counter payments of customers in arrears, each until the stream says the facts changed.
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const stream = await openScreenStream(base, mgr);
    const admin = await login('admin');
    const debtors = await db.query<{ cons_no: string; owe: string }>(
      `SELECT cons_no, sum(amount_fen - paid_fen)::text AS owe FROM billing_receivable WHERE paid_fen < amount_fen GROUP BY cons_no ORDER BY md5(cons_no) LIMIT $1`,
      [events],
    );
    const eventMs: number[] = [];
    for (const [i, d] of debtors.entries()) {
      const arrived = stream.next();
      const sent = performance.now();
      const res = await inject({
        method: 'POST', url: '/api/svc/billing/v1/payments', payload: { consNo: d.cons_no, amountFen: Number(d.owe), method: 'CASH' },
        headers: { cookie: admin, 'idempotency-key': `p17-${i}` },
      });
      if (res.statusCode !== 201) throw new Error(`P17 payment: ${res.statusCode} ${res.body}`);
      eventMs.push((await arrived) - sent);
      // Let the screen's debounce window pass, so the next payment is its own event.
      await new Promise((r) => setTimeout(r, 500));
    }
    stream.close();

    const summary = tailPercentiles(summaryMs);
    const screen = tailPercentiles(screenMs);
    const extrapolated = Math.round(((rebuildMs / customers) * AT_SCALE) / 60_000 * 10) / 10;
    const event = { samples: eventMs.length, p50: round(percentile(eventMs, 50)), max: round(Math.max(...eventMs)) };
    return {
      id: 'P17',
      customers,
      seedMs: Math.round(seedMs),
      rebuild: { ms: Math.round(rebuildMs), items: rebuilt.items, facts: rebuilt.facts, extrapolatedMinutesAt1M: extrapolated },
      scale: { factor, items: size?.items ?? 0, facts: size?.facts ?? 0 },
      summary,
      screen,
      event,
      pass: summary.p95 <= TARGET_P95_MS && extrapolated <= TARGET_REBUILD_MIN && event.max <= TARGET_EVENT_MS,
    };
  } finally {
    await app.close();
    await db.close();
  }
}

export function describeP17(r: P17Result): string {
  return (
    `seeded ${r.customers.toLocaleString('en')} customers with 12 months of flows; rebuild ${r.rebuild.items.toLocaleString('en')} items → ${r.rebuild.facts.toLocaleString('en')} facts in ${r.rebuild.ms} ms, ` +
    `extrapolated to 1,000,000: **${r.rebuild.extrapolatedMinutesAt1M} min** (target ≤ ${TARGET_REBUILD_MIN}); at 1,000,000 (items ×${r.scale.factor} = ${r.scale.items.toLocaleString('en')}, ${r.scale.facts.toLocaleString('en')} fact rows) ` +
    `city /summary p50 ${r.summary.p50} / p95 **${r.summary.p95} ms** / p99 ${r.summary.p99} ms, /screen p50 ${r.screen.p50} / p95 **${r.screen.p95} ms** (target p95 ≤ ${TARGET_P95_MS} ms); ` +
    `event to screen p50 ${r.event.p50} ms, max **${r.event.max} ms** over ${r.event.samples} payments (target ≤ ${TARGET_EVENT_MS} ms)`
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await run(definedOnly({ schema: process.env.BENCH_P17_SCHEMA, customers: argument('customers'), requests: argument('requests'), events: argument('events') }));
  console.log(JSON.stringify(r, null, 2));
  console.log(describeP17(r));
  process.exitCode = r.pass ? 0 : 1;
}
