import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import { acquireDataDirLock } from './data-dir-lock.ts';
import type { DataDirLock } from './data-dir-lock.ts';
import { trackCommit } from './on-commit.ts';
import { pgliteOptions } from './pglite-options.mjs';
import { queryPrepared } from './pglite-prepared.mjs';
import { startPgliteWorker } from './pglite-thread.ts';
import { createTxGuard } from './tx-guard.ts';
import type { Db, Executor, QueryOptions } from './types.ts';

export { pgliteOptions } from './pglite-options.mjs';

export interface PgliteDbOptions {
  /**
   * Directory of the persisted cluster; in memory when absent. Opened by one process at a time: the lock file
   * `<dataDir>.lock` names the owner, and a second opener gets DataDirLockedError (data-dir-lock.ts).
   */
  dataDir?: string;
  /** A data-dir tarball to start from (test template), see testing.ts. */
  loadDataDir?: Blob;
  /**
   * Where the cluster runs: `'worker'` (a worker thread, ADR 0065: the server's event loop keeps reading sockets
   * while a statement runs — the server's default) or `'main'` (this thread: no message hop; test databases and
   * one-shot tools). Default `'main'`.
   */
  thread?: 'main' | 'worker';
}

function wrapTx(pg: PGlite, tx: Transaction): Executor {
  const unnamed = async <T>(sql: string, params?: unknown[]): Promise<T[]> => (await tx.query<T>(sql, params)).rows;
  return {
    async query<T>(sql: string, params?: unknown[], options?: QueryOptions) {
      // A closed transaction refuses before anything is sent, as PGlite's own `tx.query` does.
      if (options?.prepare && !tx.closed) return queryPrepared<T>(pg, sql, params, () => unnamed<T>(sql, params));
      return unnamed<T>(sql, params);
    },
    async exec(sql: string) {
      await tx.exec(sql);
    },
  };
}

/**
 * PGlite runs a statement synchronously on the main thread and resolves it in a microtask: a request whose
 * statements follow one another would never let the event loop read other sockets, so an embedded server took one
 * request at a time and the rest waited unseen in the kernel, beyond the reach of admission control and past the
 * clients' time-outs (P13, ADR 0031). Top-level statements and transactions first yield to the event loop.
 */
const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const dumps = new WeakMap<Db, () => Promise<Blob>>();

/** A tarball of an embedded database's cluster (test templates; the database must be idle). */
export async function dumpPgliteDataDir(db: Db): Promise<Blob> {
  const dump = dumps.get(db);
  if (!dump) throw new Error('dumpPgliteDataDir: not a PGlite database');
  return dump();
}

/**
 * Embedded PostgreSQL (PGlite, one connection). PGlite itself serializes: a top-level `query` waits
 * until an open `transaction` has finished, so statements never interleave into a transaction.
 */
export async function createPgliteDb(options: PgliteDbOptions = {}): Promise<Db> {
  let lock: DataDirLock | undefined;
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    lock = await acquireDataDirLock(`${options.dataDir.replace(/[\\/]+$/, '')}.lock`);
  }
  if (options.thread === 'worker') {
    try {
      const db = await startPgliteWorker(options, () => lock?.release());
      dumps.set(db, () => db.dump());
      return db;
    } catch (error) {
      lock?.release();
      throw error;
    }
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      ...pgliteOptions(),
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const guard = createTxGuard();
  const db: Db = {
    kind: 'pglite',
    async query<T>(sql: string, params?: unknown[]) {
      guard.assertOutside();
      await yieldToIo();
      return (await pg.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      guard.assertOutside();
      await pg.exec(sql);
    },
    async transaction<T>(fn: (tx: Executor) => Promise<T>) {
      guard.assertOutside();
      await yieldToIo();
      let tracked: ReturnType<typeof trackCommit> | undefined;
      try {
        const result = await pg.transaction((tx) => {
          const executor = wrapTx(pg, tx);
          tracked = trackCommit(executor);
          return guard.run(() => fn(executor));
        });
        tracked?.committed();
        return result;
      } finally {
        tracked?.discard();
      }
    },
    async close() {
      try {
        if (!pg.closed) await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
  dumps.set(db, () => pg.dumpDataDir('none'));
  return db;
}
