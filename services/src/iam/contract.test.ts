/**
 * The iam mock (`@wb/mocks` iamHandlers, used by the 系统管理 dev harness and app tests) and the iam service
 * answer the role-grant edit the same way (ADR 0026): body 400 first, If-Match 428 / 400, 404, system role
 * 409, stale 412, and the new version as ETag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamHandlers } from '@wb/mocks';
import { IAM_SERVICE } from '@wb/contracts';
import { defaultServices } from '../modules.ts';
import { injectCaller, mockCaller, type Caller } from '../testing/contract.ts';
import { TEST_SCRYPT_N, createTestApp } from '../testing/harness.ts';

const BASE = `/api/svc/${IAM_SERVICE.name}/v${IAM_SERVICE.major}`;

interface Target {
  call: Caller;
  close(): Promise<void> | void;
}

const targets: Array<[string, () => Promise<Target>]> = [
  ['the mock', async () => mockCaller(BASE, (baseUrl) => iamHandlers({ baseUrl }))],
  [
    'the service',
    async () => {
      const t = await createTestApp('pglite', { services: defaultServices({ iam: { scryptN: TEST_SCRYPT_N } }) });
      return { call: injectCaller(t, BASE, { admin: await t.login('admin') }), close: () => t.close() };
    },
  ],
];

describe.each(targets)('iam contract: %s', (_name, open) => {
  let target: Target;
  beforeAll(async () => {
    target = await open();
  }, 60_000);
  afterAll(async () => target?.close());

  it('edits a role’s grants under the one If-Match rule', async () => {
    const call = target.call;
    const created = await call('admin', 'POST', '/roles', { key: 'CONTRACT_ROLE', name: '契约测试角色' });
    expect([created.status, created.etag]).toEqual([201, '"1"']);
    const grants = { permissions: ['cust:archive:view'], dataScopes: [], conferredByPosts: [] };
    const path = '/roles/CONTRACT_ROLE/grants';
    expect((await call('admin', 'PUT', path, { permissions: 'all' }, { 'if-match': '"1"' })).status).toBe(400);
    const missing = await call('admin', 'PUT', path, grants);
    expect([missing.status, missing.code]).toEqual([428, 'WB_ERR_PRECONDITION_REQUIRED']);
    const malformed = await call('admin', 'PUT', path, grants, { 'if-match': 'abc' });
    expect([malformed.status, malformed.fields]).toEqual([400, ['if-match']]);
    expect((await call('admin', 'PUT', '/roles/NO_SUCH_ROLE/grants', grants, { 'if-match': '"1"' })).status).toBe(404);
    expect((await call('admin', 'PUT', '/roles/PLATFORM_ADMIN/grants', grants, { 'if-match': '"1"' })).status).toBe(409);
    const stale = await call('admin', 'PUT', path, grants, { 'if-match': '"7"' });
    expect([stale.status, stale.code]).toEqual([412, 'WB_ERR_PRECONDITION_FAILED']);
    const saved = await call('admin', 'PUT', path, grants, { 'if-match': '"1"' });
    expect([saved.status, saved.etag]).toEqual([200, '"2"']);
    const again = await call('admin', 'PUT', path, grants, { 'if-match': '"1"' });
    expect(again.status).toBe(412);
  });
});
