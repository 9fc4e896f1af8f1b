import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDatabaseUrl, testDbKinds } from '../testing.ts';
import { createPgliteDb, dumpPgliteDataDir } from './pglite.ts';
import { MAX_PREPARED } from './pglite-prepared.mjs';
import { MAX_PREPARED_PG, createPostgresDb } from './postgres.ts';
import type { Db, DbKind } from './types.ts';

/** Each engine, and PGlite a second time in its worker thread (ADR 0065): one contract for all three. */
const engines: Array<[string, DbKind, () => Promise<Db>]> = [
  ...testDbKinds().map((kind): [string, DbKind, () => Promise<Db>] => [kind, kind, () => createTestDb(kind)]),
  ['pglite in a worker thread', 'pglite', () => createTestDb('pglite', { thread: 'worker' })],
];

describe.each(engines)('Db on %s', (_name, kind, open) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
    await db.exec(`CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL, born date, at timestamptz, n bigint);
                   CREATE EXTENSION IF NOT EXISTS pg_trgm;`);
  }, 60_000);
  afterAll(async () => db?.close());

  it('reports its kind', () => {
    expect(db.kind).toBe(kind);
  });

  it('runs parameterized queries and parses values the same way on both engines', async () => {
    await db.query('INSERT INTO item (id, name, born, at, n) VALUES ($1, $2, $3, $4, $5)', [1, '张敏', '2024-02-29', new Date('2026-01-02T03:04:05Z'), 5]);
    const [row] = await db.query<{ name: string; born: string; at: Date; n: number; c: number }>(
      'SELECT name, born, at, n, (SELECT count(*) FROM item WHERE id = $1) AS c FROM item WHERE id = $1',
      [1],
    );
    expect(row).toEqual({ name: '张敏', born: '2024-02-29', at: new Date('2026-01-02T03:04:05Z'), n: 5, c: 1 });
  });

  it('has pg_trgm available', async () => {
    const [row] = await db.query<{ s: number }>(`SELECT similarity('客户档案', '客户档') AS s`);
    expect(row?.s).toBeGreaterThan(0);
  });

  it('commits a transaction that resolves', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO item (id, name) VALUES ($1, $2)', [2, 'a']);
      await tx.query('INSERT INTO item (id, name) VALUES ($1, $2)', [3, 'b']);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await db.query('SELECT id FROM item WHERE id IN (2, 3) ORDER BY id')).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('rolls back every statement of a transaction that throws', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO item (id, name) VALUES ($1, $2)', [10, 'x']);
        await tx.query('INSERT INTO item (id, name) VALUES ($1, $2)', [10, 'duplicate']);
      }),
    ).rejects.toThrow();
    expect(await db.query('SELECT id FROM item WHERE id = 10')).toEqual([]);
  });

  it('does not let a concurrent top-level query see or join an open transaction', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tx = db.transaction(async (t) => {
      await t.query('INSERT INTO item (id, name) VALUES ($1, $2)', [20, 'pending']);
      await gate;
      throw new Error('abort');
    });
    const outside = db.query('SELECT count(*)::int AS c FROM item WHERE id = 20');
    setTimeout(release, 50);
    await expect(tx).rejects.toThrow('abort');
    expect(await outside).toEqual([{ c: 0 }]);
    expect(await db.query('SELECT id FROM item WHERE id = 20')).toEqual([]);
  });

  it('answers a statement sent prepared as any other: rows and types, errors with their SQLSTATE, reused after a rollback (ADR 0094)', async () => {
    await db.query('INSERT INTO item (id, name, born, at, n) VALUES (40, $1, $2, $3, 7)', ['王芳', '2024-03-01', new Date('2026-02-03T04:05:06Z')]);
    const read = `SELECT id, name, born, at, n, ARRAY[id, id + 1] AS pair, $2::jsonb AS doc, $3::uuid[] AS ids, NULL::text AS none FROM item WHERE id = $1`;
    const params = [40, { a: [1, '二'] }, ['7f1e6a52-0d4c-4a8e-9a57-3c1f4d8b2e10']];
    const expected = {
      id: 40, name: '王芳', born: '2024-03-01', at: new Date('2026-02-03T04:05:06Z'), n: 7, pair: [40, 41], doc: { a: [1, '二'] },
      ids: ['7f1e6a52-0d4c-4a8e-9a57-3c1f4d8b2e10'], none: null,
    };
    const runs = await db.transaction(async (tx) => [
      await tx.query(read, params, { prepare: true }),
      await tx.query(read, params, { prepare: true }),
      await tx.query(read, params),
      await tx.query(read, [41, {}, []], { prepare: true }),
    ]);
    expect(runs).toEqual([[expected], [expected], [expected], []]);
    const insert = 'INSERT INTO item (id, name) VALUES ($1, $2) RETURNING id';
    const error = await db
      .transaction(async (tx) => {
        await tx.query(insert, [41, 'a'], { prepare: true });
        await tx.query(insert, [41, 'b'], { prepare: true });
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '23505' });
    expect(await db.query('SELECT id FROM item WHERE id = 41')).toEqual([]);
    expect(await db.transaction((tx) => tx.query(insert, [41, 'c'], { prepare: true }))).toEqual([{ id: 41 }]);
    await expect(db.transaction((tx) => tx.query('SELEC 1', [], { prepare: true }))).rejects.toMatchObject({ code: '42601' });
  });

  it('refuses db.query inside a transaction callback instead of deadlocking', async () => {
    await expect(db.transaction(async () => db.query('SELECT 1'))).rejects.toThrow(/use the tx argument/);
    await expect(db.transaction(async () => db.transaction(async () => 1))).rejects.toThrow(/use the tx argument/);
  });

  it('serializes concurrent transactions without losing an update', async () => {
    await db.query('INSERT INTO item (id, name, n) VALUES (30, $1, 0)', ['counter']);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const [row] = await tx.query<{ n: number }>('SELECT n FROM item WHERE id = 30 FOR UPDATE');
          await tx.query('UPDATE item SET n = $1 WHERE id = 30', [(row?.n ?? 0) + 1]);
        }),
      ),
    );
    expect(await db.query('SELECT n FROM item WHERE id = 30')).toEqual([{ n: 20 }]);
  });
});

