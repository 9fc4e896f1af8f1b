import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { marketAppSchema, publishResponseSchema, storeAppDetailSchema, storeAppSummarySchema } from '@wb/contracts/appstore';
import { appStoreHandlers, createAppStoreDataset, readZip, writeZip } from '../index.ts';
import { createMockServer } from '../node.ts';
import { errorOf } from '../testing.ts';

const API = '/api/svc/appstore/v1';
let data = createAppStoreDataset();
const server = createMockServer(...appStoreHandlers({ data, actor: 'rev01' }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  data = createAppStoreDataset();
  server.resetHandlers(...appStoreHandlers({ data, actor: 'rev01' }));
});
afterAll(() => server.close());

async function call(method: string, path: string, body?: unknown, contentType = 'application/json') {
  const raw = body instanceof Uint8Array;
  const response = await fetch(`${API}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body: body === undefined ? undefined : raw ? (body as BodyInit) : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as unknown };
}

const manifest = (version: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'fx-upload', name: '上传测试', version, entry: 'main.js', routes: ['/app/fx-upload'], ...extra });

describe('zip helpers', () => {
  it('reads back what writeZip wrote, including nested paths and binary content', async () => {
    const zip = writeZip([
      { path: 'manifest.json', content: '{"a":1}' },
      { path: 'assets/x.bin', content: new Uint8Array([0, 1, 2, 255]) },
    ]);
    const entries = await readZip(zip.buffer as ArrayBuffer);
    expect(entries.map((e) => e.path)).toEqual(['manifest.json', 'assets/x.bin']);
    expect(new TextDecoder().decode(entries[0]!.bytes)).toBe('{"a":1}');
    expect([...entries[1]!.bytes]).toEqual([0, 1, 2, 255]);
  });

  it('refuses what is not a zip, and a zip cut short', async () => {
    await expect(readZip(new TextEncoder().encode('not a zip at all').buffer as ArrayBuffer)).rejects.toThrow();
    const zip = writeZip([{ path: 'manifest.json', content: '{"a":1}' }]);
    await expect(readZip(zip.slice(0, zip.length - 10).buffer)).rejects.toThrow();
  });

  it('inflates deflated entries', async () => {
    // A zip with one deflated entry "a.txt" = "hello hello hello hello hello", made with the `zip` CLI.
    const b64 =
      'UEsDBBQAAAAIAOmte1320lM4CwAAAB0AAAAFAAAAYS50eHTLSM3JyVfIwE4CAFBLAQIeAxQAAAAIAOmte1320lM4CwAAAB0AAAAFAAAAAAAAAAEAAACkgQAAAABhLnR4dFBLBQYAAAAAAQABADMAAAAuAAAAAAA=';
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const [entry] = await readZip(bytes.buffer);
    expect(entry?.path).toBe('a.txt');
    expect(new TextDecoder().decode(entry!.bytes)).toBe('hello hello hello hello hello');
  });
});

describe('appstore mock', () => {
  it('filters the catalogue by q, category and status, in the contract shape', async () => {
    const all = (await call('GET', '/apps')).body as unknown[];
    expect(all.map((a) => storeAppSummarySchema.parse(a).id)).toEqual(['customer-archive', 'system-admin', 'bill-query', 'new-connection']);
    const inReview = (await call('GET', '/apps?status=IN_REVIEW')).body as Array<{ id: string; pendingReview: number }>;
    expect(inReview.map((a) => a.id)).toEqual(['customer-archive']);
    expect((await call('GET', '/apps?status=OFFLINE')).body).toMatchObject([{ id: 'bill-query' }]);
    expect((await call('GET', `/apps?category=${encodeURIComponent('业扩报装')}`)).body).toMatchObject([{ id: 'new-connection' }]);
    expect((await call('GET', `/apps?q=${encodeURIComponent('电费')}`)).body).toMatchObject([{ id: 'bill-query' }]);
  });

  it('stores an uploaded zip as a DRAFT with SHA-384 integrity, answers the same content idempotently and refuses other content', async () => {
    const zip = writeZip([{ path: 'dist/manifest.json', content: manifest('1.0.0') }, { path: 'dist/main.js', content: 'export {}' }]);
    const first = await call('POST', '/versions', zip, 'application/zip');
    expect(first.status).toBe(201);
    const body = publishResponseSchema.parse(first.body);
    expect(body).toMatchObject({ created: true, appId: 'fx-upload', version: '1.0.0', status: 'DRAFT' });
    const expected = Buffer.from(await crypto.subtle.digest('SHA-384', new TextEncoder().encode('export {}'))).toString('base64');
    expect(body.files.find((f) => f.path === 'main.js')).toEqual({ path: 'main.js', size: 9, integrity: `sha384-${expected}` });
    const again = await call('POST', '/versions', zip, 'application/zip');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false });
    const other = writeZip([{ path: 'manifest.json', content: manifest('1.0.0') }, { path: 'main.js', content: 'export const x = 1' }]);
    const refused = await call('POST', '/versions', other, 'application/zip');
    expect(refused.status).toBe(409);
    expect(errorOf(refused.body).message).toContain('已存在且内容不同');
  });

  it('names the reason of each refused upload', async () => {
    const notZip = await call('POST', '/versions', new TextEncoder().encode('hello'), 'application/zip');
    expect(errorOf(notZip.body).message).toBe('上传的文件不是有效的 zip 压缩包');
    const noEntry = await call('POST', '/versions', writeZip([{ path: 'manifest.json', content: manifest('1.0.0') }]), 'application/zip');
    expect(errorOf(noEntry.body).message).toBe('应用包缺少入口文件 main.js');
    const badVersion = await call('POST', '/versions', writeZip([{ path: 'manifest.json', content: manifest('v1') }, { path: 'main.js', content: '' }]), 'application/zip');
    expect(badVersion.status).toBe(400);
    expect(errorOf(badVersion.body).message).toContain('版本号必须是语义化版本');
  });

  it('runs the review lifecycle: submit, reviewer ≠ publisher, reject with a reason, approve makes current', async () => {
    const detail = async (id: string) => storeAppDetailSchema.parse((await call('GET', `/apps/${id}`)).body);
    expect((await call('POST', '/apps/customer-archive/versions/1.3.0/reject', { reason: '' })).status).toBe(400);
    expect((await call('POST', '/apps/customer-archive/versions/1.3.0/reject', { reason: '说明不全' })).status).toBe(204);
    expect((await detail('customer-archive')).versions[0]).toMatchObject({ status: 'DRAFT', rejectReason: '说明不全', reviewedBy: 'rev01' });
    expect((await call('POST', '/apps/customer-archive/versions/1.3.0/approve', {})).status).toBe(409);
    expect((await call('POST', '/apps/customer-archive/versions/1.3.0/submit', {})).status).toBe(204);
    expect((await call('POST', '/apps/customer-archive/versions/1.3.0/approve', { makeCurrent: true })).status).toBe(200);
    expect((await detail('customer-archive')).app.currentVersion).toBe('1.3.0');
    // rev01 uploads and may not approve their own upload.
    await call('POST', '/versions', writeZip([{ path: 'manifest.json', content: manifest('1.0.0') }, { path: 'main.js', content: '' }]), 'application/zip');
    await call('POST', '/apps/fx-upload/versions/1.0.0/submit', {});
    const own = await call('POST', '/apps/fx-upload/versions/1.0.0/approve', {});
    expect(own.status).toBe(403);
    expect(errorOf(own.body).message).toBe('不能审核自己上传的版本');
  });

  it('serves the 应用市场 and remembers the menu choice', async () => {
    const market = (await call('GET', '/market')).body as unknown[];
    const apps = market.map((m) => marketAppSchema.parse(m));
    expect(apps.map((a) => a.id)).toEqual(['customer-archive', 'system-admin']);
    expect(apps[0]).toMatchObject({ inMenu: true, widgets: [{ id: 'quick-search', title: '客户快速查询' }] });
    const put = await call('PUT', '/me/apps/customer-archive', { inMenu: false });
    expect(marketAppSchema.parse(put.body)).toMatchObject({ id: 'customer-archive', inMenu: false });
    expect(((await call('GET', '/market')).body as Array<{ inMenu: boolean }>)[0]?.inMenu).toBe(false);
  });
});
