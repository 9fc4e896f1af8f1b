import type { Db } from './types.ts';

type SessionLocker = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

const lockers = new WeakMap<Db, SessionLocker>();

/** Called by the PostgreSQL `Db`: how it holds a session-level advisory lock on a connection of its own. */
export function registerSessionLocker(db: Db, locker: SessionLocker): void {
  lockers.set(db, locker);
}

/**
 * Runs `fn` while holding the PostgreSQL advisory lock `name` (per schema) at session level, on a dedicated
 * connection outside the pool; other processes calling this with the same name wait until `fn` settles. The lock
 * is released after `fn` (or by PostgreSQL when the holder dies). `fn` uses `db` as usual (the pool), so a
 * long piece of work made of many transactions runs as one critical section — the first start's seeding
 * (ADR 0070). On PGlite `fn` just runs: one process per data folder (the data-folder lock) needs no other lock.
 */
export function withSessionLock<T>(db: Db, name: string, fn: () => Promise<T>): Promise<T> {
  const locker = lockers.get(db);
  return locker ? locker(name, fn) : fn();
}
