import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDbKinds } from '@wb/server-kit/testing';
import { TEST_FIXTURE_APP_DIRS, TEST_PASSWORD, TEST_REGISTRY_DIRS, createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';

/**
 * Zones (issue 3): the server decides the zone from the address a request arrived from (never from the
 * client). An app limited to the intranet (registry fixture `secret-tool`: manifest zones default to
 * intranet) is absent from an internet-zone feed and import map, and the permissions it declares refuse
 * internet-zone calls. A forwarded-for header without a trusted proxy changes nothing.
 */
const INTRANET = '10.1.2.3';
const INTERNET = '203.0.113.5';

async function secretRoute(app: FastifyInstance): Promise<void> {
  app.get('/api/test/secret', { config: { access: { permission: 'secret:tool:use' } } }, async () => ({ ok: true }));
}

describe.each(testDbKinds())('zones on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, {
      plugins: [secretRoute],
      registry: { ...TEST_REGISTRY_DIRS, appDirs: [...TEST_FIXTURE_APP_DIRS] },
    });
    await t.app.ready();
    // Grant the intranet-only app to the customer viewers (every post confers it).
    await t.db.query(`INSERT INTO role_permission (role_key, permission_key) VALUES ('CUST_VIEWER', 'secret:tool:use')`);
  }, 60_000);
  afterAll(async () => t?.close());

  const feedOf = async (cookie: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    (await t.request({ method: 'GET', url: '/api/registry/feed', cookie, remoteAddress, headers })).json() as {
      zone: string;
      apps: Array<{ id: string }>;
      importMap: { imports: Record<string, string> };
    };

  it('mirrors the app zones onto its declared permissions', async () => {
    const rows = await t.db.query<{ allowed_zones: string[] | null }>(`SELECT allowed_zones FROM permission WHERE key = 'secret:tool:use'`);
    expect(rows).toEqual([{ allowed_zones: ['intranet'] }]);
  });

  it('serves the intranet-only app to an intranet address, and its API answers', async () => {
    const cookie = await t.login('kf01', TEST_PASSWORD, { remoteAddress: INTRANET });
    const feed = await feedOf(cookie, INTRANET);
    expect(feed.zone).toBe('intranet');
    expect(feed.apps.map((a) => a.id)).toContain('secret-tool');
    expect((await t.request({ method: 'GET', url: '/api/test/secret', cookie, remoteAddress: INTRANET })).statusCode).toBe(200);
  });

  it('hides the app from an internet address and refuses its API there', async () => {
    const cookie = await t.login('kf01', TEST_PASSWORD, { remoteAddress: INTERNET });
    const feed = await feedOf(cookie, INTERNET);
    expect(feed.zone).toBe('internet');
    expect(feed.apps.map((a) => a.id)).not.toContain('secret-tool');
    expect(JSON.stringify(feed.importMap)).not.toContain('secret-tool');
    const api = await t.request({ method: 'GET', url: '/api/test/secret', cookie, remoteAddress: INTERNET });
    expect(api.statusCode).toBe(403);
  });

  it('does not let a client claim the intranet with X-Forwarded-For when no proxy is trusted', async () => {
    const cookie = await t.login('kf01', TEST_PASSWORD, { remoteAddress: INTERNET });
    const feed = await feedOf(cookie, INTERNET, { 'x-forwarded-for': INTRANET });
    expect(feed.zone).toBe('internet');
    expect(feed.apps.map((a) => a.id)).not.toContain('secret-tool');
  });
});
