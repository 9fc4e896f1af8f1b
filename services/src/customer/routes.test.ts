/**
 * The customer service's routes on a minimal app (db decorator + the platform error handler). Access
 * enforcement (401/403) belongs to the identity plugin and is tested with the composed app.
 */
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, customerDetailSchema, customerSearchResultSchema } from '@wb/contracts';
import { migrate, type Db } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import { errorHandlerPlugin as errorHandler } from '../platform/index.ts';
import { seedCustomers } from '../seed/index.ts';
import { CUSTOMER_SERVICE, customerMigrations, customerServicePlugin, type CustomerServiceOptions } from './index.ts';

const BASE = `/api/svc/${CUSTOMER_SERVICE.name}/v${CUSTOMER_SERVICE.major}`;

async function buildTestApp(db: Db, options: CustomerServiceOptions = {}): Promise<{ app: FastifyInstance; routes: RouteOptions[] }> {
  const app = Fastify({ logger: false });
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.decorate('db', db);
  await app.register(errorHandler);
  await app.register(customerServicePlugin, { prefix: BASE, ...options });
  await app.ready();
  return { app, routes };
}

describe.each(testDbKinds())('customer routes on %s', (kind) => {
  let db: Db;
  let app: FastifyInstance;
  let routes: RouteOptions[];
  let someConsNo: string;

  beforeAll(async () => {
    db = await createTestDb(kind);
    await migrate(db, customerMigrations);
    await seedCustomers(db, { customers: 600, seed: 5 });
    ({ app, routes } = await buildTestApp(db));
    const [row] = await db.query<{ cons_no: string }>("SELECT cons_no FROM customer WHERE category = '高压' LIMIT 1");
    someConsNo = row!.cons_no;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('declares the permission cust:archive:view on every route', () => {
    const own = routes.filter((r) => String(r.url).startsWith(BASE));
    expect(own.map((r) => `${String(r.method)} ${r.url}`).sort()).toEqual([
      `GET ${BASE}/customers`,
      `GET ${BASE}/customers/:consNo`,
      `HEAD ${BASE}/customers`,
      `HEAD ${BASE}/customers/:consNo`,
    ]);
    for (const route of own) expect(route.config).toMatchObject({ access: { permission: 'cust:archive:view' } });
  });

  it('searches with the contract query and answers with the contract result', async () => {
    const res = await app.inject({ method: 'GET', url: `${BASE}/customers`, query: { q: someConsNo.slice(0, 4), pageSize: '5' } });
    expect(res.statusCode).toBe(200);
    const body = customerSearchResultSchema.parse(res.json());
    expect(body.items).toHaveLength(5);
    expect(body.pageSize).toBe(5);
    expect(body.items.every((c) => c.consNo.startsWith(someConsNo.slice(0, 4)))).toBe(true);
  });

  it('refuses bad query parameters with 400 and per-field Chinese messages', async () => {
    const bad: Record<string, string>[] = [{ pageSize: '500' }, { page: '0' }, { field: 'email' }, { q: 'x'.repeat(65) }, { unknown: '1' }];
    for (const query of bad) {
      const res = await app.inject({ method: 'GET', url: `${BASE}/customers`, query });
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      const body = apiErrorSchema.parse(res.json());
      expect(body.error.code).toBe('WB_ERR_BAD_REQUEST');
      expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(Object.keys(body.error.fields ?? {})).toEqual([Object.keys(query)[0]]);
    }
  });

  it('returns one customer with meters by 户号', async () => {
    const res = await app.inject({ method: 'GET', url: `${BASE}/customers/${someConsNo}` });
    expect(res.statusCode).toBe(200);
    const body = customerDetailSchema.parse(res.json());
    expect(body.consNo).toBe(someConsNo);
    expect(body.meters.length).toBeGreaterThanOrEqual(1);
  });

  it('answers 400 for a malformed 户号 and 404 for an unknown one', async () => {
    const bad = await app.inject({ method: 'GET', url: `${BASE}/customers/12345` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'WB_ERR_BAD_REQUEST', message: expect.stringContaining('户号应为 10 位数字') });
    const missing = await app.inject({ method: 'GET', url: `${BASE}/customers/9999999999` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'WB_ERR_NOT_FOUND', message: '未找到该户号的客户' } });
  });

  it('applies the data scope it is given: out of scope looks like absent', async () => {
    const scoped = await buildTestApp(db, { resolveScope: () => ({ orgPaths: ['/33401/3340199'] }) });
    try {
      const detail = await scoped.app.inject({ method: 'GET', url: `${BASE}/customers/${someConsNo}` });
      expect(detail.statusCode).toBe(404);
      const list = await scoped.app.inject({ method: 'GET', url: `${BASE}/customers` });
      expect(list.json()).toMatchObject({ items: [], total: 0 });
    } finally {
      await scoped.app.close();
    }
  });
});
