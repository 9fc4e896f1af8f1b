// The embedded database's thread (ADR 0065): one PGlite cluster in a worker thread, driven by messages from
// pglite-thread.ts (protocol: pglite-protocol.ts). PGlite runs every statement synchronously in WebAssembly; on the
// server's own thread a long statement (a sweep, a 发行 run, a cold inbox query) froze the event loop, so requests
// that needed no database at all — answered from caches — waited unseen in the kernel and timed out at the client
// (P13). Here the server's thread only sends and receives messages; its loop keeps reading sockets meanwhile.
// Plain JavaScript: a worker thread has no TypeScript loader under vitest or in the compiled server.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from './pglite-options.mjs';

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

  /** Opens a transaction and answers its id once PGlite is inside it; it stays open until `end`. */
  const begin = () =>
    new Promise((resolveBegin, rejectBegin) => {
      const txId = nextTx++;
      /** @type {(commit: boolean) => void} */
      let finish = () => undefined;
      const decided = new Promise((resolve) => (finish = resolve));
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
    });

  const txOf = (/** @type {number} */ id) => {
    const entry = open.get(id);
    if (!entry) throw new Error(`pglite-worker: no open transaction ${id}`);
    return entry.tx;
  };

  const handle = async (/** @type {import('./pglite-protocol.ts').WorkerRequest} */ request) => {
    switch (request.op) {
      case 'query':
        return (await db.query(request.sql, request.params)).rows;
      case 'exec':
        await db.exec(request.sql);
        return null;
      case 'begin':
        return begin();
      case 'tx-query':
        return (await txOf(request.tx).query(request.sql, request.params)).rows;
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
      case 'dump':
        return (await db.dumpDataDir('none')).arrayBuffer();
      case 'close':
        if (!db.closed) await db.close();
        return null;
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
