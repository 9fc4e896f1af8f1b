/**
 * `GET /stream` (relative; `/api/svc/workflow/v1/stream`): server-sent events for the session's user — new
 * notifications and changes of their tasks (ADR 0024; contract: @wb/contracts workflow `push*` schemas).
 * Behind the normal session check; the client must ask for `text/event-stream` (else 406). A user may hold
 * `maxPerUser` streams per instance (more → 429: the client falls back to polling). Every `heartbeatMs` a
 * comment keeps proxies from closing the connection, and the session is checked: ended (logout, forced
 * logout, password reset), expired or idle → `event: end` and the stream closes. While the server drains
 * (shutdown) streams end at once, so the drain does not wait for them; clients reconnect to another instance.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '@wb/contracts';
import { AppError, assertAcceptsEventStream, sendEventStream } from '@wb/server-kit';
import { hashSessionId, liveSessionHashes, sessionCookieName } from '../identity/index.ts';
import type { PushConnection, PushHub } from './stream.ts';

export interface StreamOptions {
  hub: PushHub;
  /** Heartbeat and session check period, ms; default 25 s. */
  heartbeatMs?: number;
  /** Idle limit of a session (SESSION_IDLE_MINUTES), ms; default 30 minutes. The stream itself does not keep a session alive. */
  sessionIdleMs?: number;
}

/** What the client waits before reconnecting after a dropped connection (the SSE `retry:` field), ms. */
const RECONNECT_MS = 3000;
const DRAIN_CHECK_MS = 250;

export function registerStreamRoutes(app: FastifyInstance, options: StreamOptions): void {
  const { hub } = options;
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const sessions = new Map<PushConnection, string>();

  /** Ends the streams whose session is gone, expired or idle (one query for all of them). */
  async function checkSessions(): Promise<void> {
    if (sessions.size === 0) return;
    const now = app.now();
    // identity's session port (ADR 0026): no SQL on its tables here.
    const live = await liveSessionHashes(app.db, [...new Set(sessions.values())], now, new Date(now.getTime() - idleMs));
    for (const [connection, idHash] of sessions) if (!live.has(idHash)) connection.end('session');
  }

  const heartbeat = setInterval(() => {
    hub.each((_username, connection) => connection.send(null, 'ping'));
    void checkSessions().catch((err: unknown) => app.log.warn({ err }, 'push: session check failed'));
  }, heartbeatMs);
  heartbeat.unref();
  const drainWatch = setInterval(() => {
    if (app.hasDecorator('lifecycle') && app.lifecycle.draining) hub.each((_username, connection) => connection.end('restart'));
  }, DRAIN_CHECK_MS);
  drainWatch.unref();
  // Before the server stops listening: it waits for open responses, and a stream never finishes by itself.
  app.addHook('preClose', async () => {
    hub.each((_username, connection) => connection.end('shutdown'));
  });
  app.addHook('onClose', async () => {
    clearInterval(heartbeat);
    clearInterval(drainWatch);
  });

  app.get('/stream', { config: { access: 'session' } }, async (request, reply) => {
    const principal = request.principal;
    if (!principal) throw new AppError(401, ErrorCode.Unauthenticated, '请先登录');
    assertAcceptsEventStream(request);
    const cookie = request.cookies[sessionCookieName(request)];
    const idHash = cookie ? hashSessionId(cookie) : '';

    const stream = new PassThrough();
    let open = true;
    const write = (chunk: string): void => {
      if (open) stream.write(chunk);
    };
    const connection: PushConnection = {
      send(event, data) {
        if (event === null) write(`: ${String(data)}\n\n`);
        else write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      },
      end(reason) {
        if (!open) return;
        write(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
        open = false;
        cleanup();
        stream.end();
      },
    };
    const detach = hub.attach(principal.username, connection);
    if (!detach) throw new AppError(429, ErrorCode.TooManyRequests, '打开的通知连接过多，请关闭部分页面后重试');
    sessions.set(connection, idHash);
    let cleaned = false;
    function cleanup(): void {
      if (cleaned) return;
      cleaned = true;
      detach?.();
      sessions.delete(connection);
    }
    // The response closes when the client goes away (or after `end`): the connection is no longer ours.
    reply.raw.once('close', () => {
      open = false;
      cleanup();
      stream.end();
    });

    write(`retry: ${RECONNECT_MS}\n\n`);
    connection.send('ready', { username: principal.username });
    return sendEventStream(reply, stream);
  });
}
