/**
 * The PostgreSQL database benchmarks use: their own, never the tests' (`test`). A benchmark that migrated
 * into the tests' database once moved pg_trgm out of their reach (issue 24); separate databases keep
 * database-wide state (extensions, large seeds) apart.
 *
 *   BENCH_DATABASE_URL   default postgres://postgres@127.0.0.1:5432/wb_bench (created when missing)
 *
 * Reset: `psql -h 127.0.0.1 -U postgres -d postgres -c 'DROP DATABASE wb_bench'` (P10 then seeds again).
 */
import pg from 'pg';

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/wb_bench';
const TESTS_DATABASE = 'test';

export function benchDatabaseUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL;
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** Creates the benchmark database when it does not exist; refuses the tests' database. Returns its URL. */
export async function ensureBenchDatabase(url = benchDatabaseUrl()): Promise<string> {
  const name = databaseName(url);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`BENCH_DATABASE_URL names an unusual database "${name}"; use a plain lower-case name`);
  if (name === TESTS_DATABASE) {
    throw new Error(`BENCH_DATABASE_URL points at "${TESTS_DATABASE}", the tests' database; benchmarks use a database of their own (default wb_bench)`);
  }
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length === 0) {
      await admin.query(`CREATE DATABASE ${name}`).catch((error: unknown) => {
        // 42P04: another benchmark process created it meanwhile.
        if ((error as { code?: string }).code !== '42P04') throw error;
      });
    }
  } finally {
    await admin.end();
  }
  return url;
}

/**
 * Points the test helpers that a benchmark reuses (fresh schema per run, see @wb/server-kit/testing) at the
 * benchmark database instead of the tests' one.
 */
export async function useBenchDatabaseForTestHelpers(): Promise<void> {
  process.env.TEST_DATABASE_URL = await ensureBenchDatabase();
}

/**
 * The URL of `schema` in the benchmark database: its `search_path` (then public, where the extensions live), plus
 * session `settings` (e.g. a bulk load's sort memory).
 */
export function schemaUrl(databaseUrl: string, schema: string, settings: Readonly<Record<string, string>> = {}): string {
  const url = new URL(databaseUrl);
  const options = [`-c search_path=${schema},public`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)];
  url.searchParams.set('options', options.join(' '));
  return url.toString();
}

/** Runs `sql` (one or more statements) on a connection of its own, outside any pool. */
export async function adminQuery(databaseUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Drops `schema` with everything in it and creates it empty. */
export async function recreateSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`unusual schema name "${schema}"`);
  await adminQuery(databaseUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
}

/** What `productionVacuum` did, for the benchmark's notes, and how to undo it. */
export interface VacuumSetting {
  note: string;
  restore(): Promise<void>;
}

/**
 * Autovacuum as every production PostgreSQL runs it (ADR 0105). This machine's server has it off (a CI setting in
 * its conf.d), and a load benchmark that churns queue-like tables (open tasks, outbox deliveries, pay orders) for
 * minutes without it measures dead rows that no deployment keeps: every scan of those tables grew through P11's
 * windows. When it is off, it is switched on for the run (`ALTER SYSTEM` + reload; autovacuum is a reload setting)
 * and `restore()` puts the server back; a server that already runs it is left alone. Needs a superuser; without one
 * the benchmark runs as the server is and says so.
 */
export async function productionVacuum(databaseUrl: string): Promise<VacuumSetting> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const close = () => admin.end().catch(() => undefined);
  try {
    const { rows } = await admin.query<{ autovacuum: string }>('SHOW autovacuum');
    if (rows[0]?.autovacuum === 'on') {
      await close();
      return { note: 'autovacuum: on (as the server runs)', restore: async () => undefined };
    }
    await admin.query('ALTER SYSTEM SET autovacuum = on');
    await admin.query('SELECT pg_reload_conf()');
  } catch (error) {
    await close();
    return { note: `autovacuum: off — could not switch it on (${(error as Error).message}); dead rows of churned tables count against this run`, restore: async () => undefined };
  }
  const undo = async (): Promise<void> => {
    process.off('SIGINT', onSignal);
    await admin.query('ALTER SYSTEM RESET autovacuum').catch(() => undefined);
    await admin.query('SELECT pg_reload_conf()').catch(() => undefined);
    await close();
  };
  const onSignal = (): void => {
    void undo().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  return { note: 'autovacuum: switched on for the run as in production (the server has it off; reset afterwards)', restore: undo };
}
