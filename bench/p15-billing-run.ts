/**
 * docs/quality.md P15: one month's 核算 + 发行 on PostgreSQL through the billing service, against a raw-SQL
 * baseline doing the same work, and the counter's customer-with-arrears lookup.
 *
 *   npx tsx bench/p15-billing-run.ts [--customers 20000] [--lookups 300]
 *
 * Database: the benchmarks' own (BENCH_DATABASE_URL, default wb_bench; never the tests' `test`), schema
 * `wb_bench_p15`, dropped and seeded afresh each run (customers, then billing's twelve months; the thirteenth month is
 * read and not yet calculated — the month measured).
 *
 * - Service: `calculate` (admin scope, the whole company, one batch) then `issue`, as the routes call them.
 * - Baseline (run first, once to warm up and once measured, each in a transaction rolled back): what a hand-written job would do — one SELECT of the month's
 *   distinct usages (tariff, kWh, bands, kvarh, demand, capacity) priced by the same pure `calculateBill`, then one
 *   INSERT … SELECT of the receivables joined to that price table (no batch, no bill rows, no 预存 drawing).
 *   The arithmetic is the same function; the baseline does it once per distinct usage instead of once per customer.
 * - Lookup: `accountView` (what the counter screen shows: receivables with accrued 违约金, payments, 预存) for
 *   customers with arrears, p50/p95.
 *
 * Target (issue 13): at 1,000,000 customers ≤ 10 min and ≥ 0.5× the baseline; lookup p95 ≤ 50 ms. The default
 * size runs in minutes on the shared machine; the 1,000,000 figure is extrapolated linearly from the measured
 * per-customer time (stated as such).
 */
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createDb, migrate, type Db } from '@wb/server-kit';
import { billingMigrations, calculateBill, createBillingOperations, tariffFor } from '../services/src/billing/index.ts';
import { customerMigrations } from '../services/src/customer/index.ts';
import { identityMigrations } from '../services/src/identity/index.ts';
import { seedBilling, seedCustomers } from '../services/src/seed/index.ts';
import { seedIdentity } from '../services/src/seed/identity.ts';
import { createWorkflowEngine, workflowMigrations } from '../services/src/workflow/index.ts';
import { argument, definedOnly } from './lib/args.ts';
import { benchDatabaseUrl, ensureBenchDatabase } from './lib/bench-db.ts';

export const P15_SCHEMA = 'wb_bench_p15';
const TARGET_MINUTES_AT_1M = 10;
const TARGET_RATIO = 0.5;
const TARGET_LOOKUP_P95_MS = 50;
const NOW = new Date('2026-03-10T02:00:00Z');

export interface P15Result {
  id: 'P15';
  customers: number;
  bills: number;
  seedMs: number;
  baselineMs: number;
  serviceMs: { calculate: number; issue: number; total: number };
  /** baseline time ÷ service time (≥ 0.5 wanted). */
  ratio: number;
  /** Linear extrapolation of the service time to 1,000,000 customers, minutes. */
  extrapolatedMinutesAt1M: number;
  lookup: { samples: number; p50: number; p95: number };
  pass: boolean;
}

function schemaUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${P15_SCHEMA},public`);
  return url.toString();
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

async function prepare(databaseUrl: string, customers: number): Promise<{ db: Db; seedMs: number }> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${P15_SCHEMA} CASCADE`);
    await admin.query(`CREATE SCHEMA ${P15_SCHEMA}`);
  } finally {
    await admin.end();
  }
  const db = await createDb({ databaseUrl: schemaUrl(databaseUrl) });
  // Identity (org tree, posts) and the workflow: the seed deploys billing's bound processes and opens 抄表复核 tasks (ADR 0049).
  await migrate(db, [...identityMigrations, ...workflowMigrations, ...customerMigrations, ...billingMigrations]);
  await seedIdentity(db, { demoPassword: 'Bench#Pass-2026', demo: true, scryptN: 2 ** 10 });
  const started = performance.now();
  await seedCustomers(db, { customers, seed: 15 });
  await seedBilling(db, { now: NOW, seed: 15 });
  return { db, seedMs: performance.now() - started };
}

