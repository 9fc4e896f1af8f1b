import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds } from '../testing.ts';
import { migrate } from './migrate.ts';
import type { Db, Migration } from './types.ts';

const base: Migration[] = [
  { id: 'test/001_a', sql: 'CREATE TABLE a (id int PRIMARY KEY); INSERT INTO a VALUES (1);' },
  { id: 'test/002_b', sql: 'CREATE TABLE b (id int PRIMARY KEY REFERENCES a(id));' },
];

describe.each(testDbKinds())('migrate on %s', (kind) => {
  const opened: Db[] = [];
  const open = async (): Promise<Db> => {
    const db = await createTestDb(kind);
    opened.push(db);
    return db;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });

  it('applies pending migrations in order, records them, and skips them the next time', async () => {
    const db = await open();
    expect(await migrate(db, base)).toEqual(['test/001_a', 'test/002_b']);
    expect(await migrate(db, base)).toEqual([]);
    const third = { id: 'test/003_c', sql: 'ALTER TABLE b ADD COLUMN note text;' };
    expect(await migrate(db, [...base, third])).toEqual(['test/003_c']);
    const rows = await db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(['test/001_a', 'test/002_b', 'test/003_c']);
  }, 60_000);

  it('rolls back a failing migration entirely and keeps the earlier ones', async () => {
    const db = await open();
    const broken = { id: 'test/003_broken', sql: 'CREATE TABLE c (id int); SELECT no_such_function();' };
    await expect(migrate(db, [...base, broken])).rejects.toThrow();
    await expect(db.query('SELECT * FROM c')).rejects.toThrow();
    const rows = await db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(['test/001_a', 'test/002_b']);
  }, 60_000);

  it('refuses a migration that changed after it was applied, and duplicate ids', async () => {
    const db = await open();
    await migrate(db, base);
    const edited = [{ ...base[0]!, sql: 'CREATE TABLE a (id bigint PRIMARY KEY);' }, base[1]!];
    await expect(migrate(db, edited)).rejects.toThrow(/changed after it was applied/);
    await expect(migrate(db, [base[0]!, base[0]!])).rejects.toThrow(/duplicate migration id/);
  }, 60_000);

  it('applies each migration exactly once when several migrators run at once', async () => {
    const db = await open();
    const counted: Migration[] = [
      { id: 'test/001_log', sql: 'CREATE TABLE log (n int);' },
      ...Array.from({ length: 5 }, (_, i) => ({ id: `test/00${i + 2}_insert`, sql: `INSERT INTO log VALUES (${i});` })),
    ];
    const results = await Promise.all([migrate(db, counted), migrate(db, counted), migrate(db, counted)]);
    expect(results.flat().sort()).toEqual(counted.map((m) => m.id).sort());
    expect(await db.query('SELECT count(*) AS c FROM log')).toEqual([{ c: 5 }]);
  }, 60_000);
});
