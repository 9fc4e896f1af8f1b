import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedSchema } from '@wb/contracts';
import type { Feed } from '@wb/contracts';
import { migrate } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import type { FastifyInstance } from 'fastify';
import { registryMigrations } from './migrations.ts';
import { buildTestApp } from './test-app.ts';
import type { TestApp } from './test-app.ts';
import { makeBundle } from './testing.ts';

const sri = (bytes: Buffer) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

function scriptText(html: string, openTag: string): string {
  const start = html.indexOf(openTag);
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start + openTag.length, html.indexOf('</script>', start));
}

async function feedOf(app: FastifyInstance, user: string): Promise<Feed> {
  const res = await app.inject({ url: '/api/registry/feed', headers: { 'x-test-user': user } });
  expect(res.statusCode).toBe(200);
  return feedSchema.parse(res.json());
}

describe.each(testDbKinds())('registry plugin on %s', (kind) => {
  let db: Db;
  let t: TestApp;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await createTestDb(kind);
    await migrate(db, registryMigrations);
    t = await buildTestApp(db);
    app = t.app;
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('bootstraps the app folders and declares access on every route', () => {
    expect(app.registry.bootstrap.map((r) => r.outcome)).toEqual(['created', 'created']);
    expect([...t.routeAccess].filter(([, access]) => access === undefined)).toEqual([]);
    expect(t.routeAccess.get('GET /api/registry/feed')).toBe('session');
    expect(t.routeAccess.get('GET /*')).toBe('public');
  });

  describe('feed API', () => {
    it('requires a session and is never cached', async () => {
      expect((await app.inject({ url: '/api/registry/feed' })).statusCode).toBe(401);
      const res = await app.inject({ url: '/api/registry/feed', headers: { 'x-test-user': 'plain' } });
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('lists only the apps the user may load, in apps and in the import map', async () => {
      const plain = await feedOf(app, 'plain');
      expect(plain.apps.map((a) => a.id)).toEqual(['hello-world']);
      expect(JSON.stringify(plain.importMap)).not.toContain('secret-tool');
      const secret = await feedOf(app, 'secret');
      expect(secret.apps.map((a) => a.id)).toEqual(['hello-world', 'secret-tool']);
      expect(secret.menus.map((m) => m.key)).toEqual(['secret-list', 'hello-home']);
      expect(secret.importMap.imports['@wb-app/secret-tool']).toMatch(/^\/assets\/apps\/secret-tool\/[0-9a-f]{16}\/secret-tool-8e1a\.js$/);
      const admin = await feedOf(app, 'admin');
      expect(admin.menus.map((m) => m.key)).toEqual(['secret-list', 'hello-home', 'secret-admin']);
      expect(admin.widgets.map((w) => w.id)).toEqual(['hello-card', 'secret-stats']);
    });

    it('follows the request channel', async () => {
      const res = await app.inject({ url: '/api/registry/feed', headers: { 'x-test-user': 'secret', 'x-test-channel': 'mobile' } });
      expect(feedSchema.parse(res.json()).apps.map((a) => a.id)).toEqual(['hello-world']);
    });
  });

  describe('assets', () => {
    it('serves bytes whose sha384 equals the import-map integrity, for every module in the map', async () => {
      const feed = await feedOf(app, 'secret');
      const entries = Object.entries(feed.importMap.integrity);
      expect(entries.length).toBe(7); // 2 shared + 2 shell modules + hello entry + secret entry + its chunk
      for (const [url, integrity] of entries) {
        const res = await app.inject({ url });
        expect(res.statusCode, url).toBe(200);
        expect(sri(res.rawPayload), url).toBe(integrity);
      }
    });

    it('caches immutably with an ETag, answers 304 and serves the right content type', async () => {
      const url = (await feedOf(app, 'plain')).importMap.imports['@wb-app/hello-world'] ?? '';
      const res = await app.inject({ url });
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      const etag = String(res.headers.etag);
      expect(etag).toBe(`"${createHash('sha256').update(res.rawPayload).digest('hex')}"`);
      const again = await app.inject({ url, headers: { 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload.byteLength).toBe(0);
      const css = await app.inject({ url: '/assets/shell/style-0e0e.css' });
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    });

    it('compresses with brotli or gzip when accepted and keeps the bytes identical', async () => {
      const url = '/assets/shared/antd-es-button-9c2e.js';
      const plain = await app.inject({ url });
      const gz = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate' } });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers.vary).toContain('Accept-Encoding');
      expect(gz.rawPayload.byteLength).toBeLessThan(plain.rawPayload.byteLength);
      expect(gunzipSync(gz.rawPayload).equals(plain.rawPayload)).toBe(true);
      const br = await app.inject({ url, headers: { 'accept-encoding': 'gzip, br' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);
      const refused = await app.inject({ url, headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
      expect(refused.headers['content-encoding']).toBeUndefined();
      const revalidated = await app.inject({ url, headers: { 'accept-encoding': 'gzip', 'if-none-match': String(gz.headers.etag) } });
      expect(revalidated.statusCode).toBe(304);
    });

    it.each([
      '/assets/shared/not-listed.js',
      '/assets/shared/..%2F..%2Fpackage.json',
      '/assets/shell/..%2Fshared%2Freact-f1x7.js',
      '/assets/shell/shell.json',
      '/assets/apps/hello-world/0000000000000000/hello-world-2f9c.js',
      '/assets/apps/hello-world/zz/hello-world-2f9c.js',
      '/assets/apps/Hello/0000000000000000/x.js',
      '/assets/unknown',
    ])('answers %s with a JSON 404, never HTML', async (url) => {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).not.toContain('text/html');
    });
  });

  describe('shell HTML', () => {
    it('renders the page with import map, feed and the integrity-checked shell entry', async () => {
      const res = await app.inject({ url: '/' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      const html = res.body;
      expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
      expect(html).toContain('<title>电力营销全业务集约管控平台</title>');
      expect(html).toContain('<div id="wb-root">');
      const shell = app.registry.platform.shell.files.find((f) => f.file === 'main-4b1d.js');
      expect(html).toContain(`<script type="module" src="/assets/shell/main-4b1d.js" integrity="${shell?.integrity}" crossorigin="anonymous"></script>`);
      const feed = feedSchema.parse(JSON.parse(scriptText(html, '<script id="wb-feed" type="application/json">')));
      expect(feed.user).toBeNull();
      expect(feed.apps).toEqual([]);
      const map = JSON.parse(scriptText(html, '<script type="importmap">')) as Feed['importMap'];
      expect(map).toEqual(feed.importMap);
    });

    it('hands the import map hash to the CSP (Chromium applies script-src to inline import maps)', async () => {
      const res = await app.inject({ url: '/app/hello-world/x', headers: { 'x-test-user': 'plain' } });
      const text = scriptText(res.body, '<script type="importmap">');
      const hash = `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
      const nonce = /<meta name="wb-csp-nonce" content="([A-Za-z0-9+/]{22}==)">/.exec(res.body)?.[1];
      // The hash admits the inline map; the per-response nonce admits the maps the shell adds after a post switch.
      expect(res.headers['x-test-csp-script-src']).toBe(`${hash} 'nonce-${nonce}'`);
      expect(text).toContain('@wb-app/hello-world');
      const again = await app.inject({ url: '/app/hello-world/x', headers: { 'x-test-user': 'plain' } });
      expect(again.body).not.toContain(`content="${nonce}"`);
    });

    it('sends a signed-in user from a channel login page to that channel home', async () => {
      const res = await app.inject({ url: '/m/login?returnTo=%2Fapp%2Fx', headers: { 'x-test-user': 'plain' } });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/m/');
    });

    it('escapes feed strings so that none can close the script element', async () => {
      const evil = '</script><script>alert(1)</script><!--';
      // Under a permission only the administrator (*) holds: out of the feeds the other tests read.
      await app.registry.publisher.publish({
        files: makeBundle({ id: 'evil-app', description: evil, access: { permissions: ['evil:app:use'] } }),
        actor: 'system',
        autoApprove: true,
      });
      const res = await app.inject({ url: '/', headers: { 'x-test-user': 'admin' } });
      expect(res.body).not.toContain('<script>alert');
      expect(res.body).not.toContain('<!--');
      expect(res.body.match(/<\/script>/g)).toHaveLength(3);
      const feed = feedSchema.parse(JSON.parse(scriptText(res.body, '<script id="wb-feed" type="application/json">')));
      expect(feed.apps.find((a) => a.id === 'evil-app')?.description).toBe(evil);
    });

    it('sends a signed-in user from /login to /, an anonymous one gets the page', async () => {
      const signedIn = await app.inject({ url: '/login', headers: { 'x-test-user': 'plain' } });
      expect(signedIn.statusCode).toBe(302);
      expect(signedIn.headers.location).toBe('/');
      expect((await app.inject({ url: '/login?next=/app/x' })).headers['content-type']).toContain('text/html');
    });

    it('keeps unknown /api paths JSON 404s for every method', async () => {
      for (const method of ['GET', 'POST'] as const) {
        const res = await app.inject({ method, url: '/api/nope', headers: { 'x-test-user': 'plain' } });
        expect(res.statusCode).toBe(404);
        expect(res.headers['content-type']).toContain('application/json');
      }
      expect((await app.inject({ url: '/api' })).statusCode).toBe(404);
    });
  });
});
