import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Detects `db.query` / `db.transaction` called from inside a transaction callback of the same Db.
 * On PGlite that call would queue behind the open transaction and deadlock; on PostgreSQL it would run
 * outside the transaction and silently break atomicity. Both engines throw, so a test on either catches it.
 */
export interface TxGuard {
  run<T>(fn: () => Promise<T>): Promise<T>;
  assertOutside(): void;
}

export function createTxGuard(): TxGuard {
  const scope = new AsyncLocalStorage<true>();
  return {
    run: (fn) => scope.run(true, fn),
    assertOutside() {
      if (scope.getStore()) {
        throw new Error('db.query/db.transaction called inside db.transaction: use the tx argument instead');
      }
    },
  };
}
