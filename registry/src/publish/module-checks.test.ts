import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ErrorCode } from '@wb/contracts';
import { migrate } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import { registryMigrations } from '../migrations.ts';
import { LIFECYCLE_SOURCE, makeBundle, refusal } from '../testing.ts';
import { readBundleDir } from './bundle.ts';
import { loadVersionDetail } from '../catalogue/queries.ts';
import { toFeedEntry } from '../feed/import-map.ts';
import { readModuleFacts } from './module-facts.ts';
import { createPublisher } from './publisher.ts';
import type { Publisher } from './publisher.ts';

/**
 * Issue 11 items 1–3 and 5 at upload (ADR 0023): module format, imports against the platform's shared
 * modules, the lifecycle exports, what-to-change messages and the upload's warnings.
 */
const platformVersions = { react: '19.3.1', 'react-dom': '19.3.1', antd: '6.6.8' };
const sharedSpecifiers = new Set(['react', 'react/jsx-runtime', 'react-dom/client', 'antd/es/button']);
const fixture = (name: string): string => fileURLToPath(new URL(`../../test-fixtures/apps/${name}`, import.meta.url));
const open = { anyPermissions: ['store:market:use'] };

/** A bundle whose entry has `source` instead of the default lifecycles. */
function withEntry(id: string, source: string, extra: Record<string, string> = {}): Map<string, Uint8Array> {
  return makeBundle({ id, access: open }, { [`${id}-entry.js`]: source, ...extra });
}

describe('readModuleFacts', () => {
  it('reads the dependency array and the _export names of a System.register module', () => {
    const facts = readModuleFacts(`System.register(["react", "./a.js"], function (_export, _context) {
      return { execute: function () { _export("mount", mount); _export({ bootstrap, 'unmount': u }); _context.import('./lazy.js'); } };
    });`);
    expect(facts.format).toBe('systemjs');
    expect(facts.imports).toEqual(['react', './a.js', './lazy.js']);
    expect(facts.exports.sort()).toEqual(['bootstrap', 'mount', 'unmount']);
  });

  it('tells ES modules from scripts', () => {
    expect(readModuleFacts('export const a = 1;').format).toBe('esm');
    expect(readModuleFacts('(function (root) { root.app = {}; })(this);').format).toBeNull();
  });
});

