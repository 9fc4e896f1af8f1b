/**
 * Admission control for API requests (docs/quality.md P13, ADR 0031): at most `maxActive` API requests run at once;
 * the next ones wait in a FIFO queue, and one that has waited `maxWaitMs` (or finds `maxQueue` ahead of it) is
 * answered 503 with Retry-After at once — a client is answered within about `maxWaitMs` plus one request's time,
 * never left to time out. A request whose turn would come later than `maxWaitMs` anyway — the requests ahead of it
 * times the recent service time (a moving average), divided among the slots — is refused on arrival instead of
 * after waiting: under a load that the slots cannot serve, the queue stays as short as the wait allows, so an
 * admitted request is not also delayed by a long queue's worth of event-loop work. Embedded mode needs it: PGlite runs one query at a time, so 200 concurrent clients
 * otherwise each wait behind all the others (p99 5.3 s and client time-outs in issue 10).
 *
 * Admission is not the only queue: the embedded database has one connection, and an admitted request can still wait
 * for it — behind the other admitted requests and behind a background transaction — past the client's patience.
 * So each admitted request carries a deadline, its arrival plus `deadlineMs` (ADR 0088): a turn at the embedded
 * database that has not come by then is refused without running (`DbBusyError`, server-kit's db/deadline.ts) and
 * the request is answered the same 503 with Retry-After. A read-only request (GET, HEAD) is bounded at every
 * turn; any other only at its first, so that nothing it began to write is left half-done.
 *
 * Before all that, the server's event loop must accept the connection: it accepts one per turn (Node 20), and a
 * turn that starts the requests of a hundred connections is long. With admission control on, a turn starts at
 * most `turnMs` of requests, the rest in later turns (admission-turns.ts, ADR 0104), so that a burst of
 * new connections is accepted within a bounded time instead of waiting in the kernel's queue past the client's
 * patience. A request's wait for its turn counts as part of its wait here.
 *
 * Not counted: health and readiness probes, logins (their own hash queue), push streams (`…/stream`, held open for minutes) and everything outside
 * `/api/` (static assets). `maxActive` 0 turns it off (the default on PostgreSQL, whose pool queues by itself).
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '@wb/contracts';
import { DbBusyError, dbDeadline, type DbDeadline } from '@wb/server-kit';
import { arrivedAt, boundTurns } from './admission-turns.ts';

export interface AdmissionOptions {
  /** API requests running at once; 0 = no admission control. */
  maxActive: number;
  /** Longest wait in the queue before a 503, ms. */
  maxWaitMs: number;
  /** Longest queue; a request finding it full gets a 503 at once. */
  maxQueue: number;
  /**
   * A request's turns at the embedded database must come within this many ms of its arrival, else 503 (ADR 0088);
   * 0 = no deadline.
   */
  deadlineMs: number;
  /** Requests one event-loop turn starts, ms (ADR 0104); 0 = no bound. Default 2. */
  turnMs?: number;
}

export interface AdmissionStats {
  active: number;
  queued: number;
  /** Requests refused with 503 since start: in the queue or on arrival. */
  shed: number;
  /** Admitted requests answered 503 since start because their turn at the embedded database came too late (ADR 0088). */
  shedAtDatabase: number;
  /** Requests that waited for a later event-loop turn since start (ADR 0104). */
  deferred: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    admission: { stats(): AdmissionStats };
  }
  interface FastifyRequest {
    /** The admitted request's deadline for its turns at the embedded database (ADR 0088). */
    dbDeadline?: DbDeadline;
  }
}

const RETRY_AFTER_SECONDS = 1;
/**
 * Requests one event-loop turn starts, ms, by default (ADR 0104): between turns the server accepts one waiting
 * connection. A turn costs about this plus the answers it sends, so a burst of connections is accepted at a few
 * hundred a second on an idle machine.
 */
const TURN_MS = 2;
/** Weight of the newest sample in the service-time average (about the last ten requests count). */
const SERVICE_TIME_WEIGHT = 0.2;
const BUSY = '系统繁忙，请稍后重试';
/** Methods that change nothing: every database turn of theirs may be refused, not only the first. */
const SAFE_METHODS = new Set(['GET', 'HEAD']);

