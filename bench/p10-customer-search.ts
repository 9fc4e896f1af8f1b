/**
 * docs/quality.md P10: customer search over 1,000,000 customers on PostgreSQL, against the same SQL run raw.
 *
 *   npx tsx bench/p10-customer-search.ts [--iterations 400]
 *
 * Database: the benchmarks' own (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/wb_bench, created
 * when missing; never the tests' `test`), schema `wb_bench_p10` (created, migrated and seeded with 1,000,000 customers on the first run, reused
 * afterwards; the seed copies another benchmark schema's identical archive when there is one and builds the indexes
 * after the load, bench/lib/bulk-seed.ts). The search mix (户号 prefix, name,
 * phone, address, as an agent types them) is drawn deterministically from the seeded customers. Each query runs
 * through the repository (server-kit Db, row mapping) and, interleaved, as the very same statements through a
 * bare `pg` pool. Printed: p50/p95 of both and the ratio repository p95 ÷ raw p95.
 * Targets: repository p95 ≤ 50 ms and ratio ≤ 1.5.
 */
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { customerSearchQuerySchema, type CustomerSearchQuery } from '@wb/contracts';
import { createDb, migrate, type Db } from '@wb/server-kit';
import { buildCustomerSearchSql, createCustomerRepository, customerMigrations, runCustomerSearchSql } from '../services/src/customer/index.ts';
import { createRandom } from '../services/src/seed/customers-random.ts';
import { benchDatabaseUrl, ensureBenchDatabase, schemaUrl } from './lib/bench-db.ts';
import { seedBenchCustomers } from './lib/bulk-seed.ts';
import { percentiles, type Percentiles } from './lib/stats.ts';
import { describe, verdictOf } from './lib/verdict.ts';
import type { Verdict, VerdictWord } from './lib/verdict.ts';

export const P10_SCHEMA = 'wb_bench_p10';
const CUSTOMERS = 1_000_000;
const TARGET_P95_MS = 50;
const TARGET_RATIO = 1.5;

export interface P10Result {
  id: 'P10';
  customers: number;
  /** Seeding time when this run had to seed (of which `rebuildMs` building indexes after the load), else null. */
  seed: { elapsedMs: number; customersPerSecond: number; source: string; rebuildMs: number } | null;
  queries: number;
  repository: Percentiles;
  raw: Percentiles;
  /** repository p95 ÷ raw p95 */
  ratio: number;
  /** repository p95 ÷ raw p95 of each block of consecutive paired queries (issue 19), with its verdict. */
  spread: Verdict;
  verdict: VerdictWord;
  byKind: Record<string, { repository: Percentiles; raw: Percentiles }>;
  /** Queries matching more than 10,000 customers (a whole town or county), measured apart from the mix. */
  broad: { repository: Percentiles; raw: Percentiles };
  pass: boolean;
}

