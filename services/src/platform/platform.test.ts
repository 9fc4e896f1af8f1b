import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDbKinds } from '@wb/server-kit/testing';
import { createTestApp } from '../testing/harness.ts';
import { suiteApp } from '../testing/suite.ts';

async function probeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/test/boom', { config: { access: 'public' } }, async () => {
    throw new Error('connection to 10.0.0.5 refused: secret internals');
  });
  app.get('/api/test/context', { config: { access: 'public' } }, async (request) => ({ zone: request.zone, channel: request.channel }));
  app.get('/m/context', { config: { access: 'public' } }, async (request) => ({ channel: request.channel }));
  app.post('/api/test/echo', { config: { access: 'public' } }, async (request) => ({ body: request.body }));
  app.get('/page', { config: { access: 'public' } }, async (_request, reply) => {
    reply.cspSources = { scriptSrc: ["'sha256-abc='"], styleSrc: ["'sha256-def='"] };
    return reply.type('text/html').send('<!doctype html>');
  });
}

describe.each(testDbKinds())('platform on %s', (kind) => {
  const t = suiteApp(() => createTestApp(kind, { plugins: [probeRoutes], env: { ASSET_BASE_URL: 'https://cdn.example.com/wb' } }));

  it('GET /api/health reports the database kind, without a session', async () => {
    const response = await t.request({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', db: kind });
  });

  it('sends the security headers on every response, errors included, and no-store on the API', async () => {
    // `/api/%E0%A4%A` and `/api/a%zz` do not decode: Fastify's router answers them through `frameworkErrors`,
    // before any hook runs (issue 18); `/api/nope` is the 404 handler.
    for (const url of ['/api/health', '/api/nope', '/api/identity/me', '/api/%E0%A4%A', '/api/a%zz/b']) {
      const response = await t.request({ method: 'GET', url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self' https://cdn.example.com;");
      expect(csp).toContain("style-src 'self' 'unsafe-inline' https://cdn.example.com");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
      // The platform's policy exactly (helmet without its defaults): no upgrade of development http, no CORP on assets.
      expect(csp).toBe(
        "default-src 'self';script-src 'self' https://cdn.example.com;style-src 'self' 'unsafe-inline' https://cdn.example.com;" +
          "img-src 'self' data: https://cdn.example.com;font-src 'self' data: https://cdn.example.com;connect-src 'self';" +
          "object-src 'none';base-uri 'none';frame-ancestors 'none';form-action 'self'",
      );
      expect(response.headers['cross-origin-resource-policy']).toBeUndefined();
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('gives a framework error (a path that does not decode) exactly the security headers of a routed error', async () => {
    const headersOf = async (url: string, status: number): Promise<Record<string, unknown>> => {
      const response = await t.request({ method: 'GET', url });
      expect(response.statusCode).toBe(status);
      const { date: _date, 'content-length': _length, connection: _connection, ...rest } = response.headers;
      return rest;
    };
    const routed = await headersOf('/api/nope', 404);
    // Paths the router cannot decode (FST_ERR_BAD_URL): a cut UTF-8 sequence and an escape that is not hex.
    for (const url of ['/api/%E0%A4%A', '/api/a%zz/b']) {
      expect(await headersOf(url, 400)).toEqual(routed);
    }
  });

  it('adds a page\'s script hashes to script-src only (a style hash would disable unsafe-inline)', async () => {
    const csp = String((await t.request({ method: 'GET', url: '/page' })).headers['content-security-policy']);
    expect(csp).toContain("script-src 'self' https://cdn.example.com 'sha256-abc='");
    expect(csp).not.toContain('sha256-def=');
    expect(String((await t.request({ method: 'GET', url: '/api/health' })).headers['content-security-policy'])).not.toContain('sha256');
  });

  it('sends HSTS only when the request came over TLS', async () => {
    const proxied = await createTestApp(kind, { env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const tls = await proxied.request({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
      expect(tls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      // Without TRUST_PROXY the same header is not believed.
      const spoofed = await t.request({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
      expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await proxied.close();
    }
  }, 60_000);

  describe('CSRF', () => {
    const post = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/test/echo', payload: { a: 1 }, headers: { host: 'wb.example.com', ...headers } });

    it('refuses a state-changing request without the x-workbench-request header', async () => {
      const response = await post({});
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('WB_ERR_NOT_ALLOWED');
    });

    it('refuses a cross-site Origin or Sec-Fetch-Site even with the header', async () => {
      expect((await post({ 'x-workbench-request': '1', origin: 'https://evil.example.net' })).statusCode).toBe(403);
      expect((await post({ 'x-workbench-request': '1', origin: 'null' })).statusCode).toBe(403);
      expect((await post({ 'x-workbench-request': '1', 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    });

    it('accepts a same-origin request with the header, and GETs without it', async () => {
      const ok = await post({ 'x-workbench-request': '1', origin: 'http://wb.example.com', 'sec-fetch-site': 'same-origin' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ body: { a: 1 } });
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    });

    it('guards login too', async () => {
      const response = await t.app.inject({ method: 'POST', url: '/api/identity/login', payload: { username: 'kf01', password: 'x' } });
      expect(response.statusCode).toBe(403);
    });
  });

  describe('errors', () => {
    it('hides the internals of a 500', async () => {
      const response = await t.request({ method: 'GET', url: '/api/test/boom' });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ error: { code: 'WB_ERR_INTERNAL', message: '服务器内部错误，请稍后重试' } });
    });

    it('answers unknown API paths with a JSON 404', async () => {
      const response = await t.request({ method: 'GET', url: '/api/no/such/thing?x=1' });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('WB_ERR_NOT_FOUND');
    });

    it('answers malformed JSON with 400 and an oversize body with 413, in Chinese', async () => {
      const headers = { 'x-workbench-request': '1', 'content-type': 'application/json' };
      const malformed = await t.app.inject({ method: 'POST', url: '/api/test/echo', headers, payload: '{"a":' });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error).toEqual({ code: 'WB_ERR_BAD_REQUEST', message: '请求格式不正确' });
      const big = await t.app.inject({ method: 'POST', url: '/api/test/echo', headers, payload: JSON.stringify({ a: 'x'.repeat(1024 * 1024) }) });
      expect(big.statusCode).toBe(413);
      expect(big.json().error).toEqual({ code: 'WB_ERR_PAYLOAD_TOO_LARGE', message: '请求内容过大' });
    });
  });

  describe('zone and channel', () => {
    const context = (options: Record<string, unknown>) => t.request({ method: 'GET', url: '/api/test/context', ...options }).then((r) => r.json());

    it('puts loopback and private addresses in the intranet zone and others on the internet', async () => {
      expect(await context({ remoteAddress: '127.0.0.1' })).toMatchObject({ zone: 'intranet' });
      expect(await context({ remoteAddress: '10.20.30.40' })).toMatchObject({ zone: 'intranet' });
      expect(await context({ remoteAddress: '::ffff:192.168.1.9' })).toMatchObject({ zone: 'intranet' });
      expect(await context({ remoteAddress: '203.0.113.5' })).toMatchObject({ zone: 'internet' });
    });

    it('ignores X-Forwarded-For unless TRUST_PROXY is configured', async () => {
      expect(await context({ remoteAddress: '203.0.113.5', headers: { 'x-forwarded-for': '10.0.0.1' } })).toMatchObject({ zone: 'internet' });
      const proxied = await createTestApp(kind, { plugins: [probeRoutes], env: { TRUST_PROXY: '127.0.0.1' } });
      try {
        const via = (ip: string) => proxied.request({ method: 'GET', url: '/api/test/context', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': ip } });
        expect((await via('203.0.113.5')).json()).toMatchObject({ zone: 'internet' });
        expect((await via('10.0.0.1')).json()).toMatchObject({ zone: 'intranet' });
      } finally {
        await proxied.close();
      }
    }, 60_000);

    it('derives the channel from the entry path or the shell header, defaulting to workbench', async () => {
      expect(await context({})).toMatchObject({ channel: 'workbench' });
      expect(await context({ headers: { 'x-workbench-channel': 'kiosk' } })).toMatchObject({ channel: 'kiosk' });
      expect(await context({ headers: { 'x-workbench-channel': 'admin' } })).toMatchObject({ channel: 'workbench' });
      expect((await t.request({ method: 'GET', url: '/m/context' })).json()).toEqual({ channel: 'mobile' });
    });
  });

  describe('POST /api/client-errors', () => {
    const report = { appId: 'customer-archive', code: 'WB_SHELL_004', message: 'render failed', stack: 'Error: x\n at y', url: '/app/customer-archive' };

    it('needs a session', async () => {
      expect((await t.request({ method: 'POST', url: '/api/client-errors', payload: report })).statusCode).toBe(401);
    });

    it('stores a valid report and answers 204', async () => {
      const cookie = await t.login('kf01');
      const response = await t.request({ method: 'POST', url: '/api/client-errors', payload: report, cookie });
      expect(response.statusCode).toBe(204);
      const rows = await t.db.query(`SELECT app_id, code, message, url FROM client_error WHERE user_id = (SELECT id::text FROM sys_user WHERE username = 'kf01')`);
      expect(rows).toEqual([{ app_id: 'customer-archive', code: 'WB_SHELL_004', message: 'render failed', url: '/app/customer-archive' }]);
    });

    it('refuses bad input with 400 and fields, writing nothing', async () => {
      const cookie = await t.login('yk01');
      const [before] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM client_error');
      const response = await t.request({ method: 'POST', url: '/api/client-errors', payload: { ...report, code: 'x'.repeat(33), extra: 1 }, cookie });
      expect(response.statusCode).toBe(400);
      expect(Object.keys(response.json().error.fields).sort()).toEqual(['code', 'extra']);
      const [after] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM client_error');
      expect(after?.n).toBe(before?.n);
    });

    it('limits reports to 30 per user and minute', async () => {
      const cookie = await t.login('mgr01');
      for (let i = 0; i < 30; i += 1) {
        expect((await t.request({ method: 'POST', url: '/api/client-errors', payload: report, cookie })).statusCode).toBe(204);
      }
      const limited = await t.request({ method: 'POST', url: '/api/client-errors', payload: report, cookie });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBe('60');
      t.clock.advance(61_000);
      expect((await t.request({ method: 'POST', url: '/api/client-errors', payload: report, cookie })).statusCode).toBe(204);
    });
  });
});
