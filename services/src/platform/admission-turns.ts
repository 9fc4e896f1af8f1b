/**
 * Short event-loop turns, so that waiting connections are accepted (ADR 0104, docs/quality.md P13).
 *
 * Since libuv 1.45 (Node 20) a listening socket accepts one connection per event-loop turn (libuv #3696; Node
 * issue #57364). A turn runs the work of every socket that became readable: under load that is a request from
 * each of up to 200 connections, 0.1–0.9 s of work on a loaded machine. A burst of new connections then waits in
 * the kernel's accept queue at one per turn, 1 to 30 a second. Neither admission control nor the database's
 * deadline reaches them, and their clients time out (P13 embedded).
 *
 * `boundTurns` puts a budget on the requests one turn starts. A request that arrives once the turn has spent
 * `budgetMs` on requests waits in a FIFO line and starts in a later turn, a budget at a time. Between two turns
 * the loop polls again, and so accepts the next connection. The requests are all still served, in order; what
 * changes is that no turn grows with the number of connections. Each raw request keeps its arrival time
 * (`arrivedAt`), so that admission's wait and the database's deadline count the time spent in this line.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

const ARRIVED = Symbol('wb.arrivedAt');

/** When the request reached the server (`Date.now()`), for a request that went through `boundTurns`. */
export function arrivedAt(req: IncomingMessage): number | undefined {
  return (req as IncomingMessage & { [ARRIVED]?: number })[ARRIVED];
}

export interface TurnStats {
  /** Requests that waited for a later turn since start. */
  deferred: number;
  /** Requests waiting for a later turn now. */
  waiting: number;
}

/**
 * Wraps the server's `request` listeners (the framework's handler) so that one event-loop turn starts about
 * `budgetMs` of requests: as they arrive while the line is empty (its poll phase), then from the line (its check
 * phase). A turn whose poll starts nothing starts at least the first in the line, so the line moves. The budget is
 * read before each start, after the previous request's synchronous work and the promise jobs it queued at once.
 * Call it after the framework attached its handler and before `listen`.
 */
export function boundTurns(server: Server, budgetMs: number): { stats(): TurnStats } {
  const listeners = server.listeners('request') as Listener[];
  server.removeAllListeners('request');
  const line: Array<[IncomingMessage, ServerResponse]> = [];
  let deferred = 0;
  /** Start of this turn's request work (performance.now()); -1: none yet in this turn. */
  let turnStart = -1;
  let draining = false;

  const run = (req: IncomingMessage, res: ServerResponse): void => {
    for (const listener of listeners) listener.call(server, req, res);
  };
  const overBudget = (): boolean => {
    const now = performance.now();
    if (turnStart < 0) {
      turnStart = now;
      // The check phase ends the turn: the next poll (and accept) belongs to a new one.
      setImmediate(endTurn);
      return false;
    }
    return now - turnStart >= budgetMs;
  };
  const endTurn = (): void => {
    // A drain due in this check phase spends what is left of the budget and ends the turn itself.
    if (!draining) turnStart = -1;
  };
  const drain = (): void => {
    draining = false;
    // One request per job, so that the promise jobs it queued at once run before the budget is read again. When the
    // requests this turn's poll started spent the budget, the line waits for the next turn (its poll starts none).
    const next = (): void => {
      if (overBudget()) {
        turnStart = -1;
        return schedule();
      }
      const item = line.shift()!;
      if (!item[1].destroyed) run(item[0], item[1]);
      if (line.length > 0) return queueMicrotask(next);
      turnStart = -1;
    };
    next();
  };
  const schedule = (): void => {
    if (draining) return;
    draining = true;
    setImmediate(drain);
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    (req as IncomingMessage & { [ARRIVED]?: number })[ARRIVED] = Date.now();
    if (line.length === 0 && !overBudget()) return run(req, res);
    deferred++;
    line.push([req, res]);
    schedule();
  });
  return { stats: () => ({ deferred, waiting: line.length }) };
}
