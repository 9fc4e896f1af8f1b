/**
 * After-commit callbacks (as Django's `transaction.on_commit`): work that must see the transaction's writes as
 * committed — invalidating a cache that a concurrent reader could refill from the old rows — registers here
 * with the transaction's executor and runs right after COMMIT, before `Db.transaction` resolves. A rolled-back
 * transaction drops its callbacks. Outside a transaction (autocommit) a callback runs at once.
 */
import type { Queryable } from './types.ts';

type Callback = () => void;

const pending = new WeakMap<Queryable, Callback[]>();

/** Runs `fn` once `tx` has committed; at once when `tx` is not an open transaction's executor. Keep `fn` synchronous and cheap. */
export function onCommit(tx: Queryable, fn: Callback): void {
  const list = pending.get(tx);
  if (list) list.push(fn);
  else run(fn);
}

function run(fn: Callback): void {
  try {
    fn();
  } catch (error) {
    // The transaction has committed: a failing callback must not turn its success into an error.
    process.emitWarning(`after-commit callback failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** For the `Db` implementations: starts collecting callbacks for a transaction's executor. */
export function trackCommit(tx: Queryable): { committed(): void; discard(): void } {
  pending.set(tx, []);
  return {
    committed() {
      const list = pending.get(tx) ?? [];
      pending.delete(tx);
      for (const fn of list) run(fn);
    },
    discard() {
      pending.delete(tx);
    },
  };
}
