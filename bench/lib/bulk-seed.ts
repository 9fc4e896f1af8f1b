/**
 * Bulk seeding of the 1,000,000-customer benchmark schemas (P10, P14, P15) in wb_bench.
 *
 * - **Keys and indexes after the load**: a bulk load into a table with its secondary indexes and foreign keys pays
 *   for every index entry and every key check row by row (the two pg_trgm GIN indexes of the customer archive, the
 *   allocation's two foreign keys over ~11 million rows). `withDeferredKeys` drops them (their DDL is kept in the
 *   schema's `bench_deferred_ddl` first, so that a killed seed leaves them to be built by the next run), runs the load
 *   and builds each index once, sorted, and checks each key in one statement. Primary keys and unique constraints stay:
 *   the seeds' `ON CONFLICT` and look-ups need them.
 * - **Session settings of the load only** (`BULK_SETTINGS`): more sort memory for the seeds' window functions and
 *   joins, more for index builds, commit without waiting for the WAL flush. The tables stay logged (as in
 *   production), and the benchmark itself runs on a connection with the server's defaults.
 * - **Copy instead of generating**: the customer archive of a (customers, seed) already loaded into another
 *   benchmark schema of the database is copied over by `INSERT … SELECT` on the server, instead of being generated
 *   again in JavaScript and sent as JSON. Only a schema whose archive nothing has changed since its seed (P10, P14;
 *   not P15, whose billing seed cuts customers off) offers its archive as a source.
 * - **Cached per schema** (the pattern of P14): the schema's `bench_seed` table records what was seeded (name →
 *   spec); a run finding its spec skips the seed.
 */
import type { Db, Executor, Queryable } from '@wb/server-kit';
import { createDb } from '@wb/server-kit';
import { schemaUrl } from './bench-db.ts';
import { DEFAULT_SEED } from '../../services/src/seed/customers-generator.ts';
import { seedCustomers } from '../../services/src/seed/customers.ts';

/** The customer archive's tables, in the order their rows reference each other. */
export const CUSTOMER_TABLES = ['supply_unit', 'tg', 'mr_sect', 'customer', 'meter'] as const;

/** Settings of the seeding connections only. */
export const BULK_SETTINGS: Readonly<Record<string, string>> = { work_mem: '256MB', maintenance_work_mem: '1GB', synchronous_commit: 'off' };

/** Opens a connection pool to `schema` with `BULK_SETTINGS`, for `fn`. */
export async function withBulkDb<T>(databaseUrl: string, schema: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await createDb({ databaseUrl: schemaUrl(databaseUrl, schema, BULK_SETTINGS), poolMax: 4 });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const MARKER_DDL = `CREATE TABLE IF NOT EXISTS bench_seed (name text PRIMARY KEY, spec jsonb NOT NULL, elapsed_ms integer NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS bench_deferred_ddl (name text PRIMARY KEY, table_name text NOT NULL, kind text NOT NULL CHECK (kind IN ('index', 'foreign key')), ddl text NOT NULL)`;

/** The spec recorded for `name` in the schema's `bench_seed`, or null. */
export async function seededSpec(q: Queryable, name: string): Promise<Record<string, unknown> | null> {
  const [exists] = await q.query<{ t: string | null }>(`SELECT to_regclass(quote_ident(current_schema()) || '.bench_seed')::text AS t`);
  if (!exists?.t) return null;
  const [row] = await q.query<{ spec: Record<string, unknown> }>('SELECT spec FROM bench_seed WHERE name = $1', [name]);
  return row?.spec ?? null;
}

export async function recordSeed(q: Executor, name: string, spec: Record<string, unknown>, elapsedMs: number): Promise<void> {
  await q.exec(MARKER_DDL);
  await q.query(
    `INSERT INTO bench_seed (name, spec, elapsed_ms) VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (name) DO UPDATE SET spec = EXCLUDED.spec, elapsed_ms = EXCLUDED.elapsed_ms, seeded_at = now()`,
    [name, JSON.stringify(spec), Math.round(elapsedMs)],
  );
}

export function sameSpec(a: Record<string, unknown> | null, b: Record<string, unknown>): boolean {
  return a !== null && Object.keys(b).length === Object.keys(a).length && Object.entries(b).every(([k, v]) => JSON.stringify(a[k]) === JSON.stringify(v));
}

/**
 * The secondary indexes (not those of a primary key, unique or exclusion constraint) and foreign keys of `tables` in
 * the current schema, as DDL that creates them again.
 */
async function deferrable(q: Queryable, tables: readonly string[]): Promise<Array<{ name: string; table_name: string; kind: 'index' | 'foreign key'; ddl: string }>> {
  return q.query(
    `SELECT ic.relname AS name, c.relname AS table_name, 'index' AS kind, pg_get_indexdef(i.indexrelid) AS ddl
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relname = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x'))
     UNION ALL
     SELECT k.conname, c.relname, 'foreign key', format('ALTER TABLE %I ADD CONSTRAINT %I %s', c.relname, k.conname, pg_get_constraintdef(k.oid))
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
      WHERE k.contype = 'f' AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relname = ANY($1::text[])`,
    [[...tables]],
  );
}

/**
 * Runs `load` with the secondary indexes and foreign keys of `tables` dropped, then creates them again: indexes two
 * at a time (the machine has two cores), then each foreign key checked in one statement. Also creates any index or
 * key an interrupted earlier load left in `bench_deferred_ddl`. Returns `load`'s answer and the time the rebuild took.
 */
export async function withDeferredKeys<T>(db: Db, tables: readonly string[], load: () => Promise<T>): Promise<{ result: T; rebuildMs: number }> {
  await db.exec(MARKER_DDL);
  const found = await deferrable(db, tables);
  await db.transaction(async (tx) => {
    for (const d of found) {
      await tx.query('INSERT INTO bench_deferred_ddl (name, table_name, kind, ddl) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING', [d.name, d.table_name, d.kind, d.ddl]);
    }
    for (const d of found.filter((x) => x.kind === 'foreign key')) await tx.exec(`ALTER TABLE ${quoteIdent(d.table_name)} DROP CONSTRAINT ${quoteIdent(d.name)}`);
    for (const d of found.filter((x) => x.kind === 'index')) await tx.exec(`DROP INDEX ${quoteIdent(d.name)}`);
  });
  let result: T;
  try {
    result = await load();
  } catch (error) {
    // Also after a failed load: the schema keeps its indexes and keys whatever happens.
    await rebuild(db);
    throw error;
  }
  return { result, rebuildMs: await rebuild(db) };
}

/** Creates what `bench_deferred_ddl` lists (indexes two at a time, then foreign keys), removing each row once done. */
export async function rebuild(db: Db): Promise<number> {
  const started = performance.now();
  await db.exec(MARKER_DDL);
  const pending = await db.query<{ name: string; kind: string; ddl: string }>('SELECT name, kind, ddl FROM bench_deferred_ddl ORDER BY kind DESC, name');
  const build = async (d: { name: string; ddl: string }): Promise<void> => {
    await db.transaction(async (tx) => {
      await tx.exec(d.ddl);
      await tx.query('DELETE FROM bench_deferred_ddl WHERE name = $1', [d.name]);
    });
  };
  const indexes = pending.filter((d) => d.kind === 'index');
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < indexes.length) await build(indexes[next++]!);
  };
  await Promise.all([worker(), worker()]);
  for (const d of pending.filter((x) => x.kind === 'foreign key')) await build(d);
  return Math.round(performance.now() - started);
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export interface BenchCustomerSeed {
  skipped: boolean;
  /** Where the archive came from: generated here, copied from another schema, or already there. */
  source: 'generated' | 'cached' | `copied from ${string}`;
  customers: number;
  elapsedMs: number;
  /** Of which building the indexes and checking the keys after the load. */
  rebuildMs: number;
}

