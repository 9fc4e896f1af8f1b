import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createDb, migrate } from '@wb/server-kit';
import { createScratchDatabase, testDbKinds, type ScratchDatabase } from '@wb/server-kit/testing';
import { customerMigrations } from './migrations.ts';

/**
 * Extensions are per database, schemas are not: the customer migration needs pg_trgm, and it must end up where
 * every schema of the database can see it, whichever schema migrates first (a benchmark's, a test's, public).
 */
describe.runIf(testDbKinds().includes('postgres'))('customer migrations and pg_trgm on PostgreSQL', () => {
  // A database per test: where the extension lives is the database's state, which each test sets up itself.
  let scratch: ScratchDatabase;
  beforeEach(async () => {
    scratch = await createScratchDatabase();
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    await admin.query('CREATE SCHEMA first_schema; CREATE SCHEMA hidden_schema').finally(() => admin.end());
  }, 60_000);
  afterEach(async () => scratch?.drop());

  async function migrateUnder(path: readonly string[]): Promise<number> {
    const db = await createDb({ databaseUrl: scratch.urlWithSearchPath(path) });
    try {
      await migrate(db, customerMigrations);
      // The trigram index's operator class resolved, and the operators are visible from this schema.
      const [row] = await db.query<{ s: number }>(`SELECT similarity(name, '幸福') AS s FROM (VALUES ('幸福小区')) AS v(name)`);
      return row?.s ?? -1;
    } finally {
      await db.close();
    }
  }

  it('installs pg_trgm into public when a non-public schema migrates first, so public migrates after it', async () => {
    await migrateUnder(['first_schema', 'public']);
    await migrateUnder(['public']);
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    const { rows } = await admin
      .query<{ schema: string }>(`SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE extname = 'pg_trgm'`)
      .finally(() => admin.end());
    expect(rows).toEqual([{ schema: 'public' }]);
  }, 60_000);

  it('refuses with a clear message when pg_trgm lives in a schema this connection cannot see', async () => {
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    // Installed, then moved out of sight.
    await admin.query('CREATE EXTENSION pg_trgm SCHEMA public; ALTER EXTENSION pg_trgm SET SCHEMA hidden_schema; CREATE SCHEMA later_schema').finally(() => admin.end());
    await expect(migrateUnder(['later_schema', 'public'])).rejects.toThrow(
      /pg_trgm is installed in schema "hidden_schema".*ALTER EXTENSION pg_trgm SET SCHEMA public/,
    );
  }, 60_000);
});
