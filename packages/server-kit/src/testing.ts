/**
 * Test helpers: run data-layer and server tests on PGlite and PostgreSQL (docs/architecture.md §11).
 *
 *   describe.each(testDbKinds())('on %s', (kind) => { beforeAll(async () => { db = await createTestDb(kind); }); … });
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createPgliteDb, pgliteOptions } from './db/pglite.ts';
import { createPostgresDb } from './db/postgres.ts';
import type { Db, DbKind } from './db/types.ts';

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
 * A fresh PGlite cluster takes ~3 s to initdb; loading a dumped one takes ~0.4 s. The dump is kept as a file
 * per PGlite version (written atomically, so parallel test files may race harmlessly).
 */
async function pgliteTemplate(): Promise<Blob> {
  // Keyed by the installed PGlite build: a template from another version must not be loaded.
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const { version } = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const dir = join(tmpdir(), 'wb-pglite-template');
  const file = join(dir, `pglite-${version}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const fresh = await PGlite.create(pgliteOptions());
    const dump = await fresh.dumpDataDir('none');
    await fresh.close();
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

/**
 * A fresh, isolated, empty database: PGlite in memory, or a new schema `wb_test_<random>` on PostgreSQL
 * (dropped by `close()`). Migrations are not applied.
 */
export async function createTestDb(kind: DbKind): Promise<Db> {
  if (kind === 'postgres') return createPostgresTestDb();
  return createPgliteDb({ loadDataDir: await pgliteTemplate() });
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

/** Creates `wb_scratch_<random>` next to the test database (TEST_DATABASE_URL); `drop()` removes it. */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const base = testDatabaseUrl();
  const name = `wb_scratch_${randomBytes(6).toString('hex')}`;
  const adminQuery = async (sql: string): Promise<void> => {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    urlWithSearchPath(path) {
      const withPath = new URL(url);
      withPath.searchParams.set('options', `-c search_path=${path.join(',')}`);
      return withPath.toString();
    },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