/** A benchmark schema of this database holding the archive of `spec`, untouched since its seed, other than this one. */
async function findSource(db: Db, spec: Record<string, unknown>): Promise<string | null> {
  const schemas = await db.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_namespace n
      WHERE n.nspname <> current_schema() AND to_regclass(quote_ident(n.nspname) || '.bench_seed') IS NOT NULL ORDER BY n.nspname`,
  );
  for (const { schema } of schemas) {
    const [row] = await db.query<{ spec: Record<string, unknown> }>(`SELECT spec FROM ${quoteIdent(schema)}.bench_seed WHERE name = 'customers'`);
    if (row && sameSpec(row.spec, { ...spec, pristine: true })) return schema;
  }
  return null;
}

async function copyArchive(tx: Executor, source: string): Promise<void> {
  for (const table of CUSTOMER_TABLES) {
    const [cols] = await tx.query<{ list: string }>(
      `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS list FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = $1`,
      [table],
    );
    // supply_unit may hold the identity seed's rows already; everything else is empty here.
    await tx.exec(`INSERT INTO ${table} (${cols!.list}) SELECT ${cols!.list} FROM ${quoteIdent(source)}.${table} ON CONFLICT DO NOTHING`);
  }
}

/**
 * Seeds the customer archive of `customers` customers (generator `seed`, default the generator's) into `schema` unless
 * it holds customers already: copied from another benchmark schema holding the same archive when there is one, else
 * generated (`seedCustomers`), with the indexes and keys built after the load. `pristine`: nothing in this benchmark
 * changes the archive afterwards, so that other schemas may copy it.
 */
export async function seedBenchCustomers(
  databaseUrl: string,
  schema: string,
  options: { customers: number; seed?: number; pristine: boolean },
): Promise<BenchCustomerSeed> {
  const spec = { customers: options.customers, seed: options.seed ?? DEFAULT_SEED };
  return withBulkDb(databaseUrl, schema, async (db) => {
    const started = performance.now();
    // An interrupted earlier seed may have left indexes to build.
    await rebuild(db);
    const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT 1 FROM customer LIMIT 1) x');
    if (existing && existing.n > 0) {
      return { skipped: true, source: 'cached', customers: options.customers, elapsedMs: 0, rebuildMs: 0 };
    }
    const from = await findSource(db, spec);
    const { rebuildMs } = await withDeferredKeys(db, CUSTOMER_TABLES, async () => {
      if (from) await db.transaction((tx) => copyArchive(tx, from));
      else await seedCustomers(db, spec);
    });
    // After the indexes: statistics of the expression index (right(phone, 4)) come with the table's.
    await db.exec(`ANALYZE ${CUSTOMER_TABLES.join(', ')}`);
    const elapsedMs = Math.round(performance.now() - started);
    await recordSeed(db, 'customers', { ...spec, pristine: options.pristine }, elapsedMs);
    return { skipped: false, source: from ? `copied from ${from}` : 'generated', customers: options.customers, elapsedMs, rebuildMs };
  });
}