describe.each(testDbKinds())('upload checks on %s', (kind) => {
  let db: Db;
  let publisher: Publisher;
  const stored = async (appId: string) => db.query<{ format: string }>('SELECT format FROM registry_version WHERE app_id = $1', [appId]);

  beforeAll(async () => {
    db = await createTestDb(kind);
    await migrate(db, registryMigrations);
    publisher = createPublisher({ db, platformVersions, sharedSpecifiers, services: [] });
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it('refuses an import the platform does not provide, naming it and advising to bundle it; nothing is stored', async () => {
    const err = await refusal(publisher.publish({ files: await readBundleDir(fixture('router-app')), actor: 'dev' }));
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe(ErrorCode.BadRequest);
    expect(err.message).toContain('react-router-dom');
    expect(err.message).toContain('打包进应用');
    expect(err.fields).toEqual({ imports: 'react-router-dom' });
    expect(await stored('router-app')).toEqual([]);
  });

  it('checks every chunk, and refuses URLs, absolute paths and missing relative files', async () => {
    const chunk = (source: string) => withEntry('chunky', `${LIFECYCLE_SOURCE}import('./chunks/a.js');`, { 'chunks/a.js': source });
    expect((await refusal(publisher.publish({ files: chunk("import 'lodash';"), actor: 'dev' }))).message).toContain('chunks/a.js 引用了 lodash');
    expect((await refusal(publisher.publish({ files: chunk("import 'https://cdn.example.com/x.js';"), actor: 'dev' }))).message).toContain('应用包之外');
    expect((await refusal(publisher.publish({ files: chunk("import '/assets/shared/react.js';"), actor: 'dev' }))).message).toContain('应用包之外');
    expect((await refusal(publisher.publish({ files: chunk("import './missing.js';"), actor: 'dev' }))).message).toContain('./missing.js 不在应用包中');
    const ok = await publisher.publish({ files: chunk("import { jsx } from 'react/jsx-runtime'; import '../chunky-entry.js'; export { jsx };"), actor: 'dev' });
    expect(ok.created).toBe(true);
    expect(ok.format).toBe('esm');
  });

  it('refuses a sub-module of a shared package the import map does not list', async () => {
    const err = await refusal(publisher.publish({ files: withEntry('sub-module', `${LIFECYCLE_SOURCE}import 'react-dom/server';`), actor: 'dev' }));
    expect(err.message).toContain('react-dom/server');
  });

  it('requires the entry to export bootstrap, mount and unmount, through re-exports too', async () => {
    const err = await refusal(publisher.publish({ files: withEntry('no-unmount', 'export async function bootstrap() {}\nexport async function mount() {}\n'), actor: 'dev' }));
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain('没有导出 unmount');
    const reExported = withEntry('re-export', "export * from './lifecycles.js';", { 'lifecycles.js': LIFECYCLE_SOURCE });
    expect((await publisher.publish({ files: reExported, actor: 'dev' })).created).toBe(true);
  });

  it('refuses an entry that is neither an ES module nor System.register, naming the accepted formats', async () => {
    const umd = withEntry('umd-app', '(function (root, factory) { root.umdApp = factory(); })(this, function () { return { mount() {} }; });');
    const err = await refusal(publisher.publish({ files: umd, actor: 'dev' }));
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain('ES 模块');
    expect(err.message).toContain('System.register');
  });

  it('accepts a System.register app and records its format (the shell runs it, ADR 0040)', async () => {
    const result = await publisher.publish({ files: await readBundleDir(fixture('system-hello')), actor: 'dev' });
    expect(result).toMatchObject({ created: true, status: 'DRAFT', format: 'systemjs' });
    expect(result.warnings).toEqual([]);
    expect(await stored('system-hello')).toEqual([{ format: 'systemjs' }]);
    // Its dependencies are checked as an ES module's imports are.
    const files = await readBundleDir(fixture('system-hello'));
    const entry = 'system-hello-5d1e.js';
    const source = new TextDecoder().decode(files.get(entry)).replace("['react']", "['react', 'react-router-dom']");
    files.set(entry, new TextEncoder().encode(source));
    files.set('manifest.json', new TextEncoder().encode(new TextDecoder().decode(files.get('manifest.json')).replace('1.0.0', '1.0.1')));
    expect((await refusal(publisher.publish({ files, actor: 'dev' }))).message).toContain('react-router-dom');
  });

  it('publishes a System.register app without review too (first start): the shell runs it', async () => {
    const files = await readBundleDir(fixture('system-hello'));
    files.set('manifest.json', new TextEncoder().encode(new TextDecoder().decode(files.get('manifest.json')).replace('system-hello', 'system-auto').replace('/app/system-hello', '/app/system-auto')));
    const result = await publisher.publish({ files, actor: 'system', autoApprove: true });
    expect(result).toMatchObject({ created: true, status: 'PUBLISHED', current: true, format: 'systemjs' });
  });

  it('says what to change when a shared range does not fit the platform', async () => {
    const err = await refusal(publisher.publish({ files: makeBundle({ id: 'react18', shared: { react: '^18.3.1' } }), actor: 'dev' }));
    expect(err.message).toBe('应用要求 react ^18.3.1，平台提供 19.3.1：请把 shared.react 改为 ^19 并用 react 19 重新构建');
    expect(err.fields).toEqual({ 'shared.react': '平台提供 19.3.1，请改为 ^19' });
  });

  it('warns that an app without access is for administrators only, and about shared modules used without a range', async () => {
    const closed = await publisher.publish({ files: makeBundle({ id: 'closed-app' }), actor: 'dev' });
    expect(closed.warnings.map((w) => w.code)).toEqual(['ACCESS_CLOSED']);
    expect(closed.warnings[0]?.message).toContain('只有平台管理员可见');
    const undeclared = await publisher.publish({ files: withEntry('uses-antd', `${LIFECYCLE_SOURCE}import 'antd/es/button';`), actor: 'dev' });
    expect(undeclared.warnings).toEqual([{ code: 'SHARED_UNDECLARED', message: expect.stringContaining('"antd": "^6"') as string }]);
  });

  it('warns that an icon the workbench does not draw shows the default one, naming those it does', async () => {
    const menus = [
      { key: 'a', title: '甲', path: '/app/odd-icons', icon: 'RocketOutlined' },
      { key: 'b', title: '乙', path: '/app/odd-icons/b', icon: 'ShopOutlined' },
    ];
    const result = await publisher.publish({ files: makeBundle({ id: 'odd-icons', access: open, icon: 'RocketOutlined', menus }), actor: 'dev' });
    expect(result.warnings.map((w) => w.code)).toEqual(['ICON_UNKNOWN']);
    expect(result.warnings[0]?.message).toMatch(/^工作台没有图标 RocketOutlined，.*CustomerServiceOutlined/);
  });

  describe('stylesheets (ADR 0041)', () => {
    const LEAKY = '*{margin:0}body{line-height:2}.fx-title{color:red}';
    const storedCss = async (appId: string) => {
      const rows = await db.query<{ bytes: Uint8Array }>(
        `SELECT b.bytes FROM registry_version_file f JOIN registry_blob b ON b.hash = f.blob_hash WHERE f.app_id = $1 AND f.path LIKE '%.css'`,
        [appId],
      );
      return rows.map((r) => new TextDecoder().decode(r.bytes));
    };

    it('scopes every stylesheet under the app root when the manifest asks for it, and the feed lists it with integrity', async () => {
      const files = makeBundle({ id: 'scoped-css', access: open, styles: { scope: 'app' } }, { 'assets/app.css': LEAKY });
      const result = await publisher.publish({ files, actor: 'dev', autoApprove: true });
      expect(result.warnings).toEqual([]);
      const scope = '[data-wb-app="scoped-css"]';
      expect(await storedCss('scoped-css')).toEqual([`${scope} *{margin:0}${scope}{line-height:2}${scope} .fx-title{color:red}`]);
      // The same upload again is the same version (the scoped bytes are deterministic).
      expect((await publisher.publish({ files, actor: 'dev', autoApprove: true })).created).toBe(false);
      const detail = await loadVersionDetail(db, 'scoped-css', '1.0.0');
      const entry = toFeedEntry(detail!, (url) => url);
      const css = result.files.find((f) => f.path === 'assets/app.css');
      expect(entry.app.styles).toEqual([{ href: expect.stringMatching(/^\/assets\/apps\/scoped-css\/[^/]+\/assets\/app\.css$/) as string, integrity: css?.integrity }]);
      expect(entry.app.format).toBeUndefined();
    });

    it('keeps an unscoped stylesheet as written and warns when it restyles the whole page', async () => {
      const result = await publisher.publish({ files: makeBundle({ id: 'global-css', access: open }, { 'assets/app.css': LEAKY }), actor: 'dev' });
      expect(result.warnings).toEqual([{ code: 'CSS_GLOBAL', message: expect.stringContaining('"styles": { "scope": "app" }') as string }]);
      expect(await storedCss('global-css')).toEqual([LEAKY]);
      const quiet = await publisher.publish({ files: makeBundle({ id: 'local-css', access: open }, { 'a.css': '.x{color:red}' }), actor: 'dev' });
      expect(quiet.warnings).toEqual([]);
    });

    it('gives the feed entry of a System.register version its format', async () => {
      const files = await readBundleDir(fixture('system-hello'));
      files.set('manifest.json', new TextEncoder().encode(new TextDecoder().decode(files.get('manifest.json')).replace('"system-hello"', '"system-feed"').replace('/app/system-hello', '/app/system-feed')));
      await publisher.publish({ files, actor: 'dev', autoApprove: true });
      const entry = toFeedEntry((await loadVersionDetail(db, 'system-feed', '1.0.0'))!, (url) => url);
      expect(entry.app.format).toBe('systemjs');
      expect(entry.app.styles).toBeUndefined();
      expect(entry.integrity.map(([url]) => url.split('/').slice(-2).join('/')).sort()).toEqual(['chunks/label-7a2c.js', expect.stringMatching(/system-hello-5d1e\.js$/) as string].sort());
    });
  });
});
