import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds } from '../testing.ts';
import { onCommit } from './on-commit.ts';
import type { Db } from './types.ts';

describe.each(testDbKinds())('onCommit on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(kind);
    await db.exec('CREATE TABLE t (n int)');
  });
  afterAll(async () => db?.close());

  it('runs after COMMIT (not inside the transaction) and before transaction() resolves', async () => {
    const seen: number[] = [];
    let inside = -1;
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (1)');
      onCommit(tx, () => seen.push(1));
      inside = seen.length;
    });
    expect(inside).toBe(0);
    expect(seen).toEqual([1]);
  });

  it('drops the callbacks of a rolled-back transaction', async () => {
    const seen: number[] = [];
    await expect(
      db.transaction(async (tx) => {
        onCommit(tx, () => seen.push(1));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await db.transaction(async () => undefined);
    expect(seen).toEqual([]);
  });

  it('runs at once outside a transaction, and a failing callback does not fail the commit', async () => {
    const seen: number[] = [];
    onCommit(db, () => seen.push(1));
    expect(seen).toEqual([1]);
    await expect(
      db.transaction(async (tx) => {
        onCommit(tx, () => {
          throw new Error('callback');
        });
        onCommit(tx, () => seen.push(2));
      }),
    ).resolves.toBeUndefined();
    expect(seen).toEqual([1, 2]);
  });
});
