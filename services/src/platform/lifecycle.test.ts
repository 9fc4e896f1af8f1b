import { Agent } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { ErrorCode } from '@wb/contracts';
import { createTestApp } from '../testing/harness.ts';
import lifecyclePlugin from './lifecycle.ts';
import { suiteApp } from '../testing/suite.ts';
import { sendJson } from '../testing/http-send.ts';

// docs/quality.md R7 through app.inject; services/src/platform/shutdown.test.ts does the same with real processes.
describe('drain (lifecycle plugin)', () => {
  const t = suiteApp(() => createTestApp('pglite', { plugins: [slowRoute] }));
  let release: () => void = () => undefined;
  /** Requests that reached the slow route's handler (in flight), so a test waits for that, not for a guessed time. */
  let started = 0;
  /** A route that answers when the test releases it. */
  const slowRoute = async (app: FastifyInstance): Promise<void> => {
    app.get('/api/test/slow', { config: { access: 'public' } }, async () => {
      started += 1;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { done: true };
    });
  };

  it('turns readiness false at once, refuses new requests with 503 and Retry-After, and lets the request in flight finish', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/health/ready' })).statusCode).toBe(200);
    const before = started;
    const slow = t.app.inject({ method: 'GET', url: '/api/test/slow' });
    await expect.poll(() => started).toBe(before + 1);
    const drained = t.app.lifecycle.drain(5_000);
    expect(t.app.lifecycle.draining).toBe(true);

    for (const url of ['/api/health/ready', '/api/health', '/api/identity/me']) {
      const refused = await t.app.inject({ method: 'GET', url });
      expect(refused.statusCode, url).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.headers.connection).toBe('close');
      expect(refused.json()).toMatchObject({ error: { code: ErrorCode.ServiceUnavailable } });
    }

    release();
    const answered = await slow;
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toEqual({ done: true });
    expect(answered.headers.connection).toBe('close');
    expect(await drained).toEqual({ inFlight: 1, cutOff: 0 });
  }, 30_000);

  it('answers 503 with Retry-After to a request still running at the deadline', async () => {
    const other = await createTestApp('pglite', { plugins: [slowRoute] });
    try {
      const before = started;
      const slow = other.app.inject({ method: 'GET', url: '/api/test/slow' });
      await expect.poll(() => started).toBe(before + 1);
      expect(await other.app.lifecycle.drain(200)).toEqual({ inFlight: 1, cutOff: 1 });
      const cut = await slow;
      expect(cut.statusCode).toBe(503);
      expect(cut.headers['retry-after']).toBe('5');
      release();
    } finally {
      await other.close();
    }
  }, 60_000);
});

// ADR 0077: work done before the server listens (runServer calls catchUp after the first-start seed).
describe('catch-up before listening (lifecycle plugin)', () => {
  it('runs the jobs in the order they were added; a failing job is logged and the next still runs', async () => {
    const app = Fastify({ logger: false });
    await app.register(lifecyclePlugin);
    await app.ready();
    const ran: string[] = [];
    app.lifecycle.beforeListen('first', async () => ran.push('first'));
    app.lifecycle.beforeListen('failing', async () => {
      ran.push('failing');
      throw new Error('database gone');
    });
    app.lifecycle.beforeListen('last', async () => ran.push('last'));
    await app.lifecycle.catchUp();
    expect(ran).toEqual(['first', 'failing', 'last']);
    await app.close();
  });
});

