// The embedded database's thread (ADR 0065): one PGlite cluster in a worker thread, driven by messages from
// pglite-thread.ts (protocol: pglite-protocol.ts). PGlite runs every statement synchronously in WebAssembly; on the
// server's own thread a long statement (a sweep, a 发行 run, a cold inbox query) froze the event loop, so requests
// that needed no database at all — answered from caches — waited unseen in the kernel and timed out at the client
// (P13). Here the server's thread only sends and receives messages; its loop keeps reading sockets meanwhile.
// Plain JavaScript: a worker thread has no TypeScript loader under vitest or in the compiled server.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from './pglite-options.mjs';
import { queryPrepared } from './pglite-prepared.mjs';

const ERROR_FIELDS = ['code', 'detail', 'hint', 'constraint', 'table', 'column', 'schema', 'severity', 'position', 'where', 'dataType'];

/** @returns {import('./pglite-protocol.ts').WorkerError} */
function describeError(/** @type {unknown} */ error) {
  /** @type {Record<string, string>} */
  const fields = {};
  if (error && typeof error === 'object') {
    for (const key of ERROR_FIELDS) {
      const value = /** @type {Record<string, unknown>} */ (error)[key];
      if (value !== undefined && value !== null) fields[key] = String(value);
    }
  }
  return error instanceof Error ? { name: error.name, message: error.message, fields } : { name: 'Error', message: String(error), fields };
}

/** Thrown inside PGlite's transaction callback to make it roll back. */
class RollBack extends Error {}

const port = parentPort;
if (!port) throw new Error('pglite-worker: not started as a worker thread');
/** @type {import('./pglite-protocol.ts').WorkerSetup} */
const setup = workerData;

let pg;
try {
  pg = await PGlite.create({
    ...pgliteOptions(),
    ...(setup.dataDir ? { dataDir: setup.dataDir } : {}),
    ...(setup.loadDataDir ? { loadDataDir: new Blob([setup.loadDataDir]) } : {}),
  });
} catch (error) {
  port.postMessage({ failed: describeError(error) });
}

