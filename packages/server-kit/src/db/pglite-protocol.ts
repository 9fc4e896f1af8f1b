/**
 * Messages between the server's thread (pglite-thread.ts) and the embedded database's worker thread
 * (pglite-worker.mjs, ADR 0065). Each request carries an `id`; its answer has the same `id` and either `result` or
 * `error`. Transactions: `begin` answers a transaction id once PGlite is inside it; `tx-query` and `tx-exec` run in
 * it (`prepare`: as a prepared statement, ADR 0094); `end` commits (`commit: true`) or rolls back and answers when PGlite has finished.
 *
 * Top-level work (`query`, `exec`, a transaction from `begin` to `end`, `dump`, `close`) takes the one connection in
 * turn, in the order it arrives. `deadline` (epoch ms, ADR 0088): if the turn has not come by then, the worker
 * answers an error named `DbBusyError` and never runs it.
 */
export interface WorkerSetup {
  dataDir?: string;
  /** A dumped cluster (test template) to start from. */
  loadDataDir?: ArrayBuffer;
}

export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params?: unknown[]; deadline?: number }
  | { id: number; op: 'exec'; sql: string; deadline?: number }
  | { id: number; op: 'begin'; deadline?: number }
  | { id: number; op: 'tx-query'; tx: number; sql: string; params?: unknown[]; prepare?: boolean }
  | { id: number; op: 'tx-exec'; tx: number; sql: string }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'dump' }
  | { id: number; op: 'close' };

/** The fields of a database error that callers read (`code`, `constraint`, …); the object itself stays there. */
export interface WorkerError {
  name: string;
  message: string;
  fields: Record<string, string>;
}

export type WorkerAnswer = { id: number; result: unknown } | { id: number; error: WorkerError } | { ready: true } | { failed: WorkerError };
