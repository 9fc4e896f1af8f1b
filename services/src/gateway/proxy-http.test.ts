// The gateway's default upstream transport (node:http on kept-alive connections, ADR 0064) against a real
// upstream server on loopback: what the fetch-based tests in gateway.test.ts check with a fake, over a socket.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDbKinds } from '@wb/server-kit/testing';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { defineService } from './types.ts';

const remote = defineService({
  name: 'remote',
  major: 1,
  // Never runs here: SERVICE_REMOTE_URL puts the service in proxy mode.
  plugin: async (_app: FastifyInstance) => undefined,
});

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  socket: string;
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

describe('gateway proxy over HTTP (default transport)', () => {
  const seen: Seen[] = [];
  let releaseSecondEvent: () => void = () => undefined;
  const upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = req.socket;
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString(), socket: `${s.remoteAddress}:${s.remotePort}` });
      if (req.url?.endsWith('/stream')) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
        res.write('event: ready\ndata: {}\n\n');
        releaseSecondEvent = () => res.end('event: inbox\ndata: {"todo":3}\n\n');
        return;
      }
      if (req.url?.endsWith('/cut')) {
        // A promised body of 1000 bytes, 10 sent, then the connection dies.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"items":[');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json; charset=utf-8', etag: '"v3"', 'set-cookie': 'up=1' });
      res.end(JSON.stringify({ from: 'upstream', method: req.method, url: req.url }));
    });
  });
  let t: TestApp;
  let cookie: string;
  let gatewayPort: number;
  let upstreamPort: number;

  beforeAll(async () => {
    const port = await listen(upstream);
    upstreamPort = port;
    t = await createTestApp(testDbKinds()[0]!, { services: [remote], env: { SERVICE_REMOTE_URL: `http://127.0.0.1:${port}` } });
    cookie = await t.login('kf01');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    gatewayPort = (t.app.server.address() as AddressInfo).port;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    if (upstream.listening) {
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });

  it('relays a GET with its query and forwarded headers, and reuses the upstream connection', async () => {
    seen.length = 0;
    for (let i = 0; i < 3; i++) {
      const response = await t.request({ method: 'GET', url: `/api/svc/remote/v1/items?q=${i}`, headers: { accept: 'application/json', origin: 'http://evil.example' }, cookie });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ from: 'upstream', method: 'GET', url: `/api/svc/remote/v1/items?q=${i}` });
      expect(response.headers.etag).toBe('"v3"');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(seen).toHaveLength(3);
    expect(seen[0]?.headers.cookie).toBe(cookie);
    expect(seen[0]?.headers.origin).toBeUndefined();
    expect(seen[0]?.headers['x-request-id']).toBeTruthy();
    // Kept alive: the three calls came over one socket.
    expect(new Set(seen.map((s) => s.socket)).size).toBe(1);
  });

  it('relays a POST body byte for byte with its length', async () => {
    seen.length = 0;
    const payload = '{"name":"丙","note":"户号 3102"}';
    const response = await t.request({ method: 'POST', url: '/api/svc/remote/v1/items', headers: { 'content-type': 'application/json', 'idempotency-key': 'k-9' }, payload, cookie });
    expect(response.statusCode).toBe(201);
    expect(seen[0]).toMatchObject({ method: 'POST', body: payload });
    expect(seen[0]?.headers['content-length']).toBe(String(Buffer.byteLength(payload)));
    expect(seen[0]?.headers['idempotency-key']).toBe('k-9');
  });

  it('relays an upload larger than the 1 MiB JSON limit (an attachment to a split connection service, ADR 0067)', async () => {
    seen.length = 0;
    const payload = 'x'.repeat(3 * 1024 * 1024);
    const response = await t.request({ method: 'POST', url: '/api/svc/remote/v1/items/upload', headers: { 'content-type': 'application/octet-stream' }, payload, cookie });
    expect(response.statusCode).toBe(201);
    expect(seen[0]?.body.length).toBe(payload.length);
  });

  it('relays an event stream as it comes: the first event arrives before the upstream sends the second', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: gatewayPort, path: '/api/svc/remote/v1/stream', headers: { cookie, accept: 'text/event-stream' } }, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers['x-accel-buffering']).toBe('no');
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
          // Buffered by the gateway, the first event would never come alone and this test would time out.
          if (body === 'event: ready\ndata: {}\n\n') releaseSecondEvent();
        });
        res.on('end', () => resolve(body));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    expect(received).toBe('event: ready\ndata: {}\n\nevent: inbox\ndata: {"todo":3}\n\n');
  });

  it('answers 503 and no half answer when the upstream dies in the middle of its body', async () => {
    const response = await t.request({ method: 'GET', url: '/api/svc/remote/v1/cut', cookie });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('WB_ERR_SERVICE_UNAVAILABLE');
  });

  it('answers 503 with a Chinese message once nothing listens upstream (kept-alive sockets gone too), and relays again once it is back', async () => {
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
    try {
      const response = await t.request({ method: 'GET', url: '/api/svc/remote/v1/items', cookie });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.message).toBe('服务暂不可用，请稍后重试');
    } finally {
      await listen(upstream, upstreamPort);
    }
    expect((await t.request({ method: 'GET', url: '/api/svc/remote/v1/items', cookie })).statusCode).toBe(200);
  });
});
