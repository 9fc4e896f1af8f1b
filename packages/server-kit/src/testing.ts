/**
 * Test helpers: run data-layer and server tests on PGlite and PostgreSQL (docs/architecture.md §11).
 *
 *   describe.each(testDbKinds())('on %s', (kind) => { beforeAll(async () => { db = await createTestDb(kind); }); … });
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrate } from './db/migrate.ts';
import { createPgliteDb, dumpPgliteDataDir, pgliteOptions } from './db/pglite.ts';
import { createPostgresDb } from './db/postgres.ts';
import type { Db, DbKind, Migration, Queryable } from './db/types.ts';

const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const WARNED_ENV = 'WB_TEST_POSTGRES_WARNED';

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
}

/**
 * Whether a server accepts TCP connections at the URL's host and port. Synchronous (a child process) because
 * `describe.each` needs the list of kinds before any test runs.
 */
function reachable(url: string, defaultPort: number): boolean {
  const { hostname, port } = new URL(url);
  const probe = `const s=require('node:net').connect(${Number(port || defaultPort)},${JSON.stringify(hostname || '127.0.0.1')});
s.setTimeout(2000);s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));s.on('timeout',()=>process.exit(1));`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 5000 }).status === 0;
}

/**
 * A group of tests whose server is missing: in CI that is a failure (the run must cover it); elsewhere the
 * group is skipped with one warning per process (`npm test` names it again in its summary).
 */
function missing(group: string, reason: string, warnedEnv: string): void {
  if (process.env.CI) throw new Error(`${reason} (CI is set, so the ${group} must run). Start it or set the URL.`);
  if (!process.env[warnedEnv]) {
    process.env[warnedEnv] = '1';
    console.warn(`[server-kit/testing] ${reason}: the ${group} are skipped.`);
  }
}

/**
 * The engines to run database tests on: always PGlite, plus PostgreSQL from TEST_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/test). When PostgreSQL is unreachable: with CI set this
 * throws; otherwise it warns once per process and returns only PGlite.
 */
export function testDbKinds(): DbKind[] {
  const url = testDatabaseUrl();
  if (!process.env.WB_TEST_NO_POSTGRES && reachable(url, 5432)) return ['pglite', 'postgres'];
  missing('PostgreSQL half of the data tests', `PostgreSQL is not reachable at ${url}`, WARNED_ENV);
  return ['pglite'];
}

const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The Redis to run cross-instance tests against (TEST_REDIS_URL, default redis://127.0.0.1:6379), or
 * undefined when none answers: then, as for PostgreSQL, CI fails and elsewhere the tests are skipped.
 *
 *   describe.runIf(testRedisUrl())('… through Redis', () => { … });
 */
export function testRedisUrl(): string | undefined {
  const url = process.env.TEST_REDIS_URL ?? DEFAULT_TEST_REDIS_URL;
  if (!process.env.WB_TEST_NO_REDIS && reachable(url, 6379)) return url;
  missing('Redis-backed cross-instance tests', `Redis is not reachable at ${url}`, 'WB_TEST_REDIS_WARNED');
  return undefined;
}

/**
 * Migrations applied to a test database before it is handed out, as groups in the order the app applies them
 * (`createTestDb(kind, { migrations })`). Applying every module's migrations took a server test file seconds per
 * database; a template with them applied is built once per machine and migration set, then copied (ADR 0056).
 */
export type MigrationGroups = ReadonlyArray<readonly Migration[]>;

/** A short stable key of a migration set (ids and SQL): a changed migration makes a new template. */
function migrationsKey(groups: MigrationGroups): string {
  const hash = createHash('sha256');
  for (const group of groups) for (const m of group) hash.update(`${m.id}\0${m.sql}\0${(m.extensions ?? []).join(',')}\0`);
  return hash.digest('hex').slice(0, 16);
}

async function applyGroups(db: Db, groups: MigrationGroups): Promise<void> {
  for (const group of groups) await migrate(db, group);
}

/**
 * A fresh PGlite cluster takes ~3 s to initdb; loading a dumped one takes ~0.4 s. The dump is kept as a file
 * per PGlite version and migration set (written atomically, so parallel test files may race harmlessly).
 */
async function pgliteTemplate(groups: MigrationGroups | undefined): Promise<Blob> {
  // Keyed by the installed PGlite build: a template from another version must not be loaded.
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const { version } = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const dir = join(tmpdir(), 'wb-pglite-template');
  const file = join(dir, `pglite-${version}${groups ? `-${migrationsKey(groups)}` : ''}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    let dump: Blob;
    if (groups) {
      const db = await createPgliteDb({ loadDataDir: await pgliteTemplate(undefined) });
      try {
        await applyGroups(db, groups);
        dump = await dumpPgliteDataDir(db);
      } finally {
        await db.close();
      }
    } else {
      const fresh = await PGlite.create(pgliteOptions());
      dump = await fresh.dumpDataDir('none');
      await fresh.close();
    }
    await mkdir(dir, { recursive: true });
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await rename(partial, file);
    return dump;
  }
}

function isDuplicate(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  // 23505: two sessions created the extension at once (pg_extension's unique index); 42710: already exists.
  return code === '23505' || code === '42710';
}

async function createPostgresTestDb(): Promise<Db> {
  const url = testDatabaseUrl();
  const schema = `wb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    // Extensions are per database; pg_trgm lives in public so that every test schema sees it.
    await admin.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public').catch((error: unknown) => {
      if (!isDuplicate(error)) throw error;
    });
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  return createPostgresDb(
    { connectionString: url, max: 10, options: `-c search_path=${schema},public` },
    { afterClose: () => dropSchema(url, schema) },
  );
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.end();
  }
}

