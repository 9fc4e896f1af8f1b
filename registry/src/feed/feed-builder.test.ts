import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedSchema } from '@wb/contracts';
import type { Feed } from '@wb/contracts';
import { migrate } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import { registryMigrations } from '../migrations.ts';
import { loadPlatformAssets } from '../platform.ts';
import { createPublisher } from '../publish/publisher.ts';
import type { Publisher } from '../publish/publisher.ts';
import { OPEN_ACCESS as OPEN, STAFF_PERMISSION, makeBundle, makePost, makePrincipal, registryFixtures } from '../testing.ts';
import { createFeedBuilder } from './feed-builder.ts';
import type { FeedBuilder } from './feed-builder.ts';

/** A staff member with a post (every post confers the 应用市场 permission, which OPEN apps ask for). */
const staff = (o: Parameters<typeof makePrincipal>[0] = {}) => makePrincipal({ ...o, permissions: [STAFF_PERMISSION, ...(o.permissions ?? [])] });

const workbench = { channel: 'workbench', zone: 'intranet' } as const;

function appIds(feed: Feed): string[] {
  return feed.apps.map((a) => a.id).sort();
}

/** An app must be absent from the import map entirely, not only from the app list (S3). */
function mapMentions(feed: Feed, appId: string): boolean {
  const urls = [...Object.values(feed.importMap.imports), ...Object.keys(feed.importMap.integrity)];
  return urls.some((u) => u.includes(`/assets/apps/${appId}/`)) || `@wb-app/${appId}` in feed.importMap.imports;
}

