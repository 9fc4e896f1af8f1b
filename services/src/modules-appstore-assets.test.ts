/**
 * Issue 9 item 1, docs/quality.md S17 (ADR 0016): files of a version that is not PUBLISHED are served only to its
 * uploader and to reviewers, with a session and never cached; HTML is refused at upload; no asset URL runs
 * script as a document on the product's origin (everything but JS and CSS is sandboxed, all is nosniff).
 */
import { describe, expect, it } from 'vitest';
import { publishResponseSchema } from '@wb/contracts/appstore';
import type { ManifestInput } from '@wb/contracts';
import { makeBundle, zipOf } from '@wb/registry/testing';
import { testDbKinds } from '@wb/server-kit/testing';
import { createTestApp } from './testing/harness.ts';
import { suiteApp } from './testing/suite.ts';

const STORE = '/api/svc/appstore/v1';
const SANDBOX = /^sandbox(;|$)/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const PRIVATE = 'private, no-store';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>';

const bundle = (manifest: Partial<ManifestInput>, extra: Record<string, string>): Buffer => zipOf(makeBundle({ category: '测试', ...manifest }, extra));

describe.each(testDbKinds())('unreviewed bundles and asset headers on %s', (kind) => {
  const t = suiteApp(() => createTestApp(kind));
  const cookies: Record<string, string> = {};
  const as = async (user: string) => (cookies[user] ??= await t.login(user));
  const get = async (user: string | null, url: string) => t.request({ method: 'GET', url, ...(user ? { cookie: await as(user) } : {}) });
  const post = async (user: string, url: string, payload: object | Buffer) =>
    t.request({
      method: 'POST',
      url: `${STORE}${url}`,
      cookie: await as(user),
      ...(Buffer.isBuffer(payload) ? { payload, headers: { 'content-type': 'application/zip' } } : { payload }),
    });

  /** dev01 uploads a draft; returns the base URL of its files. */
  async function draft(id: string, extra: Record<string, string>): Promise<string> {
    const res = await post('dev01', '/versions', bundle({ id }, extra));
    expect(res.statusCode, res.body).toBe(201);
    const body = publishResponseSchema.parse(res.json());
    expect(body.status).toBe('DRAFT');
    return `/assets/apps/${id}/${body.digest.slice(0, 16)}`;
  }


  it('refuses HTML (and other types a micro-app does not need) at upload, in Chinese, storing nothing', async () => {
    const refused = [['x.html', '<script src="x.js"></script>'], ['docs/INDEX.HTM', '<p>'], ['a.xhtml', '<p/>'], ['run.sh', 'rm']] as const;
    // The legacy test below stores an HTML blob of its own by SQL: count what this one adds.
    const htmlBlobs = async () => (await t.db.query(`SELECT 1 FROM registry_blob WHERE content_type LIKE 'text/html%'`)).length;
    const before = await htmlBlobs();
    for (const [file, body] of refused) {
      const res = await post('dev01', '/versions', bundle({ id: 'html-probe' }, { [file]: body, 'x.js': 'export {}' }));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('WB_ERR_BAD_REQUEST');
      expect(res.json().error.message).toContain(file);
      expect(res.json().error.message).toMatch(/不允许的文件类型/);
    }
    expect(await t.db.query(`SELECT 1 FROM registry_version WHERE app_id = 'html-probe'`)).toEqual([]);
    expect(await htmlBlobs()).toBe(before);
  });

  it('serves a draft only to its uploader and reviewers, with a session, never cached', async () => {
    const base = await draft('draft-probe', { 'x.js': 'fetch("/api/svc/iam/v1/users", { method: "POST" });', 'logo.svg': SVG });
    for (const user of [null, 'kf01', 'guest01', 'yk01']) {
      const res = await get(user, `${base}/x.js`);
      expect(res.statusCode, `${user ?? 'anonymous'}`).toBe(404);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).not.toContain('fetch(');
    }
    for (const user of ['dev01', 'rev01', 'admin']) {
      const res = await get(user, `${base}/x.js`);
      expect(res.statusCode, user).toBe(200);
      expect(res.headers['cache-control']).toBe(PRIVATE);
    }
    // Submitted: still unreviewed.
    expect((await post('dev01', '/apps/draft-probe/versions/1.0.0/submit', {})).statusCode).toBe(204);
    expect((await get(null, `${base}/x.js`)).statusCode).toBe(404);
    expect((await get('rev01', `${base}/x.js`)).headers['cache-control']).toBe(PRIVATE);
    // Another developer's upload is not theirs to see: a second developer account.
    await t.db.query(
      `INSERT INTO sys_user (id, username, display_name, password_hash, org_unit_code)
         SELECT gen_random_uuid(), 'dev02', '第二开发', password_hash, org_unit_code FROM sys_user WHERE username = 'dev01'`,
    );
    await t.db.query(`INSERT INTO user_role (user_id, role_key, granted_by) SELECT id, 'APP_DEVELOPER', 'test' FROM sys_user WHERE username = 'dev02'`);
    expect((await get('dev02', `${base}/x.js`)).statusCode).toBe(404);
  });

  it('serves a version once PUBLISHED to anyone, immutably cached, and keeps serving it after a rollback', async () => {
    const base = await draft('pub-probe', { 'x.js': 'export const v = 1;' });
    expect((await post('dev01', '/apps/pub-probe/versions/1.0.0/submit', {})).statusCode).toBe(204);
    expect((await post('rev01', '/apps/pub-probe/versions/1.0.0/approve', {})).statusCode).toBe(200);
    const res = await get(null, `${base}/x.js`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    // A newer version becomes current; the old one is still served (rollback target, open pages).
    const v2 = await post('dev01', '/versions', bundle({ id: 'pub-probe', version: '2.0.0' }, { 'x.js': 'export const v = 2;' }));
    expect(v2.statusCode).toBe(201);
    expect((await post('dev01', '/apps/pub-probe/versions/2.0.0/submit', {})).statusCode).toBe(204);
    expect((await post('rev01', '/apps/pub-probe/versions/2.0.0/approve', {})).statusCode).toBe(200);
    expect((await get(null, `${base}/x.js`)).statusCode).toBe(200);
    // An app taken offline keeps its reviewed files reachable (open pages, going online again).
    expect((await post('rev01', '/apps/pub-probe/offline', {})).statusCode).toBe(200);
    expect((await get(null, `${base}/x.js`)).statusCode).toBe(200);
  });

  it('sandboxes every asset that is not JavaScript or CSS, SVG included, and sends nosniff on all', async () => {
    const base = await draft('type-probe', { 'x.js': 'export {}', 'x.css': 'a{}', 'logo.svg': SVG, 'data.json': '{}', 'x.js.map': '{}' });
    expect((await post('dev01', '/apps/type-probe/versions/1.0.0/submit', {})).statusCode).toBe(204);
    expect((await post('rev01', '/apps/type-probe/versions/1.0.0/approve', {})).statusCode).toBe(200);
    for (const file of ['logo.svg', 'data.json', 'x.js.map', 'manifest.json']) {
      const res = await get(null, `${base}/${file}`);
      expect(res.statusCode, file).toBe(200);
      expect(String(res.headers['content-security-policy']), file).toMatch(SANDBOX);
      expect(String(res.headers['content-security-policy']), file).toContain("default-src 'none'");
      expect(res.headers['x-content-type-options'], file).toBe('nosniff');
    }
    for (const file of ['x.js', 'x.css']) {
      const res = await get(null, `${base}/${file}`);
      expect(res.headers['x-content-type-options'], file).toBe('nosniff');
      expect(String(res.headers['content-security-policy']), file).not.toMatch(SANDBOX);
    }
    // The unreviewed SVG, seen by its uploader, is sandboxed too.
    const own = await draft('svg-probe', { 'logo.svg': SVG });
    const res = await get('dev01', `${own}/logo.svg`);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-security-policy'])).toMatch(SANDBOX);
  });

  it('sandboxes an HTML file stored before uploads refused it', async () => {
    const base = await draft('legacy-probe', { 'x.js': 'export {}' });
    const [version] = await t.db.query<{ digest: string }>(`SELECT digest FROM registry_version WHERE app_id = 'legacy-probe'`);
    await t.db.query(`UPDATE registry_version SET status = 'PUBLISHED' WHERE app_id = 'legacy-probe'`);
    await t.db.query(
      `INSERT INTO registry_blob (hash, bytes, size, content_type) VALUES (repeat('a', 64), convert_to('<script>alert(1)</script>', 'UTF8'), 25, 'text/html')`,
    );
    await t.db.query(
      `INSERT INTO registry_version_file (app_id, version, path, blob_hash, integrity, size) VALUES ('legacy-probe', '1.0.0', 'x.html', repeat('a', 64), 'sha384-x', 25)`,
    );
    expect(version).toBeDefined();
    const res = await get('admin', `${base}/x.html`);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-security-policy'])).toMatch(SANDBOX);
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'");
  });
});