/** The month of `NOW` (China time), `YYYYMM`. */
function currentYm(): string {
  const cst = new Date(NOW.getTime() + 8 * 3_600_000);
  return `${cst.getUTCFullYear()}${String(cst.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The raw baseline: distinct usages priced once, one INSERT … SELECT; rolled back. Returns ms and rows. */
async function baseline(db: Db, ym: string): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  let rows = 0;
  await db
    .transaction(async (tx) => {
      const usages = await tx.query<{ tariff_code: string; kwh: number; peak_kwh: number; valley_kwh: number; kvarh: number; demand_kw: number; capacity_kva: number }>(
        `SELECT DISTINCT a.tariff_code, m.kwh, m.peak_kwh, m.valley_kwh, m.kvarh, m.demand_kw, a.capacity_kva
           FROM billing_account a JOIN billing_reading m ON m.cons_no = a.cons_no AND m.ym = $1 WHERE m.exception IS NULL`,
        [ym],
      );
      const priced = usages.flatMap((u) => {
        const tariff = tariffFor(u.tariff_code, ym);
        if (!tariff) return [];
        const bill = calculateBill(tariff, { kwh: u.kwh, peakKwh: u.peak_kwh, valleyKwh: u.valley_kwh, kvarh: u.kvarh, demandKw: u.demand_kw, capacityKva: u.capacity_kva });
        return [{ ...u, bill_tariff: tariff.code, lines: bill.lines, amount_fen: bill.amountFen }];
      });
      await tx.query(`CREATE TEMP TABLE p15_price (tariff_code text, kwh int, peak_kwh int, valley_kwh int, kvarh int, demand_kw int, capacity_kva int, bill_tariff text, lines jsonb, amount_fen bigint) ON COMMIT DROP`);
      for (let i = 0; i < priced.length; i += 5000) {
        await tx.query(
          `INSERT INTO p15_price SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(tariff_code text, kwh int, peak_kwh int, valley_kwh int, kvarh int, demand_kw int, capacity_kva int, bill_tariff text, lines jsonb, amount_fen bigint)`,
          [JSON.stringify(priced.slice(i, i + 5000))],
        );
      }
      await tx.query('ANALYZE p15_price');
      const inserted = await tx.query<{ n: number }>(
        `WITH ins AS (
           INSERT INTO billing_receivable (cons_no, ym, org_unit_code, org_path, tariff_code, resident, kwh, lines, amount_fen, due_date, issued_at)
           SELECT a.cons_no, $1, a.org_unit_code, a.org_path, p.bill_tariff, a.resident, m.kwh, p.lines, p.amount_fen, $2::date, $3
             FROM billing_account a JOIN billing_reading m ON m.cons_no = a.cons_no AND m.ym = $1 AND m.exception IS NULL
             JOIN p15_price p ON p.tariff_code = a.tariff_code AND p.kwh = m.kwh AND p.peak_kwh = m.peak_kwh AND p.valley_kwh = m.valley_kwh
                             AND p.kvarh = m.kvarh AND p.demand_kw = m.demand_kw AND p.capacity_kva = a.capacity_kva
           ON CONFLICT (cons_no, ym, adjustment_id) DO NOTHING RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
        [ym, `${ym.slice(0, 4)}-${ym.slice(4)}-28`, NOW],
      );
      rows = inserted[0]?.n ?? 0;
      throw new RollBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
  return { ms: performance.now() - started, rows };
}

class RollBack extends Error {}

export async function run(options: { databaseUrl?: string; customers?: number; lookups?: number } = {}): Promise<P15Result> {
  const customers = options.customers ?? 20_000;
  const lookups = options.lookups ?? 300;
  const databaseUrl = options.databaseUrl ?? (await ensureBenchDatabase(benchDatabaseUrl()));
  const { db, seedMs } = await prepare(databaseUrl, customers);
  try {
    const ym = currentYm();
    await db.query('ANALYZE');
    // Warm-up (caches, plans), then the measured run; both rolled back.
    await baseline(db, ym);
    const base = await baseline(db, ym);

    const engine = createWorkflowEngine({ now: () => NOW });
    const ops = createBillingOperations({ db, engine, now: () => NOW });
    const ctx = { actor: { username: 'p15' }, scope: undefined };
    const t0 = performance.now();
    const batch = await ops.calculate(ctx, { ym });
    const t1 = performance.now();
    const issued = await ops.issue({ ...ctx, version: batch.version }, batch.id);
    const t2 = performance.now();

    // The counter: customers with arrears (deterministic pick), each looked up once.
    const debtors = await db.query<{ cons_no: string }>(
      `SELECT cons_no FROM billing_receivable WHERE paid_fen < amount_fen AND due_date < $1::date GROUP BY cons_no ORDER BY md5(cons_no) LIMIT $2`,
      ['2026-03-10', lookups],
    );
    const samples: number[] = [];
    for (const d of debtors) {
      const s = performance.now();
      await ops.accountView(d.cons_no, undefined);
      samples.push(performance.now() - s);
    }
    samples.sort((a, b) => a - b);
    const at = (p: number): number => round(samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)] ?? NaN);
    const total = t2 - t0;
    const ratio = Math.round((base.ms / total) * 100) / 100;
    const extrapolated = Math.round(((total / customers) * 1_000_000) / 60_000 * 10) / 10;
    const lookup = { samples: samples.length, p50: at(0.5), p95: at(0.95) };
    return {
      id: 'P15',
      customers,
      bills: issued.issued,
      seedMs: Math.round(seedMs),
      baselineMs: Math.round(base.ms),
      serviceMs: { calculate: Math.round(t1 - t0), issue: Math.round(t2 - t1), total: Math.round(total) },
      ratio,
      extrapolatedMinutesAt1M: extrapolated,
      lookup,
      pass: ratio >= TARGET_RATIO && extrapolated <= TARGET_MINUTES_AT_1M && lookup.p95 <= TARGET_LOOKUP_P95_MS,
    };
  } finally {
    await db.close();
  }
}

export function describeP15(r: P15Result): string {
  return (
    `${r.customers.toLocaleString('en')} customers, ${r.bills.toLocaleString('en')} bills: service 核算 ${r.serviceMs.calculate} ms + 发行 ${r.serviceMs.issue} ms = ${r.serviceMs.total} ms ` +
    `vs baseline ${r.baselineMs} ms = **${r.ratio}×** (target ≥ ${TARGET_RATIO}×); extrapolated to 1,000,000: **${r.extrapolatedMinutesAt1M} min** (target ≤ ${TARGET_MINUTES_AT_1M}); ` +
    `counter lookup p50 ${r.lookup.p50} ms, p95 **${r.lookup.p95} ms** over ${r.lookup.samples} customers with arrears at ${r.customers.toLocaleString('en')} (target ≤ ${TARGET_LOOKUP_P95_MS} ms at 1,000,000)`
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await run(definedOnly({ customers: argument('customers'), lookups: argument('lookups') }));
  console.log(JSON.stringify(r, null, 2));
  console.log(describeP15(r));
  process.exitCode = r.pass ? 0 : 1;
}
