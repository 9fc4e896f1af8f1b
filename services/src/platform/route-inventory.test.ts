import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import { allMigrationGroups, buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { TEST_REGISTRY_DIRS, createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { isRouteAccess } from './route-inventory.ts';

/**
 * docs/quality.md S1: every route is public by explicit declaration or requires a session or a permission.
 * The list of public routes is closed: a new public route must be added here on purpose.
 */
const PUBLIC_ROUTES = new Set([
  'GET /api/health',
  'HEAD /api/health',
  // Readiness for load balancers and supervisors (ADR 0020): says nothing but ready or not.
  'GET /api/health/ready',
  'HEAD /api/health/ready',
  // Operators' probes and metrics (ADR 0057): live/ready say nothing but a status; /metrics checks the intranet zone
  // or METRICS_TOKEN itself (no session: a Prometheus scraper has none), and the nginx front door refuses all three.
  'GET /health/live',
  'HEAD /health/live',
  'GET /health/ready',
  'HEAD /health/ready',
  'GET /metrics',
  'HEAD /metrics',
  'POST /api/identity/login',
  // The shell page: it is also the login page; the feed inside is built for the session's user, if any.
  'GET /*',
  'HEAD /*',
  // Immutable, content-addressed code. The per-user import map is the boundary: a user never learns the
  // URL of an app they may not load (ADR 0005).
  'GET /assets/shared/*',
  'HEAD /assets/shared/*',
  'GET /assets/shell/*',
  'HEAD /assets/shell/*',
  'GET /assets/apps/:appId/:digest/*',
  'HEAD /assets/apps/:appId/:digest/*',
  // 掌上电力 (ADR 0045/0046): a customer signs in here; the payment provider's signed notification (no cookie);
  // the simulated provider's checkout page and form (its unguessable transaction id is the capability); the
  // development SMS page (registered outside production only).
  'POST /api/svc/customer-portal/v1/login-codes',
  'POST /api/svc/customer-portal/v1/login',
  'POST /api/svc/customer-portal/v1/pay/notify',
  'GET /api/svc/customer-portal/v1/sim-pay/checkout/:transactionId',
  'HEAD /api/svc/customer-portal/v1/sim-pay/checkout/:transactionId',
  'POST /api/svc/customer-portal/v1/sim-pay/checkout/:transactionId',
  'GET /api/svc/customer-portal/v1/dev/sms-messages',
  'HEAD /api/svc/customer-portal/v1/dev/sms-messages',
]);

describe('route inventory (S1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(testDbKinds()[0]!);
    await t.app.ready();
  }, 60_000);
  afterAll(async () => t?.close());

  it('walks every route of the app: each declares access, and public ones are on the list', () => {
    const routes = t.app.routeInventory;
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) {
      expect(isRouteAccess(route.access), `${route.method} ${route.url}`).toBe(true);
      if (route.access === 'public') expect(PUBLIC_ROUTES, `${route.method} ${route.url} is public`).toContain(`${route.method} ${route.url}`);
    }
    // The inventory is the route table: Fastify knows every route it lists.
    for (const route of routes) {
      expect(t.app.hasRoute({ method: route.method as 'GET', url: route.url }), `${route.method} ${route.url}`).toBe(true);
    }
  });

  it.each([
    ['no config', {}],
    ['no access', { config: {} }],
    ['a misspelt access', { config: { access: 'publik' } }],
    ['an empty permission', { config: { access: { permission: '' } } }],
  ])('refuses to start with a route that has %s', async (_name, routeOptions) => {
    const db = await createTestDb('pglite', { migrations: allMigrationGroups() });
    const unguarded = async (app: FastifyInstance): Promise<void> => {
      app.get('/api/test/unguarded', routeOptions as object, async () => ({ leaked: true }));
    };
    try {
      const app = await buildApp(loadConfig({ NODE_ENV: 'test' }), { db, logger: false, plugins: [unguarded], registry: TEST_REGISTRY_DIRS }).catch(
        (error: unknown) => error,
      );
      const error = app instanceof Error ? app : await (app as FastifyInstance).ready().then(() => null, (e: unknown) => e);
      expect(String(error)).toMatch(/declares no valid config.access/);
      if (!(app instanceof Error)) await (app as FastifyInstance).close();
    } finally {
      await db.close();
    }
  }, 60_000);
});
