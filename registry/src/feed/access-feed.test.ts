/**
 * `access.anyPermissions` through the registry's feed API, with the real 应用商店 manifest
 * (apps/app-store/manifest.json): whoever holds any one of its permissions gets the app — also a custom
 * role an administrator made that carries only `store:app:manage` — and nobody else has it in the import map.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedSchema } from '@wb/contracts';
import type { Feed, ManifestInput } from '@wb/contracts';
import { migrate } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import type { FastifyInstance } from 'fastify';
import { registryMigrations } from '../migrations.ts';
import { buildTestApp, testUsers } from '../test-app.ts';
import { makePost, makePrincipal, makeBundle, registryFixtures } from '../testing.ts';

const APP_STORE_MANIFEST = new URL('../../../apps/app-store/manifest.json', import.meta.url);

/** Principals of this file, selectable by `x-test-user` (removed again after the file). */
const users = {
  'custom-publisher': makePrincipal({ username: 'custom-publisher', roles: ['CUSTOM_PUBLISHER'], permissions: ['store:app:manage'] }),
  'market-user': makePrincipal({
    username: 'market-user',
    roles: ['STORE_USER'],
    posts: [makePost('KF_AGENT')],
    activePost: makePost('KF_AGENT'),
    permissions: ['store:market:use', 'cust:archive:view'],
  }),
  'review-only': makePrincipal({ username: 'review-only', roles: ['CUSTOM_REVIEWER'], permissions: ['store:app:review'] }),
  // Holds a role the manifest used to list, but an administrator stripped its store permissions.
  'no-store': makePrincipal({ username: 'no-store', roles: ['STORE_USER'], permissions: ['cust:archive:view'] }),
};

describe.each(testDbKinds())('any-of app access in the feed on %s', (kind) => {
  let db: Db;
  let app: FastifyInstance;

  const feedOf = async (user: string): Promise<Feed> => {
    const res = await app.inject({ url: '/api/registry/feed', headers: { 'x-test-user': user } });
    expect(res.statusCode, res.body).toBe(200);
    return feedSchema.parse(res.json());
  };

  beforeAll(async () => {
    Object.assign(testUsers, users);
    db = await createTestDb(kind);
    await migrate(db, registryMigrations);
    ({ app } = await buildTestApp(db, { services: [...registryFixtures.services, { name: 'appstore', major: 1 }] }));
    const manifest = JSON.parse(await readFile(APP_STORE_MANIFEST, 'utf8')) as ManifestInput;
    // The source manifest has no `entry` (the build fills it in); everything else is as shipped.
    const published = await app.registry.publisher.publish({
      files: makeBundle({ ...manifest, entry: 'app-store-entry.js' }),
      actor: 'system',
      autoApprove: true,
    });
    expect(published).toMatchObject({ appId: 'app-store', current: true });
  }, 60_000);

  afterAll(async () => {
    for (const name of Object.keys(users)) delete testUsers[name];
    await app?.close();
    await db?.close();
  });

  it('the shipped manifest grants by any of the store permissions, not by a list of roles', async () => {
    const manifest = JSON.parse(await readFile(APP_STORE_MANIFEST, 'utf8')) as ManifestInput;
    expect(manifest.access).toEqual({ anyPermissions: ['store:market:use', 'store:app:manage', 'store:app:review'] });
  });

  it('gives a custom role carrying only store:app:manage the app, with the 应用管理 menus only', async () => {
    const feed = await feedOf('custom-publisher');
    expect(feed.apps.map((a) => a.id)).toContain('app-store');
    expect(feed.importMap.imports['@wb-app/app-store']).toMatch(/^\/assets\/apps\/app-store\//);
    const menus = feed.menus.filter((m) => m.appId === 'app-store').map((m) => m.key).sort();
    expect(menus).toEqual(['app-store-admin', 'app-store-catalogue', 'app-store-parts', 'app-store-platform', 'app-store-review', 'app-store-upload']);
  });

  it('gives it to holders of store:market:use or store:app:review alone, and to `*`', async () => {
    expect((await feedOf('market-user')).menus.filter((m) => m.appId === 'app-store').map((m) => m.key)).toEqual(['app-store-market']);
    expect((await feedOf('review-only')).apps.map((a) => a.id)).toContain('app-store');
    expect((await feedOf('admin')).apps.map((a) => a.id)).toContain('app-store');
  });

  it('keeps it out of the feed and the import map of users holding none of them', async () => {
    for (const user of ['nobody', 'no-store']) {
      const feed = await feedOf(user);
      expect(feed.apps.map((a) => a.id), user).not.toContain('app-store');
      expect(JSON.stringify(feed.importMap), user).not.toContain('app-store');
    }
  });
});
