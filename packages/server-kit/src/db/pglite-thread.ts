/**
 * A `Db` whose PGlite cluster runs in a worker thread (pglite-worker.ts, ADR 0065). Same contract as the
 * in-thread PGlite (pglite.ts): one connection, transactions that keep other statements out, the transaction
 * guard, after-commit callbacks, and database errors that carry their SQLSTATE `code`. Besides, a statement or
 * transaction sent with a request's deadline (deadline.ts, ADR 0088) that is still waiting for the connection when
 * the deadline passes fails with `DbBusyError` without having run.
 */
import { Worker } from 'node:worker_threads';
import { DB_BUSY_ERROR_NAME, DbBusyError, takeDbDeadline } from './deadline.ts';
import { trackCommit } from './on-commit.ts';
import { createTxGuard } from './tx-guard.ts';
import type { Db, Executor, QueryOptions } from './types.ts';
import type { WorkerAnswer, WorkerError, WorkerRequest, WorkerSetup } from './pglite-protocol.ts';

/** Spreads the request types over `Omit`, keeping each variant's own fields. */
type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface PgliteWorkerDb extends Db {
  /** A tarball of the cluster (test templates; the database must be idle). */
  dump(): Promise<Blob>;
}

/**
 * A database error rebuilt on this side: message, name and the PostgreSQL fields (`code`, `constraint`, …), with
 * the stack of the call that sent the statement (the worker's own stack says nothing about who asked).
 */
function rebuild(error: WorkerError, caller?: { stack?: string }): Error {
  // A turn refused at its request's deadline (ADR 0088): the request's 503 with Retry-After.
  if (error.name === DB_BUSY_ERROR_NAME) return new DbBusyError({ cause: new Error(error.message) });
  const rebuilt = Object.assign(new Error(error.message), error.fields, { name: error.name });
  if (caller?.stack) rebuilt.stack = `${error.name}: ${error.message}${caller.stack.slice(caller.stack.indexOf('\n'))}`;
  return rebuilt;
}

function workerUrl(): URL {
  // Plain JavaScript beside this module: a compiled server ships it next to its bundle (with pglite-options.mjs).
  return new URL('./pglite-worker.mjs', import.meta.url);
}

export async function startPgliteWorker(options: { dataDir?: string; loadDataDir?: Blob }, onClosed: () => void): Promise<PgliteWorkerDb> {
  const setup: WorkerSetup = {
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: await options.loadDataDir.arrayBuffer() } : {}),
  };
  // No inherited `execArgv`: the worker is plain JavaScript and needs no loader, and flags such as `--input-type`
  // (a server started with `node -e`) are refused in a worker.
  const worker = new Worker(workerUrl(), { workerData: setup, execArgv: [], transferList: setup.loadDataDir ? [setup.loadDataDir] : [] });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void; caller: { stack?: string } }>();
  let nextId = 1;
  let exited: Error | undefined;

  await new Promise<void>((resolve, reject) => {
    const onStart = (answer: WorkerAnswer): void => {
      if ('ready' in answer) {
        worker.off('message', onStart);
        resolve();
      } else if ('failed' in answer) {
        worker.off('message', onStart);
        void worker.terminate();
        reject(rebuild(answer.failed));
      }
    };
    worker.on('message', onStart);
    worker.once('error', reject);
  });

  worker.on('message', (answer: WorkerAnswer) => {
    if (!('id' in answer)) return;
    const entry = waiting.get(answer.id);
    if (!entry) return;
    waiting.delete(answer.id);
    if ('error' in answer) entry.reject(rebuild(answer.error, entry.caller));
    else entry.resolve(answer.result);
  });
  const failAll = (error: Error): void => {
    exited = error;
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the embedded database's thread exited (code ${code})`)));

  const send = <T>(request: Request): Promise<T> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    const caller: { stack?: string } = {};
    Error.captureStackTrace(caller, send);
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, caller });
      worker.postMessage({ ...request, id } as WorkerRequest);
    });
  };

  const guard = createTxGuard();
  /** The current request's deadline for a top-level turn, if it has one. */
  const deadline = (): { deadline?: number } => {
    const at = takeDbDeadline();
    return at === undefined ? {} : { deadline: at };
  };
  let closing: Promise<void> | undefined;
  const db: PgliteWorkerDb = {
    kind: 'pglite',
    async query<T>(sql: string, params?: unknown[]) {
      guard.assertOutside();
      return send<T[]>({ op: 'query', sql, ...(params === undefined ? {} : { params }), ...deadline() });
    },
    async exec(sql: string) {
      guard.assertOutside();
      await send({ op: 'exec', sql, ...deadline() });
    },
    async transaction<T>(fn: (tx: Executor) => Promise<T>) {
      guard.assertOutside();
      const tx = await send<number>({ op: 'begin', ...deadline() });
      const executor: Executor = {
        query: <R>(sql: string, params?: unknown[], options?: QueryOptions) =>
          send<R[]>({ op: 'tx-query', tx, sql, ...(params === undefined ? {} : { params }), ...(options?.prepare ? { prepare: true } : {}) }),
        async exec(sql: string) {
          await send({ op: 'tx-exec', tx, sql });
        },
      };
      const tracked = trackCommit(executor);
      try {
        let result: T;
        try {
          result = await guard.run(() => fn(executor));
        } catch (error) {
          await send({ op: 'end', tx, commit: false }).catch(() => undefined);
          throw error;
        }
        await send({ op: 'end', tx, commit: true });
        tracked.committed();
        return result;
      } finally {
        tracked.discard();
      }
    },
    async dump() {
      const buffer = await send<ArrayBuffer>({ op: 'dump' });
      return new Blob([buffer]);
    },
    close() {
      closing ??= (async () => {
        try {
          if (!exited) await send({ op: 'close' });
        } finally {
          await worker.terminate();
          onClosed();
        }
      })();
      return closing;
    },
  };
  return db;
}