// The drain lets kept-alive connections close only after a pause in requests. A stalled process (a GC pause, a
// starved machine: CI's shutdown.test.ts once saw two resets) must not count as that pause: requests its clients
// sent meanwhile are not read yet, and closing their connections reset them.
describe('drain over real connections (lifecycle plugin)', () => {
  it('a stall of the whole process during the drain does not pass for quiet: the request sent meanwhile gets 503, not a reset', async () => {
    const app = Fastify({ logger: false });
    await app.register(lifecyclePlugin);
    app.post('/w', async (_request, reply) => reply.code(201).send({ ok: true }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const url = new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/w`);
      expect((await sendJson(url, 'POST', { agent, body: {} })).status).toBe(201);
      const drained = app.lifecycle.drain(10_000);
      // Client and server stall together past the pause the drain waits for; the client's next request is written
      // before the server's timers run again.
      const until = Date.now() + 1_300;
      while (Date.now() < until) {
        // busy: nothing else in this process runs
      }
      const next = sendJson(url, 'POST', { agent, body: {} }).catch((error: NodeJS.ErrnoException) => ({ reset: error.code ?? error.message }));
      await drained;
      await app.close();
      const answer = await next;
      expect(answer).toMatchObject({ status: 503, headers: { 'retry-after': '5', connection: 'close' } });
    } finally {
      agent.destroy();
      await app.close();
    }
  }, 30_000);

  // CI's shutdown.test.ts (2026-12-07): the last request in flight was answered with `Connection: close`, its
  // connection closed, none was left, and the drain ended at once; the client's next request, on the new connection
  // it opened a moment later, met a closed listener. A client told to reconnect gets the same pause as one about to
  // send on a kept-alive connection.
  it('a client whose answer closed its connection, and that reconnects within the pause, gets 503, not a closed listener', async () => {
    const app = Fastify({ logger: false });
    await app.register(lifecyclePlugin);
    let release: () => void = () => undefined;
    let started = false;
    app.post('/w', async (_request, reply) => {
      started = true;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return reply.code(201).send({ ok: true });
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const url = new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/w`);
      const inFlight = sendJson(url, 'POST', { agent, body: {} });
      await expect.poll(() => started).toBe(true);
      let drainedAt = 0;
      const drained = app.lifecycle.drain(10_000).then(() => (drainedAt = Date.now()));
      release();
      const first = await inFlight;
      expect(first).toMatchObject({ status: 201, headers: { connection: 'close' } });
      // The client's connection is gone with the answer; it sends its next write a moment later, on a new one.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const sentAt = Date.now();
      const next = sendJson(url, 'POST', { agent, body: {} }).catch((error: NodeJS.ErrnoException) => ({ failed: error.code ?? error.message }));
      const answer = await next;
      expect(answer).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
      await drained;
      expect(drainedAt).toBeGreaterThan(sentAt);
    } finally {
      agent.destroy();
      await app.close();
    }
  }, 30_000);

  it('a server with no connection open drains at once', async () => {
    const app = Fastify({ logger: false });
    await app.register(lifecyclePlugin);
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const begun = Date.now();
      await app.lifecycle.drain(10_000);
      expect(Date.now() - begun).toBeLessThan(1_000);
    } finally {
      await app.close();
    }
  });

  it('a connection opened and never used (a browser preconnect) does not hold the close; one answering is let finish', async () => {
    const app = Fastify({ logger: false });
    await app.register(lifecyclePlugin);
    let release: () => void = () => undefined;
    let started = false;
    app.get('/slow', async () => {
      started = true;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { done: true };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const silent = connect(port, '127.0.0.1');
    const silentClosed = new Promise<void>((resolve) => silent.once('close', () => resolve()));
    await new Promise<void>((resolve) => silent.once('connect', () => resolve()));
    const agent = new Agent({ keepAlive: true });
    try {
      const answer = sendJson(new URL(`http://127.0.0.1:${port}/slow`), 'GET', { agent });
      await expect.poll(() => started).toBe(true);
      let closed = false;
      const closing = app.close().then(() => {
        closed = true;
      });
      // The silent connection is closed by the server; the close still waits for the answer in flight.
      await silentClosed;
      expect(closed).toBe(false);
      release();
      expect((await answer).status).toBe(200);
      // Without the sweep Node's own close waited `headersTimeout` (60 s) for the silent connection: this test's
      // time limit is well below that.
      await closing;
    } finally {
      silent.destroy();
      agent.destroy();
      await app.close();
    }
  }, 20_000);
});