function counted(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  if (!path.startsWith('/api/')) return false;
  if (path === '/api/health' || path === '/api/ready') return false;
  // Logins wait for a password hash, not for the database, and have their own queue (LOGIN_HASH_QUEUE, ADR 0018).
  if (path === '/api/identity/login') return false;
  return !path.endsWith('/stream');
}

function answerBusy(reply: FastifyReply): FastifyReply {
  return reply
    .code(503)
    .header('retry-after', String(RETRY_AFTER_SECONDS))
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ error: { code: ErrorCode.ServiceUnavailable, message: BUSY } }));
}

interface Waiter {
  admit(): void;
  /** Admitted or timed out (then no longer in the queue). */
  done: boolean;
}

async function admissionPlugin(app: FastifyInstance, options: AdmissionOptions): Promise<void> {
  let active = 0;
  let shed = 0;
  let shedAtDatabase = 0;
  /** Moving average of an admitted request's time from admission to its response's end, ms; 0 before the first. */
  let serviceMs = 0;
  const queue: Waiter[] = [];
  let turns: { stats(): { deferred: number } } | null = null;
  app.decorate('admission', { stats: () => ({ active, queued: queue.length, shed, shedAtDatabase, deferred: turns?.stats().deferred ?? 0 }) });
  if (options.maxActive <= 0) return;
  const turnMs = options.turnMs ?? TURN_MS;
  if (turnMs > 0) turns = boundTurns(app.server, turnMs);
  app.decorateRequest('dbDeadline', undefined);

  const observe = (ms: number): void => {
    serviceMs = serviceMs === 0 ? ms : serviceMs + SERVICE_TIME_WEIGHT * (ms - serviceMs);
  };
  /** When a newcomer's slot would free up, were it queued now. */
  const projectedWaitMs = (): number => ((queue.length + 1) / options.maxActive) * serviceMs;

  const release = (): void => {
    active--;
    const next = queue.shift();
    if (!next) return;
    next.done = true;
    active++;
    next.admit();
  };
  const hold = (request: FastifyRequest, reply: FastifyReply): void => {
    // 'close' fires once the response is finished or the client went away: either way the slot is free. A client
    // that went away while it waited in the queue closed before this: its slot is free at once.
    if (reply.raw.closed || request.raw.socket?.destroyed) return release();
    const admittedAt = performance.now();
    reply.raw.once('close', () => {
      observe(performance.now() - admittedAt);
      release();
    });
  };

  /** Waits for a slot; false: refused (answered 503). */
  const admit = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    if (active < options.maxActive) {
      active++;
      hold(request, reply);
      return true;
    }
    const waitedMs = Date.now() - (arrivedAt(request.raw) ?? Date.now());
    if (queue.length >= options.maxQueue || waitedMs + projectedWaitMs() > options.maxWaitMs) {
      shed++;
      answerBusy(reply);
      return false;
    }
    const admitted = await new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        done: false,
        admit: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        waiter.done = true;
        queue.splice(queue.indexOf(waiter), 1);
        resolve(false);
      }, options.maxWaitMs - waitedMs);
      queue.push(waiter);
    });
    if (!admitted) {
      shed++;
      answerBusy(reply);
      return false;
    }
    hold(request, reply);
    return true;
  };

  // Callback hooks: the rest of the request runs inside `deadline.enter`, where the database reads its deadline.
  app.addHook('onRequest', (request, reply, done) => {
    if (!counted(request) || reply.sent) return done();
    const arrived = arrivedAt(request.raw) ?? Date.now();
    admit(request, reply).then(
      (admitted) => {
        if (!admitted) return;
        if (options.deadlineMs <= 0) return done();
        const deadline = dbDeadline(arrived + options.deadlineMs, { once: !SAFE_METHODS.has(request.method) });
        request.dbDeadline = deadline;
        reply.raw.once('close', deadline.end);
        deadline.enter(done);
      },
      (error: unknown) => done(error as Error),
    );
  });
  app.addHook('onError', async (request, _reply, error) => {
    if (request.dbDeadline && error instanceof DbBusyError) shedAtDatabase++;
  });
  // A body is read on the socket's events, outside the scope entered above: enter it again before validation.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.dbDeadline) request.dbDeadline.enter(done);
    else done();
  });
}

export default fp(admissionPlugin, { name: 'wb-admission' });
