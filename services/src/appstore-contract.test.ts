/**
 * The app-store mock (`@wb/mocks` appStoreHandlers, used by 应用管理's dev harness and app tests) and the app store
 * service (the registry's, through the composed app) answer the same scenarios the same way (ADR 0026, issue 18
 * item 4): an upload once per version (201, the same bundle 200, other content 409), the contract's shapes
 * (exactly the zod schema's keys), 400 naming the field for a bad path, query, body or If-Match, 404 for an unknown
 * app, the review's refusals in the server's order (body before the self-review rule), and the app's ETag guarding
 * its settings (stale 412; each edit moves it). Both sides act as `admin`, who uploads and reviews.
 */
import { zipSync } from 'fflate';
import { expect, it } from 'vitest';
import type { z } from 'zod';
import { appStoreHandlers } from '@wb/mocks';
import { APPSTORE_SERVICE, publishResponseSchema, storeAppDetailSchema, storeAppSummarySchema } from '@wb/contracts/appstore';
import { OPEN_ACCESS, makeBundle } from '@wb/registry/testing';
import { describeContract, injectCaller, mockCaller, type ContractTargets } from './testing/contract.ts';
import { createTestApp } from './testing/harness.ts';

const BASE = `/api/svc/${APPSTORE_SERVICE.name}/v${APPSTORE_SERVICE.major}`;
const ZIP = { 'content-type': 'application/zip' };

const targets: ContractTargets = {
  mock: async () => mockCaller(BASE, (baseUrl) => appStoreHandlers({ baseUrl, actor: 'admin', etags: true })),
  service: async () => {
    const t = await createTestApp('pglite');
    return { call: injectCaller(t, BASE, { admin: await t.login('admin') }), close: () => t.close() };
  },
};

const zipOf = (id: string, extra: Record<string, string> = {}): Uint8Array =>
  zipSync(Object.fromEntries(makeBundle({ id, name: '契约测试', category: '测试', owner: 'contract', access: OPEN_ACCESS }, extra)));
const keysOf = (schema: z.ZodObject): string[] => Object.keys(schema.shape).sort();
const sortedKeys = (o: unknown): string[] => Object.keys(o as object).sort();

// Each test uploads an app of its own (an id per test), so that none reads what another did.
describeContract('app store', targets, (_target, call) => {
  /** Uploads version 1.0.0 of the app `id` (a draft); returns the id. */
  const uploaded = async (id: string): Promise<string> => {
    const res = await call('admin', 'POST', '/versions', zipOf(id), ZIP);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return id;
  };

  it('publishes an upload once: 201 in the contract’s shape, the same bundle again 200, other content under its version 409', async () => {
    const APP = 'contract-app';
    const first = await call('admin', 'POST', '/versions', zipOf(APP), ZIP);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(sortedKeys(first.body)).toEqual(keysOf(publishResponseSchema));
    expect(first.body).toMatchObject({ created: true, appId: APP, version: '1.0.0', status: 'DRAFT', current: false });
    const again = await call('admin', 'POST', '/versions', zipOf(APP), ZIP);
    expect([again.status, again.body['created']]).toEqual([200, false]);
    const other = await call('admin', 'POST', '/versions', zipOf(APP, { 'extra.js': 'export const x = 1;\n' }), ZIP);
    expect([other.status, other.code]).toEqual([409, 'WB_ERR_CONFLICT']);
  });

  it('reads the app in the contract’s shapes with its ETag, and refuses a bad id, a bad query and an unknown app', async () => {
    const APP = await uploaded('contract-read');
    const detail = await call('admin', 'GET', `/apps/${APP}`);
    expect(detail.status).toBe(200);
    expect(sortedKeys(detail.body)).toEqual(keysOf(storeAppDetailSchema));
    expect(detail.etag).toMatch(/^"\d+"$/);
    const list = await call('admin', 'GET', `/apps?q=${APP}`);
    expect(list.status).toBe(200);
    const items = list.body as unknown as unknown[];
    expect(items).toHaveLength(1);
    expect(sortedKeys(items[0])).toEqual(keysOf(storeAppSummarySchema).filter((k) => k !== 'icon'));

    const badId = await call('admin', 'GET', '/apps/Bad_Id');
    expect([badId.status, badId.code, badId.fields]).toEqual([400, 'WB_ERR_BAD_REQUEST', ['id']]);
    const badQuery = await call('admin', 'GET', '/apps?status=BOGUS');
    expect([badQuery.status, badQuery.fields]).toEqual([400, ['status']]);
    for (const path of ['/apps/no-such-app', '/apps/no-such-app/events']) {
      const absent = await call('admin', 'GET', path);
      expect([absent.status, absent.code], path).toEqual([404, 'WB_ERR_NOT_FOUND']);
    }
  });

  it('reviews in the server’s order: submit 204; a reject without reason 400 before the self-review rule; the uploader may not approve (403)', async () => {
    const APP = await uploaded('contract-review');
    const submitted = await call('admin', 'POST', `/apps/${APP}/versions/1.0.0/submit`);
    expect(submitted.status).toBe(204);
    const noReason = await call('admin', 'POST', `/apps/${APP}/versions/1.0.0/reject`, {});
    expect([noReason.status, noReason.fields]).toEqual([400, ['reason']]);
    const own = await call('admin', 'POST', `/apps/${APP}/versions/1.0.0/approve`, { release: 'current' });
    expect([own.status, own.code]).toEqual([403, 'WB_ERR_NOT_ALLOWED']);
    const twice = await call('admin', 'POST', `/apps/${APP}/versions/1.0.0/submit`);
    expect([twice.status, twice.code]).toEqual([409, 'WB_ERR_CONFLICT']);
  });

  it('guards the app’s settings by its ETag: malformed If-Match 400, stale 412, and each edit moves the ETag', async () => {
    const APP = await uploaded('contract-etag');
    const etag = (await call('admin', 'GET', `/apps/${APP}`)).etag as string;
    const visibility = { hiddenOrgUnitCodes: ['3340180'], hiddenPostCodes: [] };
    const garbled = await call('admin', 'PUT', `/apps/${APP}/visibility`, visibility, { 'if-match': 'version one' });
    expect([garbled.status, garbled.fields]).toEqual([400, ['if-match']]);
    const stale = await call('admin', 'PUT', `/apps/${APP}/visibility`, visibility, { 'if-match': '"999"' });
    expect([stale.status, stale.code]).toEqual([412, 'WB_ERR_PRECONDITION_FAILED']);
    const absent = await call('admin', 'PUT', '/apps/no-such-app/visibility', visibility, { 'if-match': etag });
    expect([absent.status, absent.code]).toEqual([404, 'WB_ERR_NOT_FOUND']);
    const saved = await call('admin', 'PUT', `/apps/${APP}/visibility`, visibility, { 'if-match': etag });
    expect([saved.status, saved.body]).toEqual([200, visibility]);
    const after = await call('admin', 'GET', `/apps/${APP}`);
    expect(after.etag).not.toBe(etag);
    expect(after.body['visibility']).toEqual(visibility);
    // The edit made from the old page is now stale.
    const late = await call('admin', 'PUT', `/apps/${APP}/visibility`, { hiddenOrgUnitCodes: [], hiddenPostCodes: [] }, { 'if-match': etag });
    expect(late.status).toBe(412);
  });
}, 60_000);
