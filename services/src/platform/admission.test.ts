import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { DbBusyError, takeDbDeadline } from '@wb/server-kit';
import admissionPlugin, { type AdmissionOptions } from './admission.ts';
import errorHandlerPlugin from './error-handler.ts';

let app: FastifyInstance | undefined;

async function serve(options: Omit<AdmissionOptions, 'deadlineMs'> & { deadlineMs?: number }, routes?: (app: FastifyInstance) => void): Promise<string> {
  app = Fastify({ logger: false });
  await app.register(admissionPlugin, { deadlineMs: 0, ...options });
  await app.register(errorHandlerPlugin);
  routes?.(app);
  app.get('/api/slow', async () => {
    await new Promise((r) => setTimeout(r, 300));
    return { ok: true };
  });
  app.get('/api/identity/login', async () => {
    await new Promise((r) => setTimeout(r, 300));
    return { ok: true };
  });
  app.get('/api/svc/x/v1/stream', async () => {
    await new Promise((r) => setTimeout(r, 300));
    return { ok: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

async function timed(url: string): Promise<{ status: number; ms: number; retryAfter: string | null; body: string }> {
  const started = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  return { status: res.status, ms: performance.now() - started, retryAfter: res.headers.get('retry-after'), body };
}

async function timedPost(url: string, body: unknown): Promise<{ status: number; retryAfter: string | null; body: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
}

/**
 * The embedded database's line as admission sees it (the real one, in its worker thread, is tested in server-kit's
 * db/deadline.test.ts): the one connection is held until `release()`; a turn that carries the request's deadline
 * is refused with DbBusyError when the deadline passes first.
 */
function heldConnection(): { turn<T>(work: () => T): Promise<T>; release(): void } {
  let release!: () => void;
  const free = new Promise<'free'>((resolve) => (release = () => resolve('free')));
  return {
    release,
    async turn(work) {
      const deadline = takeDbDeadline();
      const late = new Promise<'late'>((resolve) => {
        if (deadline !== undefined) setTimeout(() => resolve('late'), deadline - Date.now());
      });
      if ((await Promise.race([free, late])) === 'late') throw new DbBusyError();
      return work();
    },
  };
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('admission control (P13, ADR 0031)', () => {
  it('queues a request beyond maxActive and answers 503 with Retry-After once it waited maxWaitMs — long before the handler would have finished', async () => {
    const base = await serve({ maxActive: 1, maxWaitMs: 100, maxQueue: 10 });
    const [first, second] = await Promise.all([timed(`${base}/api/slow`), timed(`${base}/api/slow`)]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(503);
    expect(second.retryAfter).toBe('1');
    expect(JSON.parse(second.body)).toMatchObject({ error: { message: '系统繁忙，请稍后重试' } });
    expect(second.ms).toBeLessThan(first.ms);
    expect(app?.admission.stats()).toMatchObject({ active: 0, queued: 0, shed: 1 });
  });

  it('admits queued requests in turn when a slot frees within maxWaitMs', async () => {
    const base = await serve({ maxActive: 1, maxWaitMs: 5000, maxQueue: 10 });
    const answers = await Promise.all([timed(`${base}/api/slow`), timed(`${base}/api/slow`), timed(`${base}/api/slow`)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    // One at a time: the last one waited for the two before it.
    expect(Math.max(...answers.map((a) => a.ms))).toBeGreaterThanOrEqual(850);
    expect(app?.admission.stats()).toMatchObject({ active: 0, queued: 0, shed: 0 });
  });

  it('refuses at once when the queue is full, and leaves push streams and logins alone', async () => {
    const base = await serve({ maxActive: 1, maxWaitMs: 5000, maxQueue: 0 });
    const [first, full, stream, login] = await Promise.all([
      timed(`${base}/api/slow`),
      timed(`${base}/api/slow`),
      timed(`${base}/api/svc/x/v1/stream`),
      timed(`${base}/api/identity/login`),
    ]);
    expect(first.status).toBe(200);
    expect(full.status).toBe(503);
    expect(full.ms).toBeLessThan(250);
    expect(stream.status).toBe(200);
    expect(login.status).toBe(200);
  });

  it('refuses on arrival a request whose turn would come after maxWaitMs anyway, instead of after waiting', async () => {
    const base = await serve({ maxActive: 1, maxWaitMs: 450, maxQueue: 10 });
    expect((await timed(`${base}/api/slow`)).status).toBe(200); // the service time is now known: ~300 ms
    const answers = await Promise.all([1, 2, 3, 4].map(() => timed(`${base}/api/slow`)));
    // In order of arrival: the first runs, the second's turn comes in ~300 ms; the others' would come after 450 ms.
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 503, 503]);
    // Without the projection they would be refused only after waiting the 450 ms.
    for (const refused of answers.filter((a) => a.status === 503)) expect(refused.ms).toBeLessThan(300);
    expect(app?.admission.stats()).toMatchObject({ active: 0, queued: 0, shed: 2 });
  });

  it('does nothing with maxActive 0', async () => {
    const base = await serve({ maxActive: 0, maxWaitMs: 10, maxQueue: 0 });
    const answers = await Promise.all([timed(`${base}/api/slow`), timed(`${base}/api/slow`)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
  });
});

describe('a deadline for the embedded database (P13, ADR 0088)', () => {
  it('gives every database turn of a read, only the first of a write, and none after the answer or outside counted requests', async () => {
    let afterAnswer: Promise<number | null> | undefined;
    const base = await serve({ maxActive: 2, maxWaitMs: 1000, maxQueue: 10, deadlineMs: 1500 }, (a) => {
      const twoTurns = async () => ({ first: takeDbDeadline() ?? null, second: takeDbDeadline() ?? null });
      a.get('/api/turns', twoTurns);
      a.post('/api/turns', twoTurns);
      a.get('/outside/turns', twoTurns); // not an API request: not counted
      a.get('/api/later', async () => {
        // Work a request leaves behind reaches the database after the answer: no deadline any more.
        afterAnswer = new Promise((resolve) => setTimeout(() => resolve(takeDbDeadline() ?? null), 50));
        return {};
      });
    });
    const before = Date.now();
    const read = (await (await fetch(`${base}/api/turns`)).json()) as { first: number; second: number };
    const write = (await (await fetch(`${base}/api/turns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })).json()) as { first: number; second: number | null };
    const after = Date.now();
    expect(read.first).toBeGreaterThanOrEqual(before + 1500);
    expect(read.first).toBeLessThanOrEqual(after + 1500);
    expect(read.second).toBe(read.first);
    // A body is read on the socket's events: the deadline is still there after it.
    expect(write.first).toBeGreaterThanOrEqual(before + 1500);
    expect(write.second).toBeNull();
    expect(await (await fetch(`${base}/outside/turns`)).json()).toEqual({ first: null, second: null });
    await fetch(`${base}/api/later`);
    expect(await afterAnswer).toBeNull();
  });

  it('answers 503 with Retry-After when an admitted request\'s turn at the database has not come by its deadline; nothing of it runs', async () => {
    const connection = heldConnection();
    const written: number[] = [];
    const base = await serve({ maxActive: 4, maxWaitMs: 1000, maxQueue: 10, deadlineMs: 200 }, (a) => {
      a.post('/api/items', async (request) => {
        await connection.turn(() => written.push((request.body as { id: number }).id));
        return { ok: true };
      });
    });
    const refused = await timedPost(`${base}/api/items`, { id: 2 });
    connection.release();
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toBe('1');
    expect(JSON.parse(refused.body)).toEqual({ error: { code: 'WB_ERR_SERVICE_UNAVAILABLE', message: '系统繁忙，请稍后重试' } });
    expect(app?.admission.stats()).toMatchObject({ active: 0, shed: 0, shedAtDatabase: 1 });
    expect((await timedPost(`${base}/api/items`, { id: 3 })).status).toBe(200);
    expect(written).toEqual([3]);
  });
});
