import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { testDbKinds } from '@wb/server-kit/testing';
import { createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { API_DOCS_PREFIX } from './api-docs.ts';

const INTRANET = '10.1.2.3';
const INTERNET = '203.0.113.9';

/** A route with zod schemas, as the modules declare them: validated before the handler, documented in the OpenAPI. */
async function probeRoutes(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/test/orders/:orderId',
    {
      config: { access: 'public' },
      schema: {
        params: z.object({ orderId: z.string().regex(/^\d+$/) }),
        querystring: z.object({ dryRun: z.enum(['1', '0']).optional() }),
        body: z.strictObject({ amount: z.number().int().positive(), note: z.string().max(5).optional() }),
      },
    },
    async (request) => ({ orderId: request.params.orderId, amount: request.body.amount, dryRun: request.query.dryRun ?? null }),
  );
}

/** Fastify's `:id`, `*` and `::` (a literal colon, `password::reset`) in OpenAPI's spelling, as @fastify/swagger writes them. */
const openApiPath = (url: string): string =>
  url
    .split('::')
    .map((part) => part.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}'))
    .join(':');

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { tags?: string[]; description?: string; parameters?: { name: string; in: string }[]; requestBody?: unknown }>>;
}

describe.each(testDbKinds())('API reference at /api/docs on %s', (kind) => {
  let t: TestApp;
  let intranetCookie: string;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { INTRANET_CIDRS: '10.0.0.0/8' }, plugins: [probeRoutes] });
    await t.app.ready();
    intranetCookie = await t.login('admin', undefined, { remoteAddress: INTRANET });
  }, 60_000);
  afterAll(async () => t?.close());

  const docs = async (): Promise<OpenApiDocument> => {
    const response = await t.request({ method: 'GET', url: `${API_DOCS_PREFIX}/json`, cookie: intranetCookie, remoteAddress: INTRANET });
    expect(response.statusCode).toBe(200);
    return response.json<OpenApiDocument>();
  };

  it('documents every route of the app, the gateway\'s service routes included, and nothing else', async () => {
    const document = await docs();
    expect(document.openapi).toMatch(/^3\./);
    const documented = new Set(Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    // The reference UI's own routes are hidden; HEAD routes mirror GET ones and are left out.
    const expected = new Set(
      t.app.routeInventory
        .filter((r) => r.method !== 'HEAD' && !r.url.startsWith(API_DOCS_PREFIX))
        .map((r) => `${r.method} ${openApiPath(r.url)}`),
    );
    expect([...expected].filter((r) => !documented.has(r)), 'routes missing from the OpenAPI document').toEqual([]);
    expect([...documented].filter((r) => !expected.has(r)), 'documented paths that are no route').toEqual([]);
    expect(expected.size).toBeGreaterThan(50);
    expect([...documented].some((r) => r.startsWith('GET /api/svc/customer/v1/'))).toBe(true);
    expect([...documented].some((r) => r.startsWith('POST /api/svc/connection/v1/'))).toBe(true);
  });

  it('turns zod route schemas into parameters and a request body, and says who may call each route', async () => {
    const document = await docs();
    const op = document.paths['/api/test/orders/{orderId}']?.post;
    expect(op?.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['path:orderId', 'query:dryRun']);
    expect(JSON.stringify(op?.requestBody)).toContain('"amount"');
    expect(op?.description).toContain('访问：公开');
    expect(document.paths['/api/svc/customer/v1/customers']?.get?.tags).toEqual(['svc/customer']);
    expect(document.paths['/api/svc/customer/v1/customers']?.get?.description).toMatch(/访问：需要权限 \S+/);
  });

  it('serves the reference page, whose scripts are its own static files allowed by the platform CSP', async () => {
    const page = await t.request({ method: 'GET', url: `${API_DOCS_PREFIX}/`, cookie: intranetCookie, remoteAddress: INTRANET });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'self'[;\s]/);
    for (const src of scripts) {
      expect(src.startsWith('./static/')).toBe(true);
      const file = await t.request({ method: 'GET', url: `${API_DOCS_PREFIX}/${src.slice(2)}`, cookie: intranetCookie, remoteAddress: INTRANET });
      expect(file.statusCode, src).toBe(200);
    }
  });

  it('is for signed-in users on the intranet: 401 without a session, 404 from the internet zone', async () => {
    const anonymous = await t.request({ method: 'GET', url: `${API_DOCS_PREFIX}/json`, remoteAddress: INTRANET });
    expect(anonymous.statusCode).toBe(401);
    const outsideCookie = await t.login('admin', undefined, { remoteAddress: INTERNET });
    for (const url of [`${API_DOCS_PREFIX}/json`, `${API_DOCS_PREFIX}/`, `${API_DOCS_PREFIX}/static/swagger-ui-bundle.js`]) {
      const outside = await t.request({ method: 'GET', url, cookie: outsideCookie, remoteAddress: INTERNET });
      expect(outside.statusCode, url).toBe(404);
      expect(outside.json().error.code).toBe('WB_ERR_NOT_FOUND');
    }
  });

  it('validates zod route schemas with the house\'s 400: Chinese messages per field, nothing reaches the handler', async () => {
    const post = (url: string, payload: object) => t.request({ method: 'POST', url, payload });
    const ok = await post('/api/test/orders/42?dryRun=1', { amount: 3 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ orderId: '42', amount: 3, dryRun: '1' });

    const bad = await post('/api/test/orders/42', { amount: -1, note: '太长的备注内容', extra: 1 });
    expect(bad.statusCode).toBe(400);
    const body = bad.json<{ error: { code: string; message: string; fields: Record<string, string> } }>();
    expect(body.error.code).toBe('WB_ERR_BAD_REQUEST');
    expect(body.error.message).toMatch(/^请求参数不正确（/);
    expect(Object.keys(body.error.fields).sort()).toEqual(['amount', 'extra', 'note']);
    expect(body.error.fields.extra).toBe('不允许的字段');
    expect(body.error.fields.amount).toMatch(/[\u4e00-\u9fff]/);

    const badParam = await post('/api/test/orders/abc', { amount: 1 });
    expect(badParam.statusCode).toBe(400);
    expect(Object.keys(badParam.json().error.fields)).toEqual(['orderId']);
    const badQuery = await post('/api/test/orders/1?dryRun=yes', { amount: 1 });
    expect(Object.keys(badQuery.json().error.fields)).toEqual(['dryRun']);
  });
});