describe.each(testDbKinds())('feed on %s', (kind) => {
  let db: Db;
  let publisher: Publisher;
  let feed: FeedBuilder;

  const publish = (manifest: Parameters<typeof makeBundle>[0], extra?: Record<string, string>) =>
    publisher.publish({ files: makeBundle({ access: OPEN, ...manifest }, extra), actor: 'system', autoApprove: true });

  beforeAll(async () => {
    db = await createTestDb(kind);
    await migrate(db, registryMigrations);
    const platform = await loadPlatformAssets(registryFixtures.sharedDepsDir, registryFixtures.shellDistDir);
    feed = createFeedBuilder({ db, platform, pointerTtlMs: 60_000 });
    publisher = createPublisher({ db, platformVersions: platform.shared.versions, sharedSpecifiers: new Set(Object.keys(platform.shared.importMap.imports)), services: [], onCatalogueChanged: () => feed.invalidate() });
    await publish(
      {
        id: 'open-app',
        menus: [
          { key: 'open', title: '公开', path: '/app/open-app', order: 50 },
          { key: 'open-admin', title: '管理', path: '/app/open-app/admin', order: 5, permission: 'open:app:admin' },
        ],
        widgets: [
          { id: 'w-open', title: '公开卡片' },
          { id: 'w-admin', title: '管理卡片', permission: 'open:app:admin' },
        ],
      },
      { 'chunks/lazy.js': 'export default 1;', 'style.css': 'a{}' },
    );
    await publish({ id: 'perm-app', access: { permissions: ['perm:app:use'] }, menus: [{ key: 'p', title: '权限', path: '/app/perm-app', order: 1 }] });
    await publish({ id: 'role-app', access: { roles: ['KF_AGENT'] } });
    await publish({ id: 'post-app', access: { posts: ['POST_A'] } });
    await publish({ id: 'mobile-app', channels: ['mobile'] });
    await publish({ id: 'internet-app', zones: ['internet'] });
    await publisher.publish({ files: makeBundle({ access: OPEN, id: 'draft-app' }), actor: 'alice' });
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it('gives anonymous users the platform import map and no apps', async () => {
    const f = await feed.buildFeed({ principal: null, ...workbench });
    expect(f.user).toBeNull();
    expect(f.apps).toEqual([]);
    expect(f.importMap.imports.react).toBe('/assets/shared/react-f1x7.js');
    expect(f.importMap.integrity['/assets/shell/main-4b1d.js']).toMatch(/^sha384-/);
    expect(f.importMap.integrity['/assets/shell/chunk-77aa.js']).toMatch(/^sha384-/);
    expect(Object.keys(f.importMap.imports).some((k) => k.startsWith('@wb-app/'))).toBe(false);
  });

  it('returns a contract-valid feed with only the apps the user may load', async () => {
    const f = await feed.buildFeed({ principal: staff(), ...workbench });
    expect(feedSchema.parse(f)).toEqual(f);
    expect(appIds(f)).toEqual(['open-app']);
    for (const hidden of ['perm-app', 'role-app', 'post-app', 'mobile-app', 'internet-app', 'draft-app']) {
      expect(mapMentions(f, hidden)).toBe(false);
    }
    expect(f.user?.username).toBe('tester');
  });

  it('filters by permission; the * grant holds every permission', async () => {
    const holder = await feed.buildFeed({ principal: staff({ permissions: ['perm:app:use'] }), ...workbench });
    expect(appIds(holder)).toEqual(['open-app', 'perm-app']);
    expect(mapMentions(holder, 'perm-app')).toBe(true);
    // The other tests publish apps under permissions of their own, which * holds too: * sees at least these two.
    const admin = await feed.buildFeed({ principal: staff({ permissions: ['*'] }), ...workbench });
    expect(appIds(admin)).toEqual(expect.arrayContaining(['open-app', 'perm-app']));
    for (const hidden of ['role-app', 'post-app', 'mobile-app', 'internet-app', 'draft-app']) expect(appIds(admin)).not.toContain(hidden);
  });

  it('filters by role and by the active post', async () => {
    expect(appIds(await feed.buildFeed({ principal: staff({ roles: ['KF_AGENT'] }), ...workbench }))).toContain('role-app');
    const a = makePost('POST_A');
    const b = makePost('POST_B');
    const active = await feed.buildFeed({ principal: staff({ posts: [a, b], activePost: a }), ...workbench });
    expect(appIds(active)).toContain('post-app');
    const other = await feed.buildFeed({ principal: staff({ posts: [a, b], activePost: b }), ...workbench });
    expect(appIds(other)).not.toContain('post-app');
    const none = await feed.buildFeed({ principal: staff({ posts: [a], activePost: null }), ...workbench });
    expect(appIds(none)).toContain('post-app');
  });

  it('filters by channel and zone', async () => {
    const p = staff();
    expect(appIds(await feed.buildFeed({ principal: p, channel: 'mobile', zone: 'intranet' }))).toEqual(['mobile-app']);
    expect(appIds(await feed.buildFeed({ principal: p, channel: 'workbench', zone: 'internet' }))).toEqual(['internet-app']);
    // Apps the user has on another channel of the zone are named (not loaded): the shell says "not offered here".
    const mobile = await feed.buildFeed({ principal: p, channel: 'mobile', zone: 'intranet' });
    const onPc = appIds(await feed.buildFeed({ principal: p, ...workbench }));
    expect(onPc.length).toBeGreaterThan(0);
    expect(mobile.elsewhere?.map((app) => app.id).sort()).toEqual(onPc.filter((id) => id !== 'mobile-app').sort());
    expect(Object.keys(mobile.importMap.imports).filter((k) => k.startsWith('@wb-app/'))).toEqual(['@wb-app/mobile-app']);
  });

  it('shows a menu entry only on the channels it names (a desk page stays off the phone), the app on both', async () => {
    await publish({
      id: 'field-app',
      access: { permissions: ['field:app:use'] },
      channels: ['workbench', 'mobile'],
      menus: [
        { key: 'desk', title: '受理', path: '/app/field-app/desk', order: 1, channels: ['workbench'] },
        { key: 'site', title: '现场', path: '/app/field-app/site', order: 2 },
      ],
    });
    const p = staff({ permissions: ['field:app:use'] });
    const keys = (f: Feed): string[] => f.menus.filter((m) => m.appId === 'field-app').map((m) => m.key);
    const pc = await feed.buildFeed({ principal: p, ...workbench });
    const phone = await feed.buildFeed({ principal: p, channel: 'mobile', zone: 'intranet' });
    expect(keys(pc)).toEqual(['desk', 'site']);
    expect(keys(phone)).toEqual(['site']);
    expect(appIds(phone)).toContain('field-app');
  });

  it('filters menus and widgets by their own permission and orders menus', async () => {
    const plain = await feed.buildFeed({ principal: staff(), ...workbench });
    expect(plain.menus.map((m) => m.key)).toEqual(['open']);
    expect(plain.widgets.map((w) => w.id)).toEqual(['w-open']);
    const admin = await feed.buildFeed({ principal: staff({ permissions: ['open:app:admin', 'perm:app:use'] }), ...workbench });
    expect(admin.menus.map((m) => [m.key, m.appId])).toEqual([['p', 'perm-app'], ['open-admin', 'open-app'], ['open', 'open-app']]);
    expect(admin.widgets.map((w) => w.id)).toEqual(['w-open', 'w-admin']);
  });

  it('maps the app entry under its digest and lists integrity for every module file', async () => {
    const f = await feed.buildFeed({ principal: staff(), ...workbench });
    const entry = f.importMap.imports['@wb-app/open-app'];
    expect(entry).toMatch(/^\/assets\/apps\/open-app\/[0-9a-f]{16}\/open-app-entry\.js$/);
    const root = entry?.replace('open-app-entry.js', '');
    expect(f.importMap.integrity[`${root}open-app-entry.js`]).toMatch(/^sha384-/);
    expect(f.importMap.integrity[`${root}chunks/lazy.js`]).toMatch(/^sha384-/);
    expect(f.importMap.integrity[`${root}style.css`]).toBeUndefined();
    expect(f.apps[0]).toMatchObject({ id: 'open-app', specifier: '@wb-app/open-app', version: '1.0.0', routes: ['/app/open-app'] });
  });

  // The tests that publish use apps under a permission of their own, out of the other tests' feeds.
  it('serves a newly published current version at once and caches the version list otherwise', async () => {
    const access = { permissions: ['fresh:app:use'] };
    const p = staff({ permissions: ['fresh:app:use'] });
    await publish({ id: 'fresh-app', access });
    await publish({ id: 'fresh-app', access, version: '1.1.0' });
    const f = await feed.buildFeed({ principal: p, ...workbench });
    expect(f.apps.find((a) => a.id === 'fresh-app')?.version).toBe('1.1.0');
    // A publish this builder is not told about (another instance) shows only after invalidation or TTL.
    const other = createPublisher({ db, platformVersions: { react: '19.2.0' }, sharedSpecifiers: new Set(['react']), services: [] });
    await other.publish({ files: makeBundle({ access, id: 'late-app' }), actor: 'system', autoApprove: true });
    expect(appIds(await feed.buildFeed({ principal: p, ...workbench }))).not.toContain('late-app');
    feed.invalidate();
    expect(appIds(await feed.buildFeed({ principal: p, ...workbench }))).toContain('late-app');
  });

  it('prefixes every asset URL with ASSET_BASE_URL', async () => {
    const platform = await loadPlatformAssets(registryFixtures.sharedDepsDir, registryFixtures.shellDistDir);
    const cdn = createFeedBuilder({ db, platform, assetBaseUrl: 'https://cdn.example.com/wb/' });
    const f = await cdn.buildFeed({ principal: staff(), ...workbench });
    const urls = [...Object.values(f.importMap.imports), ...Object.keys(f.importMap.integrity)];
    expect(urls.length).toBeGreaterThan(4);
    expect(urls.every((u) => u.startsWith('https://cdn.example.com/wb/assets/'))).toBe(true);
    expect(cdn.shellEntry.url).toBe('https://cdn.example.com/wb/assets/shell/main-4b1d.js');
  });

  it('resolves each app per user: rollout version, hidden by visibility, out of the menu but loadable', async () => {
    const access = { permissions: ['ramp:app:use'] };
    await publish({ id: 'ramp-app', access, widgets: [{ id: 'ramp-card', title: '卡片' }], menus: [{ key: 'ramp', title: '灰度', path: '/app/ramp-app', order: 1 }] });
    await publisher.publish({ files: makeBundle({ access, id: 'ramp-app', version: '2.0.0' }, { 'v2.js': 'export default 2;' }), actor: 'alice' });
    await db.query(`UPDATE registry_version SET status = 'PUBLISHED' WHERE app_id = 'ramp-app' AND version = '2.0.0'`);
    const rollout = { version: '2.0.0', orgUnitCodes: ['ORG-A'], postCodes: [], percent: 0, updatedBy: 't', updatedAt: '' };
    await db.query(`UPDATE registry_app SET rollout = $1::jsonb WHERE id = 'ramp-app'`, [JSON.stringify(rollout)]);
    feed.invalidate();
    const inOrg = staff({ userId: 'u-a', orgUnitCode: 'ORG-A1', orgUnitPath: '/ORG-A/ORG-A1', permissions: access.permissions });
    const other = staff({ userId: 'u-b', permissions: access.permissions });
    const a = await feed.buildFeed({ principal: inOrg, ...workbench });
    const b = await feed.buildFeed({ principal: other, ...workbench });
    expect(a.apps.find((x) => x.id === 'ramp-app')?.version).toBe('2.0.0');
    expect(b.apps.find((x) => x.id === 'ramp-app')?.version).toBe('1.0.0');
    // Integrity stays per version: each user's map holds the files of the version they get.
    expect(Object.keys(a.importMap.integrity).some((u) => u.includes('/assets/apps/ramp-app/') && u.endsWith('/v2.js'))).toBe(true);
    expect(Object.keys(b.importMap.integrity).some((u) => u.endsWith('/v2.js'))).toBe(false);

    await db.query(`UPDATE registry_app SET visibility = $1::jsonb WHERE id = 'ramp-app'`, [JSON.stringify({ hiddenOrgUnitCodes: ['ORG-A'], hiddenPostCodes: [] })]);
    feed.invalidate();
    expect(mapMentions(await feed.buildFeed({ principal: inOrg, ...workbench }), 'ramp-app')).toBe(false);
    expect(appIds(await feed.buildFeed({ principal: other, ...workbench }))).toContain('ramp-app');

    await db.query(`INSERT INTO registry_user_app_pref (user_id, app_id, in_menu) VALUES ('u-b', 'ramp-app', false)`);
    feed.invalidateUser('u-b');
    const out = await feed.buildFeed({ principal: other, ...workbench });
    expect(out.apps.find((x) => x.id === 'ramp-app')?.inMenu).toBe(false);
    expect(mapMentions(out, 'ramp-app')).toBe(true);
    expect(out.menus.some((m) => m.appId === 'ramp-app')).toBe(false);
    expect(out.widgets.some((w) => w.appId === 'ramp-app')).toBe(false);
  });

  it('reuses a user\'s serialized feed until the principal, the version list or their choices change', async () => {
    const p = staff({ userId: 'u-json', permissions: ['json:app:use'] });
    const first = await feed.feedJson({ principal: p, ...workbench });
    expect(JSON.parse(first)).toEqual(await feed.buildFeed({ principal: p, ...workbench }));
    expect(await feed.feedJson({ principal: p, ...workbench })).toBe(first);
    // Another channel or another principal (a grant change or post switch makes a new one) is built anew.
    expect(JSON.parse(await feed.feedJson({ principal: p, channel: 'mobile', zone: 'intranet' })).channel).toBe('mobile');
    const granted = staff({ userId: 'u-json', permissions: ['json:app:use', 'perm:app:use'] });
    expect(appIds(JSON.parse(await feed.feedJson({ principal: granted, ...workbench })) as Feed)).toContain('perm-app');
    // A publish: seen after invalidation, from the same principal.
    await publish({ id: 'json-late-app', access: { permissions: ['json:app:use'] } });
    feed.invalidate();
    expect(appIds(JSON.parse(await feed.feedJson({ principal: p, ...workbench })) as Feed)).toContain('json-late-app');
    // A 应用市场 choice of this user.
    await db.query(`INSERT INTO registry_user_app_pref (user_id, app_id, in_menu) VALUES ('u-json', 'json-late-app', false)`);
    feed.invalidateUser('u-json');
    const after = JSON.parse(await feed.feedJson({ principal: p, ...workbench })) as Feed;
    expect(after.apps.find((a) => a.id === 'json-late-app')?.inMenu).toBe(false);
  });

  it('offers dev overrides only when enabled and only to holders of store:dev:override', async () => {
    const platform = await loadPlatformAssets(registryFixtures.sharedDepsDir, registryFixtures.shellDistDir);
    const dev = staff({ permissions: ['store:dev:override'] });
    expect((await feed.buildFeed({ principal: dev, ...workbench })).devOverrides).toBe(false);
    const enabled = createFeedBuilder({ db, platform, devOverrides: true });
    expect((await enabled.buildFeed({ principal: dev, ...workbench })).devOverrides).toBe(true);
    expect((await enabled.buildFeed({ principal: staff(), ...workbench })).devOverrides).toBe(false);
    expect((await enabled.buildFeed({ principal: null, ...workbench })).devOverrides).toBe(false);
  });

  it('serves an app without access to administrators only (closed by default, issue 11 item 5)', async () => {
    await publish({ id: 'closed-app', access: undefined, menus: [{ key: 'closed', title: '未声明访问', path: '/app/closed-app', order: 1 }] });
    feed.invalidate();
    const user = await feed.buildFeed({ principal: staff({ roles: ['KF_AGENT'], permissions: ['cust:archive:view'] }), ...workbench });
    expect(appIds(user)).not.toContain('closed-app');
    expect(mapMentions(user, 'closed-app')).toBe(false);
    expect(user.menus.map((m) => m.key)).not.toContain('closed');
    const admin = await feed.buildFeed({ principal: makePrincipal({ permissions: ['*'] }), ...workbench });
    expect(appIds(admin)).toContain('closed-app');
  });
});
