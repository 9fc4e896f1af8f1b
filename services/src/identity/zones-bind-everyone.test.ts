/**
 * Zones bind everyone (issue 9 item 2, docs/quality.md S18): no grant lifts a zone limit, the platform
 * administrator's `*` included. With INTRANET_CIDRS=10.0.0.0/8 the loopback address is in the internet zone;
 * 系统管理 (its manifest: zones ['intranet']) and the intranet-only fixture app `secret-tool` must refuse
 * the administrator there, in the API and in the feed, and serve them from the intranet.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Manifest } from '@wb/contracts';
import { testDbKinds } from '@wb/server-kit/testing';
import { TEST_FIXTURE_APP_DIRS, TEST_REGISTRY_DIRS, createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { syncDeclaredPermissions } from './declared-permissions.ts';

const IAM = '/api/svc/iam/v1';
const INTERNET = '127.0.0.1';
const INTRANET = '10.1.2.3';
const NEW_USER = { displayName: '外网新建', orgUnitCode: '334010101', initialPassword: 'Wai-wang-Xin-jian-77' };

async function secretRoute(app: FastifyInstance): Promise<void> {
  app.get('/api/test/secret', { config: { access: { permission: 'secret:tool:use' } } }, async () => ({ ok: true }));
}

/** What publishing the real 系统管理 does to the permission catalogue: its permissions carry its zones. */
async function declareSystemAdmin(t: TestApp): Promise<void> {
  const file = path.join(import.meta.dirname, '../../../apps/system-admin/manifest.json');
  // The source manifest (the build adds `entry`): only the fields publishing mirrors into the catalogue.
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Pick<Manifest, 'id' | 'zones' | 'permissions'>;
  expect(manifest.zones).toEqual(['intranet']);
  await syncDeclaredPermissions(
    t.db,
    manifest.permissions.map((p) => ({ appId: manifest.id, key: p.key, name: p.name, type: p.type, zones: manifest.zones })),
  );
}

describe.each(testDbKinds())('zones bind the administrator too on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, {
      env: { INTRANET_CIDRS: '10.0.0.0/8' },
      plugins: [secretRoute],
      registry: { ...TEST_REGISTRY_DIRS, appDirs: [...TEST_FIXTURE_APP_DIRS] },
    });
    await t.app.ready();
    await declareSystemAdmin(t);
  }, 60_000);
  afterAll(async () => t?.close());

  const as = async (remoteAddress: string) => ({ cookie: await t.login('admin', undefined, { remoteAddress }), remoteAddress });
  const get = (who: { cookie: string; remoteAddress: string }, url: string) => t.request({ method: 'GET', url, ...who });

  it('refuses 系统管理 (users, audit, user creation) to admin from the internet zone', async () => {
    const admin = await as(INTERNET);
    expect((await get(admin, `${IAM}/users`)).statusCode).toBe(403);
    expect((await get(admin, `${IAM}/audit`)).statusCode).toBe(403);
    const created = await t.request({ method: 'POST', url: `${IAM}/users`, ...admin, payload: { ...NEW_USER, username: 'outsider1' } });
    expect(created.statusCode).toBe(403);
    expect(created.json().error.code).toBe('WB_ERR_NOT_ALLOWED');
    expect(await t.db.query(`SELECT 1 FROM sys_user WHERE username = 'outsider1'`)).toEqual([]);
  }, 30_000);

  it('serves 系统管理 to admin from the intranet zone', async () => {
    const admin = await as(INTRANET);
    expect((await get(admin, `${IAM}/users`)).statusCode).toBe(200);
    expect((await get(admin, `${IAM}/audit`)).statusCode).toBe(200);
    const created = await t.request({ method: 'POST', url: `${IAM}/users`, ...admin, payload: { ...NEW_USER, username: 'insider1' } });
    expect(created.statusCode).toBe(201);
  }, 30_000);

  it('tells the browser what admin may do here: no `*` and no intranet-only permission from the internet', async () => {
    const outside = (await get(await as(INTERNET), '/api/identity/me')).json().user.permissions as string[];
    expect(outside).not.toContain('*');
    expect(outside).not.toContain('sys:admin:manage');
    expect(outside).toContain('cust:archive:view');
    expect((await get(await as(INTRANET), '/api/identity/me')).json().user.permissions).toEqual(['*']);
  }, 30_000);

  it('keeps an intranet-only app out of admin\'s internet feed and import map, and refuses its API', async () => {
    const outside = await as(INTERNET);
    const feed = (await get(outside, '/api/registry/feed')).json() as { zone: string; apps: Array<{ id: string }>; importMap: unknown };
    expect(feed.zone).toBe('internet');
    expect(feed.apps.map((a) => a.id)).not.toContain('secret-tool');
    expect(JSON.stringify(feed.importMap)).not.toContain('secret-tool');
    expect((await get(outside, '/api/test/secret')).statusCode).toBe(403);
    const inside = await as(INTRANET);
    expect(((await get(inside, '/api/registry/feed')).json() as { apps: Array<{ id: string }> }).apps.map((a) => a.id)).toContain('secret-tool');
    expect((await get(inside, '/api/test/secret')).statusCode).toBe(200);
  }, 30_000);
});

describe.each(testDbKinds())('系统管理 is intranet only before its app is published, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    // No system-admin bundle in the registry: only the seed has spoken about its permissions.
    t = await createTestApp(kind, { env: { INTRANET_CIDRS: '10.0.0.0/8' } });
    await t.app.ready();
  }, 60_000);
  afterAll(async () => t?.close());

  it('refuses user administration to admin from the internet zone and serves it from the intranet', async () => {
    const fromInternet = { cookie: await t.login('admin', undefined, { remoteAddress: INTERNET }), remoteAddress: INTERNET };
    expect((await t.request({ method: 'GET', url: `${IAM}/users`, ...fromInternet })).statusCode).toBe(403);
    const fromIntranet = { cookie: await t.login('admin', undefined, { remoteAddress: INTRANET }), remoteAddress: INTRANET };
    expect((await t.request({ method: 'GET', url: `${IAM}/users`, ...fromIntranet })).statusCode).toBe(200);
  });
});