describe('PGlite in a worker thread', () => {
  it('keeps this thread free while a statement runs, and rebuilds database errors with their SQLSTATE', async () => {
    const db = await createTestDb('pglite', { thread: 'worker' });
    try {
      let finished = false;
      const long = db.query<{ c: number }>('SELECT count(*)::int AS c FROM generate_series(1, 4000000)').then((rows) => {
        finished = true;
        return rows;
      });
      // On this thread a statement runs to its end before any timer: here the timers keep running meanwhile.
      let ticks = 0;
      while (!finished && ticks < 1000) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        ticks++;
      }
      expect(await long).toEqual([{ c: 4000000 }]);
      expect(ticks).toBeGreaterThan(1);

      await db.exec('CREATE TABLE t (id int CONSTRAINT t_pk PRIMARY KEY)');
      await db.query('INSERT INTO t VALUES (1)');
      const error = await db.query('INSERT INTO t VALUES (1)').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ code: '23505', constraint: 't_pk' });
    } finally {
      await db.close();
    }
  }, 60_000);

  it('dumps a cluster that a new database starts from, and fails its callers once closed', async () => {
    const db = await createTestDb('pglite', { thread: 'worker' });
    await db.exec('CREATE TABLE kept (v text); INSERT INTO kept VALUES (\'张敏\')');
    const dump = await dumpPgliteDataDir(db);
    await db.close();
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toThrow(/exited/);
    const copy = await createPgliteDb({ thread: 'worker', loadDataDir: dump });
    try {
      expect(await copy.query('SELECT v FROM kept')).toEqual([{ v: '张敏' }]);
    } finally {
      await copy.close();
    }
  }, 60_000);
});

describe.each([
  ['on this thread', 'main'],
  ['in a worker thread', 'worker'],
] as const)('PGlite prepared statements %s (ADR 0094)', (_name, thread) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb('pglite', { thread });
    await db.exec('CREATE TABLE p (id int PRIMARY KEY)');
  }, 60_000);
  afterAll(async () => db?.close());
  const kept = (): Promise<Array<{ statement: string; runs: number }>> =>
    db.query('SELECT statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements ORDER BY statement');

  it('parses a statement once and runs it by name from then on; one that fails to parse is not kept; outside a transaction none is', async () => {
    for (let i = 0; i < 7; i++) await db.transaction((tx) => tx.query('INSERT INTO p VALUES ($1) RETURNING id', [i], { prepare: true }));
    await expect(db.transaction((tx) => tx.query('SELECT nope FROM p', [], { prepare: true }))).rejects.toMatchObject({ code: '42703' });
    expect(await db.query('SELECT count(*)::int AS n FROM p', [], { prepare: true })).toEqual([{ n: 7 }]);
    expect(await kept()).toEqual([{ statement: 'INSERT INTO p VALUES ($1) RETURNING id', runs: 7 }]);
  });

  it(`keeps at most ${MAX_PREPARED} statements; any further one runs unnamed with the same answer`, async () => {
    // A database of its own: filling the cap here would leave none for the other tests' statements.
    const own = await createTestDb('pglite', { thread });
    try {
      const answers = await own.transaction(async (tx) => {
        const out: unknown[] = [];
        for (let i = 0; i <= MAX_PREPARED; i++) out.push(...(await tx.query<{ v: number }>(`SELECT $1::int + ${i} AS v`, [1], { prepare: true })));
        return out;
      });
      expect(answers).toEqual(Array.from({ length: MAX_PREPARED + 1 }, (_, i) => ({ v: i + 1 })));
      const statements = await own.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
      expect(statements).toHaveLength(MAX_PREPARED);
      expect(statements.some((s) => s.statement === `SELECT $1::int + ${MAX_PREPARED} AS v`)).toBe(false);
    } finally {
      await own.close();
    }
  }, 60_000);

  it('prepares a statement again in the next transaction when the session has forgotten its name', async () => {
    const own = await createTestDb('pglite', { thread });
    try {
      const sql = 'SELECT $1::int + 1 AS n';
      expect(await own.transaction((tx) => tx.query(sql, [1], { prepare: true }))).toEqual([{ n: 2 }]);
      await own.exec('DEALLOCATE ALL');
      await expect(own.transaction((tx) => tx.query(sql, [1], { prepare: true }))).rejects.toMatchObject({ code: '26000' });
      expect(await own.transaction((tx) => tx.query(sql, [2], { prepare: true }))).toEqual([{ n: 3 }]);
      expect(await own.query('SELECT statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements')).toEqual([{ statement: sql, runs: 1 }]);
    } finally {
      await own.close();
    }
  }, 60_000);
});

