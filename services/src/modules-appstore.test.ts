/**
 * The app store service (`/api/svc/appstore/v1`, implemented by the registry) through the real server:
 * identity, gateway, audit and the identity sync of declared permissions wired in modules.ts.
 */
import type { AddressInfo } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { feedSchema } from '@wb/contracts';
import { layoutSchema, marketAppSchema, publishResponseSchema, storeAppDetailSchema, storeAppSummarySchema, storeEventSchema } from '@wb/contracts/appstore';
import type { Feed, ManifestInput } from '@wb/contracts';
import { main as publishCli } from '@wb/registry/cli';
import { stickyBucket } from '@wb/registry';
import { OPEN_ACCESS, makeBundle, zipOf } from '@wb/registry/testing';
import { testDbKinds } from '@wb/server-kit/testing';
import { loadConfig } from './config.ts';
import { TEST_PASSWORD, createTestApp } from './testing/harness.ts';
import type { TestApp } from './testing/harness.ts';
import { suiteApp } from './testing/suite.ts';

const STORE = '/api/svc/appstore/v1';

function bundle(manifest: Partial<ManifestInput>, extra: Record<string, string> = {}): Buffer {
  // Open to every staff member with a post: without `access` only administrators would see it (ADR 0023).
  return zipOf(makeBundle({ category: '测试', owner: 'store-tests', access: OPEN_ACCESS, ...manifest }, extra));
}

