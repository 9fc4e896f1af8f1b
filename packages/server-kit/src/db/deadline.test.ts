import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing.ts';
import { DbBusyError, dbDeadline, takeDbDeadline } from './deadline.ts';
import type { Db } from './types.ts';

/**
 * ADR 0088: a request's turn at the embedded database (the worker-thread PGlite, the server's default) that has not
 * come by its deadline is refused without running. Deterministic: the connection is held by a transaction that
 * ends only when the test says so, and deadlines are either already past or fall while it is held.
 */
describe('the embedded database refuses a turn that has not come by its deadline', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb('pglite', { thread: 'worker' });
    await db.exec('CREATE TABLE item (id int PRIMARY KEY)');
  }, 120_000); // a worker thread compiles PGlite's WebAssembly anew: seconds, more on a loaded machine
  afterAll(async () => db?.close());
  beforeEach(async () => {
    await db.query('DELETE FROM item');
  });

  /** A transaction (no deadline: background work) that holds the one connection until `release()`. */
  async function holdConnection(): Promise<{ release(): void; ended: Promise<void> }> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const ended = db.transaction(async (tx) => {
      await tx.query('INSERT INTO item (id) VALUES (1)');
      entered();
      await released;
    });
    await inside;
    return { release, ended };
  }

  const ids = async (): Promise<number[]> => (await db.query<{ id: number }>('SELECT id FROM item ORDER BY id')).map((r) => r.id);

  it('answers 503 with Retry-After while the connection is still held, and the refused write never runs', async () => {
    const held = await holdConnection();
    const waiting = db.query('SELECT 1'); // no deadline: waits its turn
    const refused = dbDeadline(Date.now() + 50, { once: false }).enter(() => db.query('INSERT INTO item (id) VALUES (2)'));
    const error = await refused.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DbBusyError);
    expect(error).toMatchObject({ statusCode: 503, code: 'WB_ERR_SERVICE_UNAVAILABLE', message: '系统繁忙，请稍后重试', headers: { 'retry-after': '1' } });
    held.release();
    await held.ended;
    expect(await waiting).toEqual([{ '?column?': 1 }]);
    expect(await ids()).toEqual([1]);
  });

  it('refuses a transaction whose turn comes too late before its function runs', async () => {
    let ran = false;
    const refused = dbDeadline(Date.now() - 1, { once: false }).enter(() =>
      db.transaction(async (tx) => {
        ran = true;
        await tx.query('INSERT INTO item (id) VALUES (3)');
      }),
    );
    await expect(refused).rejects.toBeInstanceOf(DbBusyError);
    expect(ran).toBe(false);
    expect(await ids()).toEqual([]);
  });

  it('bounds only the first turn with `once` (work that may have written finishes) and none after `end`', async () => {
    const once = dbDeadline(Date.now() - 1, { once: true });
    await once.enter(async () => {
      await expect(db.query('INSERT INTO item (id) VALUES (4)')).rejects.toBeInstanceOf(DbBusyError);
      await db.query('INSERT INTO item (id) VALUES (5)');
    });
    const every = dbDeadline(Date.now() - 1, { once: false });
    await every.enter(async () => {
      await expect(db.query('INSERT INTO item (id) VALUES (6)')).rejects.toBeInstanceOf(DbBusyError);
      await expect(db.query('INSERT INTO item (id) VALUES (7)')).rejects.toBeInstanceOf(DbBusyError);
      every.end();
      await db.query('INSERT INTO item (id) VALUES (8)');
    });
    expect(await ids()).toEqual([5, 8]);
  });

  it('runs a turn that comes in time, and never refuses the statements of a transaction that began in time', async () => {
    const deadline = dbDeadline(Date.now() + 200, { once: false });
    await deadline.enter(() =>
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO item (id) VALUES (9)');
        await new Promise((resolve) => setTimeout(resolve, 300)); // past the deadline, inside the transaction
        await tx.query('INSERT INTO item (id) VALUES (10)');
      }),
    );
    expect(await ids()).toEqual([9, 10]);
    expect(takeDbDeadline()).toBeUndefined(); // outside any request
  });
});
