// The benchmarks' bulk loads (bench/lib/bulk-seed.ts): indexes and keys are gone during the load and back after it,
// also after a failed or interrupted one; a seed is recognised by its spec.
import { afterAll, beforeAll, beforeEach, describe as group, expect, it } from 'vitest';
import type { Db } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import { rebuild, recordSeed, sameSpec, seededSpec, withDeferredKeys } from './bulk-seed.ts';

const TABLES = `
DROP TABLE IF EXISTS bs_child, bs_parent, bench_deferred_ddl, bench_seed;
CREATE TABLE bs_parent (id integer PRIMARY KEY, code text NOT NULL UNIQUE);
CREATE TABLE bs_child (id integer PRIMARY KEY, parent_id integer NOT NULL REFERENCES bs_parent (id), name text NOT NULL);
CREATE INDEX bs_child_name_idx ON bs_child (lower(name));
CREATE INDEX bs_child_parent_idx ON bs_child (parent_id) WHERE name <> '';`;

async function shape(db: Db): Promise<{ indexes: string[]; foreignKeys: string[] }> {
  const indexes = await db.query<{ name: string }>(
    `SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('bs_parent', 'bs_child') ORDER BY 1`,
  );
  const keys = await db.query<{ name: string }>(
    `SELECT conname AS name FROM pg_constraint WHERE contype = 'f' AND conrelid IN (SELECT oid FROM pg_class WHERE relname = 'bs_child'
       AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())) ORDER BY 1`,
  );
  return { indexes: indexes.map((r) => r.name), foreignKeys: keys.map((r) => r.name) };
}

const WHOLE = {
  indexes: ['bs_child_name_idx', 'bs_child_parent_idx', 'bs_child_pkey', 'bs_parent_code_key', 'bs_parent_pkey'],
  foreignKeys: ['bs_child_parent_id_fkey'],
};

group.each(testDbKinds())('bulk seeding on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(kind);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.exec(TABLES);
  });

  it('loads without the secondary indexes and foreign keys (primary keys and unique constraints stay), then builds them', async () => {
    const { result, rebuildMs } = await withDeferredKeys(db, ['bs_parent', 'bs_child'], async () => {
      await db.exec(`INSERT INTO bs_parent VALUES (1, 'a'), (2, 'b'); INSERT INTO bs_child VALUES (1, 1, 'x'), (2, 2, 'y')`);
      return shape(db);
    });
    expect(result).toEqual({ indexes: ['bs_child_pkey', 'bs_parent_code_key', 'bs_parent_pkey'], foreignKeys: [] });
    expect(rebuildMs).toBeGreaterThanOrEqual(0);
    expect(await shape(db)).toEqual(WHOLE);
    // The key is enforced again, and nothing is left to build.
    await expect(db.exec('INSERT INTO bs_child VALUES (3, 99, \'z\')')).rejects.toThrow();
    expect(await db.query('SELECT name FROM bench_deferred_ddl')).toEqual([]);
    expect(await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bs_child')).toEqual([{ n: 2 }]);
  });

  it('builds them again after a failed load, and passes the failure on', async () => {
    await expect(withDeferredKeys(db, ['bs_child'], async () => {
      throw new Error('load failed');
    })).rejects.toThrow('load failed');
    expect(await shape(db)).toEqual(WHOLE);
  });

  it('builds what an interrupted load left in bench_deferred_ddl', async () => {
    await rebuild(db);
    // As if a load had died after dropping the index: its DDL, recorded before the drop, is all that is left.
    await db.exec('DROP INDEX bs_child_name_idx');
    await db.query('INSERT INTO bench_deferred_ddl VALUES ($1, $2, $3, $4)', ['bs_child_name_idx', 'bs_child', 'index', 'CREATE INDEX bs_child_name_idx ON bs_child (lower(name))']);
    await rebuild(db);
    expect(await shape(db)).toEqual(WHOLE);
    expect(await db.query('SELECT name FROM bench_deferred_ddl')).toEqual([]);
  });

  it('recognises a seed by its whole spec', async () => {
    expect(await seededSpec(db, 'billing')).toBeNull();
    await recordSeed(db, 'billing', { customers: 1000, billingSeed: 15 }, 1234);
    const spec = await seededSpec(db, 'billing');
    expect(sameSpec(spec, { customers: 1000, billingSeed: 15 })).toBe(true);
    expect(sameSpec(spec, { customers: 20000, billingSeed: 15 })).toBe(false);
    expect(sameSpec(spec, { customers: 1000, billingSeed: 15, now: '2026-03-10T02:00:00.000Z' })).toBe(false);
    expect(sameSpec(null, { customers: 1000 })).toBe(false);
  });
});