describe.runIf(testDbKinds().includes('postgres'))('PostgreSQL named statements (ADR 0097)', () => {
  let db: Db;
  // One pooled connection, so that every call below is on the session whose statements it inspects.
  beforeAll(() => {
    db = createPostgresDb({ connectionString: testDatabaseUrl(), max: 1 });
  });
  afterAll(async () => db?.close());
  /** The session's named statements with this text, or any of the texts the tests prepare. */
  const kept = (text = 'SELECT $1::int%'): Promise<Array<{ name: string; statement: string; runs: number }>> =>
    db.query(`SELECT name, statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements WHERE statement LIKE $1 ORDER BY statement`, [text]);
  const pid = async (): Promise<number> => (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]!.pid;

  it('parses a statement once per connection and runs it by name from then on, in and outside a transaction; one that fails to parse is not kept', async () => {
    const sql = 'SELECT $1::int + 1 AS n';
    for (let i = 0; i < 6; i++) expect(await db.transaction((tx) => tx.query(sql, [i], { prepare: true }))).toEqual([{ n: i + 1 }]);
    expect(await db.query(sql, [41], { prepare: true })).toEqual([{ n: 42 }]);
    expect(await kept(sql)).toEqual([{ name: expect.stringMatching(/^wb_/), statement: sql, runs: 7 }]);
    // Without the option the same text runs unnamed: nothing more is counted.
    expect(await db.query(sql, [1])).toEqual([{ n: 2 }]);
    expect((await kept(sql))[0]!.runs).toBe(7);
    for (let i = 0; i < 2; i++) await expect(db.transaction((tx) => tx.query('SELECT $1::int + nope', [1], { prepare: true }))).rejects.toMatchObject({ code: '42703' });
    expect(await kept('%nope%')).toEqual([]);
  });

  it('destroys a connection whose session has forgotten a name, and prepares it again on the next', async () => {
    const sql = 'SELECT $1::int + 2 AS n';
    expect(await db.transaction((tx) => tx.query(sql, [1], { prepare: true }))).toEqual([{ n: 3 }]);
    const before = await pid();
    await db.exec('DEALLOCATE ALL');
    await expect(db.transaction((tx) => tx.query(sql, [1], { prepare: true }))).rejects.toMatchObject({ code: '26000' });
    expect(await db.transaction((tx) => tx.query(sql, [2], { prepare: true }))).toEqual([{ n: 4 }]);
    expect(await pid()).not.toBe(before);
    expect(await kept(sql)).toEqual([{ name: expect.stringMatching(/^wb_/), statement: sql, runs: 1 }]);
  });

  it(`names at most ${MAX_PREPARED_PG} texts per database; any further one runs unnamed with the same answer`, async () => {
    const own = createPostgresDb({ connectionString: testDatabaseUrl(), max: 1 });
    try {
      const answers = await own.transaction(async (tx) => {
        const out: unknown[] = [];
        for (let i = 0; i <= MAX_PREPARED_PG; i++) out.push(...(await tx.query<{ v: number }>(`SELECT $1::int * 0 + ${i} AS v`, [1], { prepare: true })));
        return out;
      });
      expect(answers).toEqual(Array.from({ length: MAX_PREPARED_PG + 1 }, (_, i) => ({ v: i })));
      const statements = await own.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
      expect(statements).toHaveLength(MAX_PREPARED_PG);
      expect(statements.some((s) => s.statement.endsWith(`+ ${MAX_PREPARED_PG} AS v`))).toBe(false);
    } finally {
      await own.close();
    }
  });
});

describe('createTestDb', () => {
  it.each(testDbKinds())('gives each call its own empty database on %s', async (kind) => {
    const a = await createTestDb(kind);
    const b = await createTestDb(kind);
    try {
      await a.exec('CREATE TABLE only_in_a (x int)');
      await expect(b.query('SELECT * FROM only_in_a')).rejects.toThrow();
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
});
