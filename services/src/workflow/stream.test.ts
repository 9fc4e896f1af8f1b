import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { CSRF_HEADER } from '@wb/contracts';
import { testDbKinds, testRedisUrl } from '@wb/server-kit/testing';
import { defaultServices } from '../modules.ts';
import { createTestApp, secondInstance } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { readEventBlocks } from '../testing/http-send.ts';
import { createWorkflowEngine } from './engine.ts';
import { SIMPLE_XML, principalOf } from './testing/fixtures.ts';

/** The local Redis; the cross-instance test is skipped without one (CI fails instead, like PostgreSQL). */
const REDIS_URL = testRedisUrl();
const WF = '/api/svc/workflow/v1';

interface SseEvent {
  event: string;
  data: unknown;
  at: number;
}

interface Stream {
  status: number;
  headers: Headers;
  events: SseEvent[];
  /** The first event (already received or still to come) that matches: the test waits on the event, not a clock. */
  next(match: (e: SseEvent) => boolean): Promise<SseEvent>;
  /** Settles when the server has closed the stream (or the client aborted it). */
  ended: Promise<void>;
  close(): void;
}

/** A server-sent-event client over fetch (what the browser's EventSource does), collecting the events. */
async function openStream(base: string, cookie: string): Promise<Stream> {
  const controller = new AbortController();
  const res = await fetch(`${base}${WF}/stream`, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters: Array<{ match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }> = [];
  const received = (e: SseEvent): void => {
    events.push(e);
    for (const w of waiters.filter((w) => w.match(e))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(e);
    }
  };
  const next = (match: (e: SseEvent) => boolean): Promise<SseEvent> => {
    const seen = events.find(match);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ match, resolve }));
  };
  let ended: Promise<void>;
  if (res.ok && res.body) {
    ended = readEventBlocks(res.body, (block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data !== undefined) received({ event, data: JSON.parse(data), at: Date.now() });
      else if (block.startsWith(':')) received({ event: 'comment', data: block, at: Date.now() });
    }).catch(() => undefined);
  } else {
    await res.text();
    ended = Promise.resolve();
  }
  return { status: res.status, headers: res.headers, events, next, ended, close: () => controller.abort() };
}

const named = (name: string) => (e: SseEvent): boolean => e.event === name;

/**
 * Settles after the server has let go of the next open `/stream` response to close: this listener runs before the
 * route's own `close` listener (registered later, once the request got through the hooks), and the awaiting test
 * resumes only after every listener of that emit has run — so the place in the per-user limit is free by then.
 */
function streamCloses(app: FastifyInstance): { next(): Promise<void> } {
  const waiters: Array<() => void> = [];
  app.server.on('request', (req, res) => {
    // Only streams that were open (200), not refusals (406, 429) that close after their answer.
    if (!req.url?.endsWith('/stream')) return;
    res.once('close', () => {
      if (res.statusCode === 200) for (const resolve of waiters.splice(0)) resolve();
    });
  });
  return { next: () => new Promise((resolve) => waiters.push(resolve)) };
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

const startOn = (app: FastifyInstance, cookie: string, businessKey: string) =>
  app.inject({
    method: 'POST',
    url: `${WF}/instances`,
    headers: { cookie, [CSRF_HEADER]: '1' },
    payload: { processKey: 'push', businessKey, businessTitle: '推送测试', orgUnitCode: '334010101' },
  });

describe('push stream on one instance (in-process fan-out)', () => {
  let t: TestApp;
  let base: string;
  let closes: ReturnType<typeof streamCloses>;
  beforeAll(async () => {
    const engine = createWorkflowEngine();
    t = await createTestApp('pglite', { services: defaultServices({ workflow: { engine, sweepIntervalMs: 0, push: { maxPerUser: 2, heartbeatMs: 100 } } }) });
    closes = streamCloses(t.app);
    base = await listen(t.app);
    await t.db.transaction(async (tx) => engine.deploy(tx, await principalOf(tx, 'admin'), SIMPLE_XML('push', 'user:yk02')));
  }, 60_000);
  // A connection opened and never used (undici opens one here) once held this close for a minute; the lifecycle
  // plugin closes such connections on close (lifecycle.test.ts).
  afterAll(async () => {
    await t?.close();
  });

  it('tells the assignee of a new task within 1 s, with the notification and the unread count', async () => {
    const stream = await openStream(base, await t.login('yk02'));
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    await stream.next(named('ready'));
    const starter = await t.login('yk01');
    const sent = Date.now();
    expect((await startOn(t.app, starter, 'PUSH-1')).statusCode).toBe(201);
    const message = await stream.next(named('notification'));
    expect(message.at - sent).toBeLessThan(1000);
    expect(message.data).toMatchObject({ notification: { kind: 'ASSIGNED', title: '新待办：办理', readAt: null }, unread: 1 });
    // Heartbeats keep proxies from closing an idle stream.
    await stream.next(named('comment'));
    stream.close();
  });

  it('refuses clients that do not ask for an event stream (406), and more than the per-user limit (429)', async () => {
    const cookie = await t.login('yk01');
    expect((await t.request({ method: 'GET', url: `${WF}/stream`, cookie })).statusCode).toBe(406);
    const [a, b] = [await openStream(base, cookie), await openStream(base, cookie)];
    expect([a.status, b.status]).toEqual([200, 200]);
    const third = await openStream(base, cookie);
    expect(third.status).toBe(429);
    // A closed stream frees its place: once the server has seen it close, the next one is let in.
    const released = closes.next();
    a.close();
    await released;
    const again = await openStream(base, cookie);
    expect(again.status).toBe(200);
    again.close();
    b.close();
  });

  it('ends the stream when its session ends (logout)', async () => {
    const cookie = await t.login('yk02');
    const stream = await openStream(base, cookie);
    await stream.next(named('ready'));
    expect((await t.request({ method: 'POST', url: '/api/identity/logout', cookie })).statusCode).toBe(204);
    expect((await stream.next(named('end'))).data).toEqual({ reason: 'session' });
    // The server closes the stream itself (the client never aborts it here).
    await stream.ended;
  });

  it('answers 401 without a session', async () => {
    const stream = await openStream(base, '');
    expect(stream.status).toBe(401);
  });
});

describe.runIf(REDIS_URL !== undefined)('push stream across instances through Redis', () => {
  let t: TestApp;
  let second: FastifyInstance;
  let baseB: string;
  beforeAll(async () => {
    const engineA = createWorkflowEngine();
    const engineB = createWorkflowEngine();
    const push = { redisUrl: REDIS_URL };
    t = await createTestApp(testDbKinds().includes('postgres') ? 'postgres' : 'pglite', { services: defaultServices({ workflow: { engine: engineA, sweepIntervalMs: 0, push } }) });
    await t.app.ready();
    second = await secondInstance(t, { services: defaultServices({ workflow: { engine: engineB, sweepIntervalMs: 0, push } }) });
    baseB = await listen(second);
    await t.db.transaction(async (tx) => engineA.deploy(tx, await principalOf(tx, 'admin'), SIMPLE_XML('push', 'user:yk02')));
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('a task created on instance A reaches a stream connected to instance B within 1 s', async () => {
    const stream = await openStream(baseB, await t.login('yk02'));
    await stream.next(named('ready'));
    const starter = await t.login('yk01');
    const sent = Date.now();
    expect((await startOn(t.app, starter, `PUSH-R-${sent}`)).statusCode).toBe(201);
    expect((await stream.next(named('notification'))).at - sent).toBeLessThan(1000);
    stream.close();
  });
});
