import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ErrorCode } from '@wb/contracts';

/** Seconds a client should wait before it retries a request refused during shutdown or an outage. */
export const RETRY_AFTER_SECONDS = 5;

export interface DrainReport {
  /** Requests in flight when the drain began. */
  inFlight: number;
  /** Requests still running at the deadline: answered 503 (their handler's answer is dropped). */
  cutOff: number;
}

/**
 * The server's own state in its lifecycle (docs/quality.md R7, ADR 0020). `draining` turns readiness false and makes
 * every new request a 503 with Retry-After and `Connection: close`; requests in flight finish.
 */
export interface Lifecycle {
  readonly draining: boolean;
  /**
   * Starts draining and resolves once every request in flight has been answered and requests have paused, or at
   * `timeoutMs`: then the rest are answered 503 (headers not yet sent) so that no client is left without an answer.
   */
  drain(timeoutMs: number): Promise<DrainReport>;
  /**
   * Adds work that has to be done before the server listens (ADR 0077): the workflow module's SLA sweep and the
   * delivery of outbox events written while no server ran (a first start's seed, a backlog). On the embedded
   * database a transaction holds the one connection, and under a load each of its statements waits for a turn of
   * the busy event loop: the same work done after the server listens made clients wait for seconds.
   */
  beforeListen(name: string, job: () => Promise<unknown>): void;
  /** Runs the `beforeListen` jobs in order (`runServer` does, after the first-start seed); a failing job is logged, not fatal. */
  catchUp(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: Lifecycle;
  }
}

function unavailableBody(message: string): string {
  return JSON.stringify({ error: { code: ErrorCode.ServiceUnavailable, message } });
}

const STOPPING = '服务正在停止，请稍后重试';

function answerUnavailable(reply: FastifyReply): void {
  void reply
    .code(503)
    .header('retry-after', String(RETRY_AFTER_SECONDS))
    .header('connection', 'close')
    .type('application/json; charset=utf-8')
    .send(unavailableBody(STOPPING));
}

/**
 * After the last request in flight, the drain waits for this long a pause in requests before it lets the
 * listener and the kept-alive connections close. Clients that were about to send on a kept-alive connection (or
 * had a new one queued in the accept backlog) get a 503 instead of a reset: closing an idle connection while its
 * client writes to it is what reset 83 requests in issue 9 item 10. The server cannot tell a client that is slow
 * from one that is gone: a client starved longer than this (a loaded two-core CI machine starved shutdown.test.ts's
 * clients past 1 s while the server ran) still meets a closed connection. 2.5 s makes that rarer, and costs a
 * stopping server at most that much more.
 */
const QUIET_MS = 2_500;
const POLL_MS = 25;
/**
 * The most one poll adds to the pause. A poll that comes late means the process did not run (a GC pause, a starved
 * machine): requests that arrived meanwhile are not read yet, so that time is no evidence of quiet. Counting it reset
 * two requests of shutdown.test.ts in CI; lifecycle.test.ts stalls the process to show it.
 */
const MAX_QUIET_STEP_MS = 2 * POLL_MS;
/** While closing, how often silent connections are looked for. */
const SWEEP_MS = 100;

async function lifecyclePlugin(app: FastifyInstance): Promise<void> {
  const inFlight = new Set<FastifyReply>();
  let draining = false;
  /** Counts requests begun and answered and connections opened and closed: the drain's pause restarts whenever it moves. */
  let activity = 0;

  /** The open connections: responses open on each, and when it last began or ended one (or was opened). */
  const connections = new Map<Socket, { answering: number; since: number }>();

  /**
   * When a connection last closed. An answer during the drain closes its connection, and a client that goes on
   * opens a new one a moment later: with none left open, the drain still waits its pause after that close.
   */
  let lastClosedAt = Number.NEGATIVE_INFINITY;

  app.server.on('connection', (socket: Socket) => {
    connections.set(socket, { answering: 0, since: Date.now() });
    activity += 1;
    socket.once('close', () => {
      connections.delete(socket);
      activity += 1;
      lastClosedAt = Date.now();
    });
  });
  app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const state = connections.get(request.socket);
    if (!state) return;
    state.answering += 1;
    state.since = Date.now();
    response.once('close', () => {
      state.answering -= 1;
      state.since = Date.now();
    });
  });

  /**
   * Once closing: a connection with no response open and silent for QUIET_MS is closed. Node's `server.close()`
   * closes the idle kept-alive connections but not one that was opened and never sent a byte (a browser's
   * preconnect; undici opens them too): that one is "waiting for headers" and held the close for `headersTimeout`
   * (60 s), past the shutdown deadline, so the process exited 1 instead of 0. A connection just opened gets the same
   * pause as the drain gives a client about to send: its request is answered (503 while draining), not reset.
   */
  let sweep: NodeJS.Timeout | undefined;
  const closeSilent = (): void => {
    const now = Date.now();
    for (const [socket, state] of connections) if (state.answering === 0 && now - state.since >= QUIET_MS) socket.destroy();
  };
  app.addHook('preClose', async () => {
    sweep = setInterval(closeSilent, SWEEP_MS);
    sweep.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(sweep);
  });

  app.addHook('onRequest', async (_request, reply) => {
    activity += 1;
    if (draining) {
      answerUnavailable(reply);
      return reply;
    }
    inFlight.add(reply);
    // 'close' fires when the response is finished or the client went away: either way it is no longer ours.
    reply.raw.once('close', () => {
      inFlight.delete(reply);
      activity += 1;
    });
    return undefined;
  });

  // Answers given while draining close their connection, so a kept-alive client opens no more work here.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (draining) reply.header('connection', 'close');
    return payload;
  });

  /**
   * Until nothing is in flight and requests and connections have paused for QUIET_MS of the process's own running
   * time (or no connection is open and none closed in the last QUIET_MS: an idle server stops at once), or the
   * deadline.
   */
  async function settle(deadline: number): Promise<void> {
    let seen = activity;
    let quiet = 0;
    let polled = Date.now();
    while (Date.now() < deadline) {
      const now = Date.now();
      if (activity === seen) quiet += Math.min(now - polled, MAX_QUIET_STEP_MS);
      else [seen, quiet] = [activity, 0];
      polled = now;
      const idle = connections.size === 0 && now - lastClosedAt >= QUIET_MS;
      if (inFlight.size === 0 && (idle || quiet >= QUIET_MS)) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  const jobs: Array<{ name: string; job: () => Promise<unknown> }> = [];
  const lifecycle: Lifecycle = {
    get draining() {
      return draining;
    },
    beforeListen(name, job) {
      jobs.push({ name, job });
    },
    async catchUp() {
      for (const { name, job } of jobs) {
        // The periodic tick retries what fails here: a start is not refused over it.
        await job().catch((err: unknown) => app.log.error({ err, job: name }, 'catch-up before listening failed'));
      }
    },
    async drain(timeoutMs) {
      draining = true;
      const report: DrainReport = { inFlight: inFlight.size, cutOff: 0 };
      await settle(Date.now() + timeoutMs);
      for (const reply of inFlight) {
        if (reply.sent || reply.raw.headersSent) continue;
        report.cutOff += 1;
        answerUnavailable(reply);
      }
      return report;
    },
  };
  app.decorate('lifecycle', lifecycle);
}

export default fp(lifecyclePlugin, { name: 'wb-lifecycle', fastify: '5.x' });