if (pg) {
  const db = pg;
  /** @type {Map<number, { tx: import('@electric-sql/pglite').Transaction, finish: (commit: boolean) => void, done: Promise<void> }>} */
  const open = new Map();
  let nextTx = 1;

  /**
   * Opens a transaction: `result` answers its id once PGlite is inside it; it stays open until `end`, and `finished`
   * settles when it has ended (the connection is free for the next turn).
   */
  const begin = () => {
    const txId = nextTx++;
    /** @type {(commit: boolean) => void} */
    let finish = () => undefined;
    const decided = new Promise((resolve) => (finish = resolve));
    /** @type {Promise<void> | undefined} */
    let finished;
    const result = new Promise((resolveBegin, rejectBegin) => {
      const done = db
        .transaction(async (tx) => {
          open.set(txId, { tx, finish, done });
          resolveBegin(txId);
          if (!(await decided)) throw new RollBack();
        })
        .then(
          () => undefined,
          (error) => {
            if (!(error instanceof RollBack)) throw error;
          },
        )
        .finally(() => open.delete(txId));
      // A BEGIN that fails (closed database) rejects the request; a failing COMMIT reaches `end` instead.
      done.catch(rejectBegin);
      finished = done;
    });
    return { result, finished: /** @type {Promise<void>} */ (finished) };
  };

  /**
   * Top-level work takes the one connection in turn, in arrival order (ADR 0088): a statement, or a transaction
   * from `begin` to `end`. PGlite would serialise them by itself, but in its own queue, where a waiting turn can no
   * longer be withdrawn. Here a turn that carries a deadline (a request's, set by admission control on the server's
   * thread) and is still waiting when the deadline passes is answered `DbBusyError` at once and never runs: the
   * request gets a 503 with Retry-After rather than a client time-out, and nothing of it is half-written.
   * @type {Array<{ start: () => Promise<unknown>, refuse: () => void, deadline: number | undefined, timer: ReturnType<typeof setTimeout> | undefined }>}
   */
  const turns = [];
  let holding = false;

  const busy = (/** @type {number} */ deadline) =>
    Object.assign(new Error(`no turn at the embedded database by the request's deadline (${Date.now() - deadline} ms ago)`), { name: 'DbBusyError' });

  const nextTurn = () => {
    while (!holding && turns.length > 0) {
      const turn = /** @type {(typeof turns)[number]} */ (turns.shift());
      clearTimeout(turn.timer);
      // Its timer could not fire while a long statement kept this thread busy: refused at its turn instead.
      if (turn.deadline !== undefined && Date.now() > turn.deadline) {
        turn.refuse();
        continue;
      }
      holding = true;
      const free = () => {
        holding = false;
        nextTurn();
      };
      turn.start().then(free, free);
    }
  };

  /**
   * Runs `work` in its turn: `work()` gives the answer (`result`) and when the connection is free again
   * (`finished`, later than `result` for a transaction).
   * @param {number | undefined} deadline
   * @param {() => { result: Promise<unknown>, finished: Promise<unknown> }} work
   */
  const inTurn = (deadline, work) =>
    new Promise((resolve, reject) => {
      /** @type {(typeof turns)[number]} */
      const turn = {
        deadline,
        timer: undefined,
        start: () => {
          const { result, finished } = work();
          result.then(resolve, reject);
          return finished;
        },
        refuse: () => reject(busy(/** @type {number} */ (deadline))),
      };
      if (deadline !== undefined) {
        turn.timer = setTimeout(() => {
          const at = turns.indexOf(turn);
          if (at < 0) return;
          turns.splice(at, 1);
          turn.refuse();
        }, Math.max(0, deadline - Date.now()));
      }
      turns.push(turn);
      nextTurn();
    });

  /** A statement's turn: the connection is free when its answer is. */
  const single = (/** @type {() => Promise<unknown>} */ run) => () => {
    const result = run();
    return { result, finished: result };
  };

  const txOf = (/** @type {number} */ id) => {
    const entry = open.get(id);
    if (!entry) throw new Error(`pglite-worker: no open transaction ${id}`);
    return entry.tx;
  };

  const handle = async (/** @type {import('./pglite-protocol.ts').WorkerRequest} */ request) => {
    switch (request.op) {
      case 'query':
        return inTurn(request.deadline, single(async () => (await db.query(request.sql, request.params)).rows));
      case 'exec':
        return inTurn(
          request.deadline,
          single(async () => {
            await db.exec(request.sql);
            return null;
          }),
        );
      case 'begin':
        return inTurn(request.deadline, begin);
      case 'tx-query': {
        const tx = txOf(request.tx);
        const unnamed = async () => (await tx.query(request.sql, request.params)).rows;
        return request.prepare ? queryPrepared(db, request.sql, request.params, unnamed) : unnamed();
      }
      case 'tx-exec':
        await txOf(request.tx).exec(request.sql);
        return null;
      case 'end': {
        const entry = open.get(request.tx);
        if (!entry) throw new Error(`pglite-worker: no open transaction ${request.tx}`);
        entry.finish(request.commit);
        await entry.done;
        return null;
      }
      // After the work sent before them, as PGlite's own queue had them.
      case 'dump':
        return inTurn(undefined, single(async () => (await db.dumpDataDir('none')).arrayBuffer()));
      case 'close':
        return inTurn(
          undefined,
          single(async () => {
            if (!db.closed) await db.close();
            return null;
          }),
        );
      default:
        throw new Error('pglite-worker: unknown request');
    }
  };

  port.on('message', (/** @type {import('./pglite-protocol.ts').WorkerRequest} */ request) => {
    handle(request).then(
      (result) => port.postMessage({ id: request.id, result }, result instanceof ArrayBuffer ? [result] : []),
      (error) => port.postMessage({ id: request.id, error: describeError(error) }),
    );
  });
  port.postMessage({ ready: true });
}
