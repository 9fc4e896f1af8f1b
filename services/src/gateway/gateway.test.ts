import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDbKinds } from '@wb/server-kit/testing';
import { createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { defineService } from './types.ts';

interface DemoOptions {
  greeting: string;
}

/** A stand-in domain service: one query needing cust:archive:view, one command, both relative paths. */
async function demoService(app: FastifyInstance, options: DemoOptions): Promise<void> {
  const view = { access: { permission: 'cust:archive:view' } } as const;
  app.get('/items', { config: view }, async (request) => ({ greeting: options.greeting, url: request.url }));
  app.post('/items', { config: view }, async (request, reply) => {
    await app.db.query('INSERT INTO demo_item (name) VALUES ($1)', [(request.body as { name: string }).name]);
    return reply.code(201).send({ created: true });
  });
}

const demo = defineService({
  name: 'demo',
  major: 1,
  plugin: demoService,
  options: { greeting: '你好' },
  migrations: [{ id: 'demo/001_item', sql: 'CREATE TABLE demo_item (name text NOT NULL);' }],
});

function rawGet(port: number, path: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // node:http sends the path byte for byte (no `..` resolution), as curl --path-as-is or an attacker would.
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { cookie } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(testDbKinds())('gateway, embedded, on %s', (kind) => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp(kind, { services: [demo] });
    cookie = await t.login('kf01');
  }, 60_000);
  afterAll(async () => t?.close());

  it('mounts the service under /api/svc/<name>/v<major> with its migrations and options', async () => {
    const response = await t.request({ method: 'GET', url: '/api/svc/demo/v1/items?q=1', cookie });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ greeting: '你好', url: '/api/svc/demo/v1/items?q=1' });
    expect(response.headers['cache-control']).toBe('no-store');
    const write = await t.request({ method: 'POST', url: '/api/svc/demo/v1/items', payload: { name: '甲' }, cookie });
    expect(write.statusCode).toBe(201);
    expect(await t.db.query(`SELECT name FROM demo_item WHERE name = '甲'`)).toEqual([{ name: '甲' }]);
  });

  it('enforces the service routes\' access: 401 anonymous, 403 without the permission', async () => {
    expect((await t.request({ method: 'GET', url: '/api/svc/demo/v1/items' })).statusCode).toBe(401);
    const guest = await t.login('guest01');
    expect((await t.request({ method: 'GET', url: '/api/svc/demo/v1/items', cookie: guest })).statusCode).toBe(403);
  });

  it.each(['/api/svc/nope/v1/items', '/api/svc/demo/v2/items', '/api/svc/demo/items', '/api/svc/demo/v1x/items'])(
    'answers %s with 404 WB_ERR_NOT_FOUND',
    async (url) => {
      const response = await t.request({ method: 'GET', url, cookie });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('WB_ERR_NOT_FOUND');
    },
  );

  it('audits service writes (not successful reads) after responding', async () => {
    await t.db.query('DELETE FROM audit_log');
    await t.request({ method: 'GET', url: '/api/svc/demo/v1/items', cookie });
    await t.request({ method: 'POST', url: '/api/svc/demo/v1/items', payload: { name: '乙' }, cookie });
    // Written after the response: wait for the record rather than sleeping a fixed time.
    const rows = (): Promise<unknown> =>
      t.db.query<{ actor: string; target: string; result: string }>(`SELECT actor, target, result FROM audit_log WHERE action = 'svc.call'`);
    await expect.poll(rows, { timeout: 5000 }).toEqual([{ actor: 'kf01', target: 'demo/v1 POST /api/svc/demo/v1/items', result: 'success' }]);
  });

  describe('path tricks over real HTTP', () => {
    let port: number;
    beforeAll(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as AddressInfo).port;
    });

    it.each([
      '/api/svc/demo/v1/../v1/items',
      '/api/svc/demo/v1/./items',
      '/api/svc/demo/v1/%2e%2e/v1/items',
      '/api/svc/demo/v1/%2E%2E%2Fv1/items',
      '/api/svc/demo/v1/items%2f..',
      '/api/svc/demo/v1/%252e%252e/items',
      '/api/svc/demo/v1/..%5citems',
      '/api/svc/demo/v1/items%00',
    ])('refuses %s with 400', async (path) => {
      const response = await rawGet(port, path, cookie);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).error.code).toBe('WB_ERR_BAD_REQUEST');
    });

    it('still serves the plain path', async () => {
      expect((await rawGet(port, '/api/svc/demo/v1/items', cookie)).status).toBe(200);
    });
  });
});