describe.each(testDbKinds())('app store service on %s', (kind) => {
  const t = suiteApp(() => createTestApp(kind));
  const cookies: Record<string, string> = {};
  const as = async (user: string) => (cookies[user] ??= await t.login(user));

  const call = async (user: string | null, method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.request({
      method,
      url: `${STORE}${url}`,
      ...(user ? { cookie: await as(user) } : {}),
      ...(payload === undefined ? {} : Buffer.isBuffer(payload) ? { payload, headers: { 'content-type': 'application/zip', ...headers } } : { payload: payload as object, headers }),
    });
  const upload = (user: string, zip: Buffer) => call(user, 'POST', '/versions', zip);
  const feedOf = async (user: string): Promise<Feed> => {
    const res = await t.request({ method: 'GET', url: '/api/registry/feed', cookie: await as(user) });
    expect(res.statusCode).toBe(200);
    return feedSchema.parse(res.json());
  };
  const versionIn = async (user: string, appId: string) => (await feedOf(user)).apps.find((a) => a.id === appId)?.version;

  /** dev01 uploads and submits, rev01 approves (as current for all unless told otherwise). */
  async function release(manifest: Partial<ManifestInput>, approve: { makeCurrent?: boolean; release?: string } = { release: 'current' }) {
    const up = await upload('dev01', bundle(manifest));
    expect(up.statusCode, up.body).toBe(201);
    const { appId, version } = publishResponseSchema.parse(up.json());
    expect((await call('dev01', 'POST', `/apps/${appId}/versions/${version}/submit`)).statusCode).toBe(204);
    const approved = await call('rev01', 'POST', `/apps/${appId}/versions/${version}/approve`, approve);
    expect(approved.statusCode, approved.body).toBe(200);
  }

  describe('publishing through the HTTP API', () => {
    it('stores an upload as DRAFT by the uploader, also from a zipped dist/ folder', async () => {
      const res = await upload('dev01', zipOf(makeBundle({ id: 'zip-app', category: '测试' }, { 'chunks/a.js': 'export default 1;' }), 'dist/'));
      expect(res.statusCode, res.body).toBe(201);
      const body = publishResponseSchema.parse(res.json());
      expect(body).toMatchObject({ created: true, appId: 'zip-app', version: '1.0.0', status: 'DRAFT', current: false });
      expect(body.files.map((f) => f.path)).toEqual(['chunks/a.js', 'manifest.json', 'zip-app-entry.js']);
      const detail = storeAppDetailSchema.parse((await call('dev01', 'GET', '/apps/zip-app')).json());
      expect(detail.versions[0]).toMatchObject({ version: '1.0.0', status: 'DRAFT', publishedBy: 'dev01', current: false, fileCount: 3 });
      // Same content again: idempotent 200; other content under the same version: 409.
      const again = await upload('dev01', zipOf(makeBundle({ id: 'zip-app', category: '测试' }, { 'chunks/a.js': 'export default 1;' })));
      expect(again.statusCode).toBe(200);
      expect(again.json().created).toBe(false);
      const changed = await upload('dev01', zipOf(makeBundle({ id: 'zip-app', category: '测试' }, { 'chunks/a.js': 'export default 2;' })));
      expect(changed.statusCode).toBe(409);
      expect(changed.json().error.message).toContain('请提升版本号');
      // A draft is not served to anyone.
      expect((await feedOf('admin')).apps.some((a) => a.id === 'zip-app')).toBe(false);
    });

    it.each([
      ['not a zip', Buffer.from('this is not a zip archive'), 400, '不是有效的 zip'],
      ['a bad manifest', zipOf(new Map([['manifest.json', new TextEncoder().encode('{"id": "Bad Id"}')]])), 400, 'manifest.json 校验失败'],
      ['an unmet shared range', bundle({ id: 'shared-app', shared: { react: '^17.0.0' } }), 400, '平台提供'],
      ['an unknown service', bundle({ id: 'svc-app', services: [{ name: 'lineloss', version: '^1.0.0' }] }), 400, '服务 lineloss 在平台上不存在'],
      ['an unserved major', bundle({ id: 'major-app', services: [{ name: 'customer', version: '^2.0.0' }] }), 400, '平台提供 v1'],
      ['a missing entry', zipOf(new Map([...makeBundle({ id: 'entry-app' })].filter(([p]) => p !== 'entry-app-entry.js'))), 400, '入口文件'],
      ['an unsafe path', bundle({ id: 'path-app' }, { 'a b/x.js': 'x' }), 400, '文件路径不安全'],
      ['a file over the size budget', bundle({ id: 'size-app' }, { 'big.js': 'x'.repeat(1024 * 1024 + 1) }), 413, '超过单个文件上限'],
    ])('refuses %s with the reason in Chinese', async (_name, zip, status, reason) => {
      const res = await upload('dev01', zip);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.message).toContain(reason);
    });

    it('refuses a zip bomb before inflating it', async () => {
      // 8 MiB of zeros compress to ~8 KiB; the headers then claim 40 MiB, over the 32 MiB guard.
      const bomb = Buffer.from(zipSync({ 'manifest.json': new TextEncoder().encode('{}'), 'zeros.js': new Uint8Array(8 * 1024 * 1024) }, { level: 1 }));
      expect(bomb.byteLength).toBeLessThan(256 * 1024);
      for (let i = 0; i < bomb.byteLength - 54; i++) {
        const sig = bomb.readUInt32LE(i);
        if (sig === 0x04034b50 && bomb.toString('latin1', i + 30, i + 38) === 'zeros.js') bomb.writeUInt32LE(40 * 1024 * 1024, i + 22);
        if (sig === 0x02014b50 && bomb.toString('latin1', i + 46, i + 54) === 'zeros.js') bomb.writeUInt32LE(40 * 1024 * 1024, i + 24);
      }
      const res = await upload('dev01', bomb);
      expect(res.statusCode).toBe(413);
      expect(res.json().error.message).toContain('压缩包解压后超过');
    }, 30_000);

    it('lets exactly one of several concurrent uploads of one version create it', async () => {
      const zips = [0, 1, 2, 3].map(() => bundle({ id: 'race-app' }));
      const results = await Promise.all(zips.map((z) => upload('dev01', z)));
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201]);
      const rows = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM registry_version WHERE app_id = 'race-app'`);
      expect(rows[0]?.n).toBe(1);
    });
  });

  describe('review lifecycle', () => {
    it('goes DRAFT → IN_REVIEW → PUBLISHED, never approved by the uploader, and refuses out-of-order steps', async () => {
      await upload('rev01', bundle({ id: 'life-app', permissions: [{ key: 'life:app:export', name: '导出', type: 'BUTTON' }] }));
      const v = '/apps/life-app/versions/1.0.0';
      expect((await call('rev01', 'POST', `${v}/approve`, {})).statusCode).toBe(409); // still DRAFT
      expect((await call('rev01', 'POST', `${v}/submit`)).statusCode).toBe(204);
      expect((await call('rev01', 'POST', `${v}/submit`)).statusCode).toBe(409);
      const own = await call('rev01', 'POST', `${v}/approve`, {});
      expect(own.statusCode).toBe(403);
      expect(own.json().error.message).toBe('不能审核自己上传的版本');
      expect((await call('dev01', 'POST', `${v}/approve`, {})).statusCode).toBe(403); // no store:app:review
      // Reject with a reason → back to DRAFT; resubmit; approve by another reviewer (admin).
      expect((await call('admin', 'POST', `${v}/reject`, { reason: '图标不清晰' })).statusCode).toBe(204);
      let detail = storeAppDetailSchema.parse((await call('rev01', 'GET', '/apps/life-app')).json());
      expect(detail.versions[0]).toMatchObject({ status: 'DRAFT', rejectReason: '图标不清晰', reviewedBy: 'admin' });
      expect((await call('rev01', 'POST', `${v}/submit`)).statusCode).toBe(204);
      expect((await call('admin', 'POST', `${v}/approve`, {})).statusCode).toBe(200);
      detail = storeAppDetailSchema.parse((await call('rev01', 'GET', '/apps/life-app')).json());
      expect(detail.app).toMatchObject({ currentVersion: '1.0.0', latestStatus: 'PUBLISHED' });
      expect(detail.versions[0]).toMatchObject({ status: 'PUBLISHED', reviewedBy: 'admin', rejectReason: null, current: true });
      expect(await versionIn('yk01', 'life-app')).toBe('1.0.0');
      // Audit: registry_event and the platform audit.
      const events = storeEventSchema.array().parse((await call('rev01', 'GET', '/apps/life-app/events')).json());
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['publish', 'submit', 'approve-refused', 'reject', 'approve']));
      expect(events.find((e) => e.action === 'approve-refused')?.actor).toBe('rev01');
      const audited = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'appstore.%' AND target LIKE 'life-app%'`);
      expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['appstore.publish', 'appstore.submit', 'appstore.reject', 'appstore.approve']));
    });

    it('registers the permissions of an approved version so an administrator can grant them', async () => {
      await release({ id: 'grant-app', permissions: [{ key: 'grant:app:export', name: '导出', type: 'BUTTON' }] });
      const rows = await t.db.query<{ key: string; app_id: string }>(`SELECT key, app_id FROM permission WHERE key = 'grant:app:export'`);
      expect(rows).toEqual([{ key: 'grant:app:export', app_id: 'grant-app' }]);
      const role = await t.request({ method: 'POST', url: '/api/svc/iam/v1/roles', cookie: await as('admin'), payload: { key: 'LIFE_EXPORTER', name: '导出员' } });
      expect(role.statusCode, role.body).toBe(201);
      const granted = await t.request({
        method: 'PUT',
        url: '/api/svc/iam/v1/roles/LIFE_EXPORTER/grants',
        cookie: await as('admin'),
        headers: { 'if-match': role.headers.etag as string },
        payload: { permissions: ['grant:app:export'], dataScopes: [], conferredByPosts: [] },
      });
      expect(granted.statusCode, granted.body).toBe(200);
    });

    it('lists the catalogue with search, category and review filters', async () => {
      await upload('dev01', bundle({ id: 'pending-app', name: '待审应用', description: '等待审核的应用' }));
      expect((await call('dev01', 'POST', '/apps/pending-app/versions/1.0.0/submit')).statusCode).toBe(204);
      // Other tests submit apps too (the publish CLI's): this one is among those in review, and only those are listed.
      const pending = storeAppSummarySchema.array().parse((await call('rev01', 'GET', '/apps?status=IN_REVIEW')).json());
      expect(pending.map((a) => a.id)).toContain('pending-app');
      expect(pending.every((a) => a.latestStatus === 'IN_REVIEW')).toBe(true);
      expect(pending.find((a) => a.id === 'pending-app')).toMatchObject({ pendingReview: 1, currentVersion: null, latestStatus: 'IN_REVIEW' });
      const found = storeAppSummarySchema.array().parse((await call('rev01', 'GET', `/apps?q=${encodeURIComponent('等待审核')}`)).json());
      expect(found.map((a) => a.id)).toEqual(['pending-app']);
      const byCategory = storeAppSummarySchema.array().parse((await call('rev01', 'GET', `/apps?category=${encodeURIComponent('测试')}`)).json());
      expect(byCategory.map((a) => a.id)).toContain('pending-app');
      expect(byCategory.every((a) => a.category === '测试')).toBe(true);
      expect((await call('rev01', 'GET', '/apps?status=SOMETHING')).statusCode).toBe(400);
    });
  });

  describe('versions, rollout and visibility', () => {
    it('rolls back to an earlier version and the next feed serves it', async () => {
      await release({ id: 'roll-app', version: '1.0.0' });
      await release({ id: 'roll-app', version: '2.0.0', changelog: '第二版' });
      expect(await versionIn('yk01', 'roll-app')).toBe('2.0.0');
      const refused = await call('rev01', 'POST', '/apps/roll-app/rollback', { version: '2.0.0' });
      expect(refused.statusCode).toBe(409);
      const res = await call('rev01', 'POST', '/apps/roll-app/rollback', { version: '1.0.0' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ appId: 'roll-app', currentVersion: '1.0.0', previousVersion: '2.0.0' });
      expect(await versionIn('yk01', 'roll-app')).toBe('1.0.0');
      const feed = await feedOf('yk01');
      const entry = feed.importMap.imports['@wb-app/roll-app'];
      expect(feed.importMap.integrity[entry ?? '']).toMatch(/^sha384-/);
      const events = storeEventSchema.array().parse((await call('rev01', 'GET', '/apps/roll-app/events')).json());
      expect(events[0]).toMatchObject({ action: 'rollback', actor: 'rev01', version: '1.0.0', detail: { from: '2.0.0', to: '1.0.0' } });
      // The platform audit (S14): one record of the rollback, with who, what, the result, the address and the zone.
      // Written after the answer (fire-and-forget), so polled.
      await expect
        .poll(() => t.db.query(`SELECT actor, target, result, ip, zone, detail FROM audit_log WHERE action = 'appstore.rollback' AND target LIKE 'roll-app@%'`))
        .toEqual([{ actor: 'rev01', target: 'roll-app@1.0.0', result: 'success', ip: expect.stringMatching(/\S/), zone: expect.stringMatching(/^(intranet|internet)$/), detail: { from: '2.0.0' } }]);
    });

    it('takes an app offline (gone from feeds) and back online', async () => {
      await release({ id: 'offline-app' });
      expect((await call('rev01', 'POST', '/apps/offline-app/offline')).statusCode).toBe(200);
      expect((await call('rev01', 'POST', '/apps/offline-app/offline')).statusCode).toBe(409);
      expect(await versionIn('yk01', 'offline-app')).toBeUndefined();
      expect((await call('rev01', 'POST', '/apps/offline-app/online')).statusCode).toBe(200);
      expect(await versionIn('yk01', 'offline-app')).toBe('1.0.0');
    });

    it('serves a targeted rollout to users of the target org unit only, then promotes it', async () => {
      await release({ id: 'ramp-app', version: '1.0.0' });
      await release({ id: 'ramp-app', version: '1.1.0' }, { makeCurrent: false });
      expect(await versionIn('yk01', 'ramp-app')).toBe('1.0.0');
      const draftTarget = await call('rev01', 'PUT', '/apps/ramp-app/rollout', { version: '9.9.9', orgUnitCodes: ['3340101'] });
      expect(draftTarget.statusCode).toBe(404);
      expect((await call('rev01', 'PUT', '/apps/ramp-app/rollout', { version: '1.1.0' })).statusCode).toBe(400); // no target at all
      const set = await call('rev01', 'PUT', '/apps/ramp-app/rollout', { version: '1.1.0', orgUnitCodes: ['3340101'] });
      expect(set.statusCode, set.body).toBe(200);
      expect(await versionIn('yk01', 'ramp-app')).toBe('1.1.0'); // 334010101 lies under 3340101
      expect(await versionIn('kf01', 'ramp-app')).toBe('1.0.0'); // 3340180 does not
      const detail = await call('rev01', 'GET', '/apps/ramp-app');
      expect(storeAppDetailSchema.parse(detail.json()).rollout).toMatchObject({ version: '1.1.0', orgUnitCodes: ['3340101'], updatedBy: 'rev01' });
      // A stale If-Match is refused (412); the current ETag works.
      const stale = await call('rev01', 'PUT', '/apps/ramp-app/rollout', { version: '1.1.0', postCodes: ['X'] }, { 'if-match': '"1"' });
      expect(stale.statusCode).toBe(412);
      expect((await call('rev01', 'POST', '/apps/ramp-app/rollout/promote')).statusCode).toBe(200);
      expect(await versionIn('kf01', 'ramp-app')).toBe('1.1.0');
      expect((await call('rev01', 'POST', '/apps/ramp-app/rollout/promote')).statusCode).toBe(409);
      expect((await call('rev01', 'DELETE', '/apps/ramp-app/rollout')).statusCode).toBe(409);
    });

    it('gives a sticky percentage of users the rollout version', async () => {
      await release({ id: 'pct-app', version: '1.0.0' });
      await release({ id: 'pct-app', version: '2.0.0' }, { makeCurrent: false });
      const users = ['yk01', 'yk02', 'yk03', 'yk04', 'kf01', 'kf03', 'jl01', 'mgr01'];
      const ids = await t.db.query<{ username: string; id: string }>('SELECT username, id FROM sys_user WHERE username = ANY($1::text[])', [users]);
      const buckets = ids.map((u) => ({ user: u.username, bucket: stickyBucket(u.id, 'pct-app') })).sort((a, b) => a.bucket - b.bucket);
      const low = buckets[0]!;
      const high = buckets[buckets.length - 1]!;
      expect(low.bucket).toBeLessThan(high.bucket);
      const percent = high.bucket; // low < percent, high is not
      expect((await call('rev01', 'PUT', '/apps/pct-app/rollout', { version: '2.0.0', percent })).statusCode).toBe(200);
      for (let i = 0; i < 3; i += 1) {
        expect(await versionIn(low.user, 'pct-app')).toBe('2.0.0');
        expect(await versionIn(high.user, 'pct-app')).toBe('1.0.0');
      }
      expect((await call('rev01', 'DELETE', '/apps/pct-app/rollout')).statusCode).toBe(204);
      expect(await versionIn(low.user, 'pct-app')).toBe('1.0.0');
    });

    it('hides an app from an org unit by an administrator override', async () => {
      await release({ id: 'vis-app' });
      const res = await call('rev01', 'PUT', '/apps/vis-app/visibility', { hiddenOrgUnitCodes: ['3340180'] });
      expect(res.statusCode, res.body).toBe(200);
      expect(await versionIn('kf01', 'vis-app')).toBeUndefined();
      expect((await feedOf('kf01')).importMap.imports['@wb-app/vis-app']).toBeUndefined();
      expect(await versionIn('yk01', 'vis-app')).toBe('1.0.0');
      expect((await call('rev01', 'PUT', '/apps/vis-app/visibility', { hiddenOrgUnitCodes: ['not-a-code'] })).statusCode).toBe(400);
    });
  });

  describe('应用市场 and home layout', () => {
    // Both tests use menu-app (a menu and a card); whichever runs first releases it.
    let menuApp: Promise<void> | undefined;
    const menuAppReleased = () =>
      (menuApp ??= release({
        id: 'menu-app',
        menus: [{ key: 'menu-app-home', title: '菜单应用', path: '/app/menu-app', order: 30 }],
        widgets: [{ id: 'menu-card', title: '菜单卡片' }],
      }));

    it('lists the apps a user may use and keeps an app out of their menu while it stays loadable', async () => {
      await menuAppReleased();
      // An app hidden from kf01's unit is not in kf01's market.
      await release({ id: 'market-hidden-app' });
      expect((await call('rev01', 'PUT', '/apps/market-hidden-app/visibility', { hiddenOrgUnitCodes: ['3340180'] })).statusCode).toBe(200);
      const market = marketAppSchema.array().parse((await call('yk01', 'GET', '/market')).json());
      expect(market.find((a) => a.id === 'menu-app')).toMatchObject({ inMenu: true, widgets: [{ id: 'menu-card', title: '菜单卡片' }] });
      expect(market.some((a) => a.id === 'market-hidden-app')).toBe(true);
      expect(marketAppSchema.array().parse((await call('kf01', 'GET', '/market')).json()).some((a) => a.id === 'market-hidden-app')).toBe(false);
      const off = await call('yk01', 'PUT', '/me/apps/menu-app', { inMenu: false });
      expect(off.statusCode, off.body).toBe(200);
      const feed = await feedOf('yk01');
      expect(feed.apps.find((a) => a.id === 'menu-app')).toMatchObject({ inMenu: false });
      expect(feed.importMap.imports['@wb-app/menu-app']).toBeDefined();
      expect(feed.menus.some((m) => m.appId === 'menu-app')).toBe(false);
      expect(feed.widgets.some((w) => w.appId === 'menu-app')).toBe(false);
      expect((await feedOf('yk02')).menus.some((m) => m.appId === 'menu-app')).toBe(true); // per user
      expect((await call('yk01', 'PUT', '/me/apps/menu-app', { inMenu: true })).statusCode).toBe(200);
      expect((await feedOf('yk01')).menus.some((m) => m.appId === 'menu-app')).toBe(true);
      expect((await call('kf01', 'PUT', '/me/apps/market-hidden-app', { inMenu: true })).statusCode).toBe(404);
    });

    it('saves, validates and resets a user layout, with per-post defaults', async () => {
      await menuAppReleased();
      const initial = layoutSchema.parse((await call('yk02', 'GET', '/me/layout')).json());
      expect(initial.source).toBe('default');
      expect(initial.items.some((i) => i.appId === 'menu-app' && i.widgetId === 'menu-card')).toBe(true);
      const items = [{ appId: 'menu-app', widgetId: 'menu-card', x: 6, y: 0, w: 6, h: 3 }];
      const saved = await call('yk02', 'PUT', '/me/layout', { items });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(layoutSchema.parse((await call('yk02', 'GET', '/me/layout')).json())).toEqual({ items, source: 'user' });
      const foreign = await call('yk02', 'PUT', '/me/layout', { items: [{ appId: 'menu-app', widgetId: 'no-such', x: 0, y: 0, w: 4, h: 2 }] });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().error.message).toContain('menu-app/no-such');
      expect((await call('yk02', 'PUT', '/me/layout', { items: [{ ...items[0], x: 8 }] })).statusCode).toBe(400); // beyond 12 columns
      const reset = layoutSchema.parse((await call('yk02', 'DELETE', '/me/layout')).json());
      expect(reset.source).not.toBe('user');
      // A post default applies to users of that post without their own layout.
      const post = (await t.db.query<{ code: string }>(
        `SELECT p.code FROM user_post up JOIN post p ON p.code = up.post_code JOIN sys_user u ON u.id = up.user_id WHERE u.username = 'yk02' LIMIT 1`,
      ))[0]?.code;
      expect(post).toBeDefined();
      const postItems = [{ appId: 'menu-app', widgetId: 'menu-card', x: 0, y: 0, w: 12, h: 2 }];
      expect((await call('yk02', 'PUT', `/layouts/posts/${post}`, { items: postItems })).statusCode).toBe(403);
      expect((await call('rev01', 'PUT', `/layouts/posts/${post}`, { items: postItems })).statusCode).toBe(200);
      expect((await call('rev01', 'GET', `/layouts/posts/${post}`)).json()).toEqual({ postCode: post, items: postItems });
      expect(layoutSchema.parse((await call('yk02', 'GET', '/me/layout')).json())).toEqual({ items: postItems, source: 'post' });
    });
  });

  describe('access (S2)', () => {
    const routes: Array<[InjectOptions['method'], string, string]> = [
      ['GET', '/apps', 'manage'],
      ['GET', '/categories', 'manage'],
      ['GET', '/apps/life-app', 'manage'],
      ['GET', '/apps/life-app/events', 'manage'],
      ['POST', '/versions', 'manage'],
      ['POST', '/apps/life-app/versions/1.0.0/submit', 'manage'],
      ['POST', '/apps/life-app/versions/1.0.0/approve', 'review'],
      ['POST', '/apps/life-app/versions/1.0.0/reject', 'review'],
      ['POST', '/apps/life-app/rollback', 'review'],
      ['POST', '/apps/life-app/offline', 'review'],
      ['POST', '/apps/life-app/online', 'review'],
      ['PUT', '/apps/life-app/rollout', 'review'],
      ['DELETE', '/apps/life-app/rollout', 'review'],
      ['POST', '/apps/life-app/rollout/promote', 'review'],
      ['PUT', '/apps/life-app/visibility', 'review'],
      ['GET', '/market', 'market'],
      ['PUT', '/me/apps/life-app', 'session'],
      ['GET', '/me/layout', 'session'],
      ['PUT', '/me/layout', 'session'],
      ['DELETE', '/me/layout', 'session'],
      ['GET', '/layouts/posts/P1', 'review'],
      ['PUT', '/layouts/posts/P1', 'review'],
    ];
    it.each(routes)('%s %s: 401 without a session, 403 without the permission', async (method, url, need) => {
      expect((await call(null, method, url, method === 'GET' || method === 'DELETE' ? undefined : {})).statusCode).toBe(401);
      if (need === 'session') return;
      // guest01 holds nothing; yk01 uses the market but manages nothing; dev01 manages (uploads, submits) but
      // neither reviews nor operates (issue 9 item 3, README "App store: who may do what").
      const denied = need === 'manage' ? 'yk01' : need === 'review' ? 'dev01' : 'guest01';
      expect((await call(denied, method, url, method === 'GET' || method === 'DELETE' ? undefined : {})).statusCode).toBe(403);
    });
  });

  describe('publish CLI', () => {
    let dir: string;
    let base: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'wb-publish-'));
      const dist = join(dir, 'cli-app', 'dist');
      await mkdir(dist, { recursive: true });
      for (const [path, bytes] of makeBundle({ id: 'cli-app', name: 'CLI 应用', category: '测试' })) await writeFile(join(dist, path), bytes);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });
    afterAll(async () => rm(dir, { recursive: true, force: true }));

    it('publishes an app folder and submits it for review against a listening server', async () => {
      const lines: string[] = [];
      const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(`ERR ${l}`) };
      const code = await publishCli([join(dir, 'cli-app'), '--server', base, '--submit'], { WB_USER: 'dev01', WB_PASSWORD: TEST_PASSWORD }, out);
      expect(lines.join('\n')).toContain('已提交审核：cli-app@1.0.0');
      expect(code).toBe(0);
      const detail = storeAppDetailSchema.parse((await call('rev01', 'GET', '/apps/cli-app')).json());
      expect(detail.versions[0]).toMatchObject({ status: 'IN_REVIEW', publishedBy: 'dev01' });
    });

    it('prints the server refusal and exits non-zero', async () => {
      const lines: string[] = [];
      const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
      const publish = () => publishCli([join(dir, 'cli-app'), '--server', base, '--user', 'dev01', '--password', TEST_PASSWORD], {}, out);
      // 1.0.0 is on the server (uploaded here, or already by the other test: the same bytes again are fine).
      expect(await publish()).toBe(0);
      const extra = join(dir, 'cli-app', 'dist', 'extra.js');
      await writeFile(extra, 'export const changed = true;');
      try {
        expect(await publish()).toBe(1);
      } finally {
        await rm(extra);
      }
      expect(lines.join('\n')).toContain('请提升版本号');
      expect(await publishCli([join(dir, 'cli-app'), '--server', base, '--user', 'guest01', '--password', TEST_PASSWORD], {}, out)).toBe(1);
      expect(await publishCli([join(dir, 'nothing-here'), '--user', 'x', '--password', 'y'], {}, out)).toBe(2);
    });
  });
});

