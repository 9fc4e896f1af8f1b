import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import admissionPlugin, { type AdmissionOptions } from './admission.ts';

let app: FastifyInstance | undefined;

async function serve(options: AdmissionOptions): Promise<string> {
  app = Fastify({ logger: false });
  await app.register(admissionPlugin, options);
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