interface MixQuery {
  kind: string;
  query: CustomerSearchQuery;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

async function prepare(databaseUrl: string): Promise<{ db: Db; seed: P10Result['seed'] }> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA IF NOT EXISTS ${P10_SCHEMA}`).finally(() => admin.end());
  const db = await createDb({ databaseUrl: schemaUrl(databaseUrl, P10_SCHEMA) });
  await migrate(db, customerMigrations);
  // Nothing here changes the archive: other benchmark schemas may copy it (bench/lib/bulk-seed.ts).
  const report = await seedBenchCustomers(databaseUrl, P10_SCHEMA, { customers: CUSTOMERS, pristine: true });
  const seed = report.skipped
    ? null
    : { elapsedMs: report.elapsedMs, customersPerSecond: Math.round(report.customers / (report.elapsedMs / 1000)), source: report.source, rebuildMs: report.rebuildMs };
  return { db, seed };
}

/** Realistic queries, built from customers picked with a fixed seed. */
async function buildMix(db: Db, size: number): Promise<MixQuery[]> {
  const rng = createRandom(10);
  const offsets = Array.from({ length: Math.ceil(size / 8) }, () => rng.int(0, CUSTOMERS - 1));
  const rows = await db.query<{ cons_no: string; name: string; phone: string; address: string; category: string }>(
    `SELECT c.cons_no, c.name, c.phone, c.address, c.category FROM unnest($1::int[]) AS o(n)
     JOIN LATERAL (SELECT * FROM customer ORDER BY cons_no OFFSET o.n LIMIT 1) c ON true`,
    [offsets],
  );
  const q = (kind: string, input: Partial<CustomerSearchQuery>): MixQuery => ({ kind, query: customerSearchQuerySchema.parse(input) });
  const addressFragment = (address: string): string => /[^县镇乡号]+(村\d+组|\d+幢)/.exec(address)?.[0] ?? address.slice(-8);
  return rows.flatMap((c) => [
    q('consNo', { q: c.cons_no.slice(0, 6) }),
    q('consNo', { q: c.cons_no }),
    // Full person or shop names; for long company names a fragment of the trade name, as agents type them.
    q('name', { q: [...c.name].length >= 8 ? c.name.slice(3, 7) : c.name }),
    q('name', { q: c.name.slice(0, 2) }),
    q('phone', { q: c.phone }),
    q('phone', { q: c.phone.slice(0, 7) }),
    q('address', { q: addressFragment(c.address), field: 'address' }),
    q('address', { q: addressFragment(c.address) }),
  ]).slice(0, size);
}

const BROAD: readonly MixQuery[] = ['人民路', '梅岭镇', '城关镇', '江北县'].map((text) => ({
  kind: 'broad',
  query: customerSearchQuerySchema.parse({ q: text }),
}));

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** One query's paired timings, in the order they were taken. */
interface Pair {
  kind: string;
  repository: number;
  raw: number;
}

/** Blocks of this many consecutive paired queries give one per-block p95 ratio each (10 blocks for the 400-query mix). */
const BLOCK = 40;

async function measure(db: Db, pool: pg.Pool, mix: readonly MixQuery[], rounds: number): Promise<Pair[]> {
  const repository = createCustomerRepository(db);
  const runRaw = async <T,>(sql: string, params: unknown[]): Promise<T[]> => (await pool.query(sql, params)).rows as T[];
  const pairs: Pair[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const [i, { kind, query }] of mix.entries()) {
      const repo = () => repository.search(query);
      const raw = () => runCustomerSearchSql<{ cons_no: string | null }>(runRaw, buildCustomerSearchSql(query));
      // Alternate which side goes first so that neither always finds the pages the other just read.
      const [first, second] = i % 2 === 0 ? [repo, raw] : [raw, repo];
      const a = await time(first);
      const b = await time(second);
      if (round === 0) continue; // warm-up
      pairs.push({ kind, repository: i % 2 === 0 ? a : b, raw: i % 2 === 0 ? b : a });
    }
  }
  return pairs;
}

/** Percentiles of both sides of `pairs`. */
const sides = (pairs: readonly Pair[]): { repository: Percentiles; raw: Percentiles } => ({
  repository: percentiles(pairs.map((x) => x.repository)),
  raw: percentiles(pairs.map((x) => x.raw)),
});

export async function run(options: { databaseUrl?: string; iterations?: number } = {}): Promise<P10Result> {
  const databaseUrl = await ensureBenchDatabase(options.databaseUrl ?? benchDatabaseUrl());
  const { db, seed } = await prepare(databaseUrl);
  const pool = new pg.Pool({ connectionString: schemaUrl(databaseUrl, P10_SCHEMA), max: 10 });
  try {
    const mix = await buildMix(db, options.iterations ?? 400);
    const pairs = await measure(db, pool, mix, 2);
    const broad = await measure(db, pool, BROAD, 3);
    const { repository, raw } = sides(pairs);
    const ratio = round(repository.p95 / raw.p95);
    const blockRatios: number[] = [];
    for (let at = 0; at + BLOCK <= pairs.length; at += BLOCK) {
      const block = sides(pairs.slice(at, at + BLOCK));
      blockRatios.push(block.repository.p95 / block.raw.p95);
    }
    const spread = verdictOf(blockRatios, { op: '≤', value: TARGET_RATIO });
    const verdict: VerdictWord = repository.p95 > TARGET_P95_MS ? 'misses' : spread.verdict;
    return {
      id: 'P10',
      customers: CUSTOMERS,
      seed,
      queries: pairs.length,
      repository,
      raw,
      ratio,
      spread,
      verdict,
      byKind: Object.fromEntries([...new Set(pairs.map((x) => x.kind))].map((kind) => [kind, sides(pairs.filter((x) => x.kind === kind))])),
      broad: sides(broad),
      pass: verdict === 'meets',
    };
  } finally {
    await pool.end();
    await db.close();
  }
}

function print(result: P10Result): void {
  if (result.seed) {
    console.log(`seeded ${result.customers} customers in ${result.seed.elapsedMs} ms (${result.seed.customersPerSecond}/s; ${result.seed.source}; indexes and keys after the load ${result.seed.rebuildMs} ms)`);
  }
  console.log(`P10 customer search, ${result.customers} customers, ${result.queries} queries per side (ms)`);
  console.table({
    ...Object.fromEntries(Object.entries(result.byKind).map(([kind, s]) => [kind, { ...prefix('repo', s.repository), ...prefix('raw', s.raw) }])),
    'mix (all)': { ...prefix('repo', result.repository), ...prefix('raw', result.raw) },
    'broad (>10k matches, not in mix)': { ...prefix('repo', result.broad.repository), ...prefix('raw', result.broad.raw) },
  });
  console.log(
    `repository p95 ${result.repository.p95} ms (target ≤ ${TARGET_P95_MS}), ratio ${result.ratio}× raw, per-block ${describe(result.spread)}: ${result.verdict}`,
  );
}

function prefix(side: string, p: Percentiles): Record<string, number> {
  return { [`${side} p50`]: p.p50, [`${side} p95`]: p.p95 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--iterations');
  const iterations = at > 0 ? Number(process.argv[at + 1]) : undefined;
  run(iterations ? { iterations } : {}).then(print, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