describe('import-map overrides (dev overrides)', () => {
  const pageOf = async (t: TestApp, user: string) => {
    const res = await t.request({ method: 'GET', url: '/', cookie: await t.login(user) });
    expect(res.statusCode).toBe(200);
    return String(res.headers['content-security-policy']);
  };
  const feedFlag = async (t: TestApp, user: string) =>
    feedSchema.parse((await t.request({ method: 'GET', url: '/api/registry/feed', cookie: await t.login(user) })).json()).devOverrides;

  it('development mode with DEV_OVERRIDES: only holders of store:dev:override get them, and only their page allows the dev origins', async () => {
    const t = await createTestApp('pglite', { env: { DEV_OVERRIDES: '1', DEV_OVERRIDE_ORIGINS: 'http://localhost:5173' } });
    try {
      expect(await feedFlag(t, 'dev01')).toBe(true);
      expect(await feedFlag(t, 'yk01')).toBe(false);
      expect(await pageOf(t, 'dev01')).toMatch(/script-src [^;]*http:\/\/localhost:5173/);
      expect(await pageOf(t, 'yk01')).not.toContain('localhost:5173');
    } finally {
      await t.close();
    }
  }, 60_000);

  it('production mode never offers them nor relaxes the CSP, and refuses to start with DEV_OVERRIDES', async () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_OVERRIDES: '1' })).toThrow(/refused in production/);
    const t = await createTestApp('pglite', { env: { NODE_ENV: 'production' } });
    try {
      expect(await feedFlag(t, 'dev01')).toBe(false);
      expect(await feedFlag(t, 'admin')).toBe(false);
      const csp = await pageOf(t, 'dev01');
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('localhost:5173');
    } finally {
      await t.close();
    }
  }, 60_000);

  it('development mode without DEV_OVERRIDES keeps them off', async () => {
    const t = await createTestApp('pglite');
    try {
      expect(await feedFlag(t, 'dev01')).toBe(false);
      expect(await pageOf(t, 'dev01')).not.toContain('localhost:5173');
    } finally {
      await t.close();
    }
  }, 60_000);
});