describe('gateway, proxy mode (SERVICE_<NAME>_URL)', () => {
  let t: TestApp;
  let cookie: string;
  const calls: Array<{ url: string; method: string; headers: Headers; body: string | null }> = [];
  let upstreamDown = false;

  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    if (upstreamDown) throw new TypeError('fetch failed');
    if (String(input).endsWith('/stream')) {
      // An event stream that sends two events 50 ms apart, then ends.
      const encoder = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode('event: ready\ndata: {}\n\n'));
          await new Promise((resolve) => setTimeout(resolve, 50));
          controller.enqueue(encoder.encode('event: inbox\ndata: {"todo":3}\n\n'));
          controller.close();
        },
      });
      return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' } });
    }
    const body = init?.body ? Buffer.from(init.body as Uint8Array).toString() : null;
    calls.push({ url: String(input), method: init?.method ?? 'GET', headers: new Headers(init?.headers), body });
    return new Response(JSON.stringify({ from: 'upstream' }), { status: 202, headers: { 'content-type': 'application/json', etag: '"v7"', 'set-cookie': 'x=1' } });
  }) as typeof fetch;

  beforeAll(async () => {
    t = await createTestApp(testDbKinds()[0]!, {
      services: [{ ...demo, name: 'remote' }],
      env: { SERVICE_REMOTE_URL: 'http://upstream.internal:9000' },
      fetch: fakeFetch,
    });
    cookie = await t.login('kf01');
  }, 60_000);
  afterAll(async () => t?.close());

  it('forwards method, path, query, body and the session cookie, and relays the answer', async () => {
    calls.length = 0;
    const response = await t.request({
      method: 'POST',
      url: '/api/svc/remote/v1/items?dry=1',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:80', 'idempotency-key': 'k-1' },
      payload: '{"name":"丙"}',
      cookie,
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ from: 'upstream' });
    expect(response.headers.etag).toBe('"v7"');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call).toMatchObject({ url: 'http://upstream.internal:9000/api/svc/remote/v1/items?dry=1', method: 'POST', body: '{"name":"丙"}' });
    expect(call?.headers.get('cookie')).toBe(cookie);
    expect(call?.headers.get('idempotency-key')).toBe('k-1');
    expect(call?.headers.get('origin')).toBeNull();
  });

  it('makes no upstream call for an unknown major, an anonymous caller or a path trick', async () => {
    calls.length = 0;
    expect((await t.request({ method: 'GET', url: '/api/svc/remote/v2/items', cookie })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/svc/other/v1/items', cookie })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/svc/remote/v1/items' })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/svc/remote/v1/a%2f..%2f..%2fadmin', cookie })).statusCode).toBe(400);
    expect(calls).toEqual([]);
  });

  it('relays an event stream as it comes, with its no-buffering headers (the workflow push behind a gateway)', async () => {
    const response = await t.request({ method: 'GET', url: '/api/svc/remote/v1/stream', headers: { accept: 'text/event-stream' }, cookie });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(response.headers['x-accel-buffering']).toBe('no');
    expect(response.body).toBe('event: ready\ndata: {}\n\nevent: inbox\ndata: {"todo":3}\n\n');
  });

  it('answers 503 when the upstream is unreachable', async () => {
    upstreamDown = true;
    try {
      const response = await t.request({ method: 'GET', url: '/api/svc/remote/v1/items', cookie });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe('WB_ERR_SERVICE_UNAVAILABLE');
    } finally {
      upstreamDown = false;
    }
  });
});