async function adminQuery(url: string, sql: string, params?: unknown[]): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(sql, params);
  } finally {
    await admin.end();
  }
}

/** Templates kept per machine; older ones (by creation) are dropped when a new one is built. */
const KEPT_POSTGRES_TEMPLATES = 4;

/**
 * The PostgreSQL template database `wb_tpl_<key>` with `groups` applied: built once (under an advisory lock, as
 * `<name>_b` renamed when complete, so a crashed build never passes for a template), then cloned per test.
 */
async function postgresTemplate(groups: MigrationGroups): Promise<string> {
  const base = testDatabaseUrl();
  const name = `wb_tpl_${migrationsKey(groups)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      const building = `${name}_b`;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${building}`);
      const url = new URL(base);
      url.pathname = `/${building}`;
      await adminQuery(url.toString(), 'CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
      const db = createPostgresDb({ connectionString: url.toString(), max: 2 });
      try {
        await applyGroups(db, groups);
      } finally {
        await db.close();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      const old = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE left(datname, 7) = 'wb_tpl_' AND right(datname, 2) <> '_b' ORDER BY oid DESC OFFSET ${KEPT_POSTGRES_TEMPLATES}`,
      );
      for (const { datname } of old.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
    await admin.end();
  }
  return name;
}

/** A database of its own cloned from the migrated template (`CREATE DATABASE … TEMPLATE`), dropped by `close()`. */
async function createPostgresTestDbFrom(groups: MigrationGroups): Promise<Db> {
  const template = await postgresTemplate(groups);
  const base = testDatabaseUrl();
  const name = `wb_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return createPostgresDb(
    { connectionString: url.toString(), max: 10 },
    { afterClose: () => adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) },
  );
}

export interface TestDbOptions {
  /** Hand the database out with these migrations applied (groups in the app's order), from a template. */
  migrations?: MigrationGroups;
  /** PGlite only: run the cluster in a worker thread, as the server does (ADR 0065). Default: this thread. */
  thread?: 'main' | 'worker';
}

/**
 * A fresh, isolated database: PGlite in memory, or on PostgreSQL a new schema `wb_test_<random>` (or, with
 * `migrations`, a new database cloned from a migrated template), dropped by `close()`. Without `migrations`
 * it is empty.
 */
export async function createTestDb(kind: DbKind, options: TestDbOptions = {}): Promise<Db> {
  if (kind === 'postgres') return options.migrations ? createPostgresTestDbFrom(options.migrations) : createPostgresTestDb();
  return createPgliteDb({ loadDataDir: await pgliteTemplate(options.migrations), ...(options.thread ? { thread: options.thread } : {}) });
}

/**
 * PGlite: the embedded data folder a server process opens (`<dataDir>/pg`, as `createDb({ dataDir })` does), made
 * from the migrated template instead of an initdb and every migration (seconds per process test). Returns the
 * database open on it, holding the folder's lock: seed what the test needs, then close it before a server opens it.
 */
export async function createTestDataDir(dataDir: string, options: Pick<TestDbOptions, 'migrations'> = {}): Promise<Db> {
  return createPgliteDb({ dataDir: join(dataDir, 'pg'), loadDataDir: await pgliteTemplate(options.migrations) });
}

/** A PostgreSQL database of its own, for tests that need database-wide state (extensions) untouched by others. */
export interface ScratchDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** The same database with `-c search_path=<path>` set on every connection. */
  urlWithSearchPath(path: readonly string[]): string;
  /** Drops the database (closing any connection left on it). */
  drop(): Promise<void>;
}

/**
 * Creates `wb_scratch_<random>` next to the test database (TEST_DATABASE_URL); `drop()` removes it. With
 * `migrations`, cloned from the migrated template (server processes started on it find nothing to apply).
 */
export async function createScratchDatabase(options: TestDbOptions = {}): Promise<ScratchDatabase> {
  const base = testDatabaseUrl();
  const name = `wb_scratch_${randomBytes(6).toString('hex')}`;
  const template = options.migrations ? await postgresTemplate(options.migrations) : null;
  await adminQuery(base, template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    urlWithSearchPath(path) {
      const withPath = new URL(url);
      withPath.searchParams.set('options', `-c search_path=${path.join(',')}`);
      return withPath.toString();
    },
    drop: () => adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * Rows of each of `tables` that `work` read in one transaction on PostgreSQL (`pg_stat_xact_user_tables`: rows of
 * sequential scans plus heap rows fetched through an index), for tests that hold a statement's reads bounded. The
 * difference of the transaction's counters before and after `work`: since PostgreSQL 15 they also hold the
 * connection's earlier transactions of the last second (statistics not yet flushed). PostgreSQL only: PGlite's one
 * connection has no such view.
 */
export async function rowsRead(db: Db, tables: readonly string[], work: (tx: Queryable) => Promise<unknown>): Promise<Record<string, number>> {
  const counters = async (tx: Queryable): Promise<Map<string, number>> => {
    const rows = await tx.query<{ relname: string; read: string }>(
      `SELECT relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS read FROM pg_stat_xact_user_tables
        WHERE relid = ANY(SELECT to_regclass(t)::oid FROM unnest($1::text[]) AS t)`,
      [tables],
    );
    return new Map(rows.map((r) => [r.relname, Number(r.read)]));
  };
  return db.transaction(async (tx) => {
    const before = await counters(tx);
    await work(tx);
    const after = await counters(tx);
    return Object.fromEntries(tables.map((table) => [table, (after.get(table) ?? 0) - (before.get(table) ?? 0)]));
  });
}
