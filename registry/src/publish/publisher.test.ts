import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { ErrorCode } from '@wb/contracts';
import { migrate, type AppError } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import { registryMigrations } from '../migrations.ts';
import { makeBundle, refusal } from '../testing.ts';
import { createPublisher } from './publisher.ts';
import type { Publisher } from './publisher.ts';

const platformVersions = { react: '19.2.0', 'react-dom': '19.2.0', antd: '6.6.8' };
const services = [{ name: 'customer', major: 1 }];

describe.each(testDbKinds())('publisher on %s', (kind) => {
  let db: Db;
  let publisher: Publisher;
  const changed: string[] = [];

  beforeAll(async () => {
    db = await createTestDb(kind);
    await migrate(db, registryMigrations);
    publisher = createPublisher({ db, platformVersions, sharedSpecifiers: new Set(['react', 'antd/es/button']), services, onCatalogueChanged: (id) => changed.push(id) });
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  describe('refusals', () => {
    it('refuses a manifest that violates the contract, naming the field in Chinese', async () => {
      const err = await refusal(publisher.publish({ files: makeBundle({ id: 'Bad_Id' }), actor: 'alice' }));
      expect(err.statusCode).toBe(400);
      expect(err.code).toBe(ErrorCode.BadRequest);
      expect(err.message).toContain('字段 id');
      expect(err.fields?.id).toMatch(/小写字母/);
    });

    it('refuses a bundle without manifest.json or with broken JSON', async () => {
      const files = makeBundle();
      files.delete('manifest.json');
      expect((await refusal(publisher.publish({ files, actor: 'alice' }))).message).toContain('缺少 manifest.json');
      files.set('manifest.json', new TextEncoder().encode('{not json'));
      expect((await refusal(publisher.publish({ files, actor: 'alice' }))).message).toContain('不是有效的 JSON');
    });

    it('refuses routes outside the app root', async () => {
      const err = await refusal(publisher.publish({ files: makeBundle({ id: 'rt', routes: ['/app/other'] }), actor: 'a' }));
      expect(err.message).toContain('/app/other');
    });

    it('refuses routes and menu paths that leave the app root through dot segments, encodings or backslashes (issue 9 item 6)', async () => {
      const escapes = ['/app/sec-probe/../system-admin', '/app/sec-probe/%2e%2e/system-admin', '/app/sec-probe\\..\\system-admin', '/app/sec-probe//x'];
      for (const route of escapes) {
        const err = await refusal(publisher.publish({ files: makeBundle({ id: 'sec-probe', routes: [route] }), actor: 'a' }));
        expect(err.statusCode, route).toBe(400);
        expect(err.message, route).toContain('路径');
        const menu = { key: 'm', title: '菜单', path: route };
        const menuErr = await refusal(publisher.publish({ files: makeBundle({ id: 'sec-probe', menus: [menu] }), actor: 'a' }));
        expect(menuErr.statusCode, route).toBe(400);
      }
      expect(await db.query(`SELECT 1 FROM registry_version WHERE app_id = 'sec-probe'`)).toEqual([]);
    });

    it('refuses a shared range the platform cannot satisfy, naming package and versions', async () => {
      const err = await refusal(publisher.publish({ files: makeBundle({ shared: { react: '^19', antd: '^7' } }), actor: 'a' }));
      expect(err.statusCode).toBe(400);
      expect(err.message).toBe('应用要求 antd ^7，平台提供 6.6.8：请把 shared.antd 改为 ^6 并用 antd 6 重新构建');
      const missing = await refusal(publisher.publish({ files: makeBundle({ shared: { vue: '^3' } }), actor: 'a' }));
      expect(missing.message).toContain('vue');
    });

    it('refuses an unknown service and an unavailable major', async () => {
      const unknown = await refusal(publisher.publish({ files: makeBundle({ services: [{ name: 'billing', version: '^1' }] }), actor: 'a' }));
      expect(unknown.message).toContain('billing');
      const major = await refusal(publisher.publish({ files: makeBundle({ services: [{ name: 'customer', version: '^2' }] }), actor: 'a' }));
      expect(major.message).toBe('应用要求服务 customer ^2，平台提供 v1');
    });

    it('refuses bundles over the size budget with 413', async () => {
      const big = new Uint8Array(1024 * 1024 + 1);
      const file = await refusal(publisher.publish({ files: makeBundle({}, { 'big.js': big }), actor: 'a' }));
      expect(file.statusCode).toBe(413);
      expect(file.code).toBe(ErrorCode.PayloadTooLarge);
      expect(file.message).toContain('big.js');
      const parts = { 'a.js': new Uint8Array(800_000), 'b.js': new Uint8Array(800_000), 'c.js': new Uint8Array(800_000) };
      const total = await refusal(publisher.publish({ files: makeBundle({}, parts), actor: 'a' }));
      expect(total.statusCode).toBe(413);
      expect(total.message).toContain('JavaScript 总大小');
    });

    it('refuses a missing entry file', async () => {
      const files = makeBundle({ entry: 'main.js' });
      files.delete('main.js');
      const err = await refusal(publisher.publish({ files, actor: 'a' }));
      expect(err.message).toBe('入口文件 main.js 不在应用包中');
    });

    it.each(['../evil.js', '/abs.js', 'a//b.js', 'dir/./x.js', 'sp ace.js', 'back\\slash.js', 'ü.js'])(
      'refuses the unsafe path %j',
      async (path) => {
        const err = await refusal(publisher.publish({ files: makeBundle({}, { [path]: 'x' }), actor: 'a' }));
        expect(err.statusCode).toBe(400);
        expect(err.message).toContain('文件路径不安全');
      },
    );

    it('audits refusals with who and why, and stores nothing', async () => {
      await refusal(publisher.publish({ files: makeBundle({ id: 'refused-app', shared: { antd: '^7' } }), actor: 'mallory' }));
      const events = await db.query<{ actor: string; detail: { code: string } }>(
        "SELECT actor, detail FROM registry_event WHERE action = 'publish-refused' AND app_id = 'refused-app'",
      );
      expect(events).toEqual([{ actor: 'mallory', detail: expect.objectContaining({ code: ErrorCode.BadRequest }) }]);
      expect(await db.query("SELECT 1 FROM registry_app WHERE id = 'refused-app'")).toHaveLength(0);
    });
  });

  describe('storing', () => {
    it('stores files by content hash with sha384 integrity; without approval the version is a draft', async () => {
      const files = makeBundle({ id: 'store-app', permissions: [{ key: 'store:app:use', name: '使用', type: 'APP' }] }, { 'lib/util.js': 'export const u = 1;\n' });
      const r = await publisher.publish({ files, actor: 'alice' });
      expect(r).toMatchObject({ created: true, appId: 'store-app', version: '1.0.0', status: 'DRAFT', current: false });
      const util = r.files.find((f) => f.path === 'lib/util.js');
      expect(util?.integrity).toBe(`sha384-${createHash('sha384').update('export const u = 1;\n').digest('base64')}`);
      const blobs = await db.query<{ hash: string }>(
        "SELECT f.blob_hash AS hash FROM registry_version_file f WHERE app_id = 'store-app' AND path = 'lib/util.js'",
      );
      expect(blobs[0]?.hash).toBe(createHash('sha256').update('export const u = 1;\n').digest('hex'));
      const perms = await db.query("SELECT key, type FROM registry_permission WHERE app_id = 'store-app'");
      expect(perms).toEqual([{ key: 'store:app:use', type: 'APP' }]);
      const app = await db.query<{ current_version: string | null }>("SELECT current_version FROM registry_app WHERE id = 'store-app'");
      expect(app[0]?.current_version).toBeNull();
    });

    it('stores a file shared by two versions once', async () => {
      const shared = { 'vendor.js': 'export const shared = "same bytes";\n' };
      await publisher.publish({ files: makeBundle({ id: 'dedup-app', version: '1.0.0' }, shared), actor: 'a' });
      await publisher.publish({ files: makeBundle({ id: 'dedup-app', version: '1.1.0' }, shared), actor: 'a' });
      const hash = createHash('sha256').update(shared['vendor.js']).digest('hex');
      expect(await db.query('SELECT 1 FROM registry_blob WHERE hash = $1', [hash])).toHaveLength(1);
      expect(await db.query("SELECT 1 FROM registry_version_file WHERE app_id = 'dedup-app' AND blob_hash = $1", [hash])).toHaveLength(2);
    });

    it('auto-approved versions become current, never downgrade, and notify the feed', async () => {
      const v2 = await publisher.publish({ files: makeBundle({ id: 'auto-app', version: '2.0.0' }), actor: 'system', autoApprove: true });
      expect(v2).toMatchObject({ created: true, status: 'PUBLISHED', current: true });
      expect(changed).toContain('auto-app');
      const v1 = await publisher.publish({ files: makeBundle({ id: 'auto-app', version: '1.5.0' }), actor: 'system', autoApprove: true });
      expect(v1).toMatchObject({ created: true, status: 'PUBLISHED', current: false });
      const app = await db.query<{ current_version: string }>("SELECT current_version FROM registry_app WHERE id = 'auto-app'");
      expect(app[0]?.current_version).toBe('2.0.0');
    });
  });

  describe('versions are immutable', () => {
    it('republishing identical content is an idempotent success', async () => {
      const files = makeBundle({ id: 'idem-app' });
      const first = await publisher.publish({ files, actor: 'a', autoApprove: true });
      const again = await publisher.publish({ files: new Map([...files].reverse()), actor: 'b', autoApprove: true });
      expect(first.created).toBe(true);
      expect(again).toMatchObject({ created: false, digest: first.digest, status: 'PUBLISHED', current: true });
      expect(await db.query("SELECT 1 FROM registry_event WHERE action = 'publish' AND app_id = 'idem-app'")).toHaveLength(1);
    });

    it('the same version with other content is refused with 409', async () => {
      await publisher.publish({ files: makeBundle({ id: 'conflict-app' }), actor: 'a' });
      const err = await refusal(publisher.publish({ files: makeBundle({ id: 'conflict-app' }, { 'extra.js': '1' }), actor: 'a' }));
      expect(err.statusCode).toBe(409);
      expect(err.code).toBe(ErrorCode.Conflict);
      expect(err.message).toBe('版本 1.0.0 已发布且内容不同，请提升版本号');
    });

    it('of 10 concurrent publishes of one version exactly one creates it', async () => {
      const files = makeBundle({ id: 'race-app' }, { 'chunk.js': 'export const c = 1;\n' });
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => publisher.publish({ files, actor: `user${i}`, autoApprove: true })),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.digest)).size).toBe(1);
      expect(await db.query("SELECT 1 FROM registry_version_file WHERE app_id = 'race-app'")).toHaveLength(3);
    });

    it('of concurrent publishes of one version with different content one wins, the rest get 409', async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          publisher.publish({ files: makeBundle({ id: 'race2-app' }, { 'n.js': `export const n = ${i};` }), actor: 'a' }),
        ),
      );
      const ok = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as AppError] : []));
      expect(ok).toHaveLength(1);
      expect(refused.map((e) => e.statusCode)).toEqual([409, 409, 409, 409, 409]);
      expect(await db.query("SELECT 1 FROM registry_version_file WHERE app_id = 'race2-app'")).toHaveLength(3);
    });
  });
});
