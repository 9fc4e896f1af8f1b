/**
 * The iam mock (`@wb/mocks` iamHandlers, used by the 系统管理 dev harness and app tests) and the iam service
 * answer the role-grant edit the same way (ADR 0026): body 400 first, If-Match 428 / 400, 404, system role
 * 409, stale 412, and the new version as ETag.
 */
import { expect, it } from 'vitest';
import { iamHandlers } from '@wb/mocks';
import { describeContract, injectCaller, mockCaller, type ContractTargets } from '../testing/contract.ts';
import { IAM_BASE as BASE, createIamTestApp } from './testing.ts';

const targets: ContractTargets = {
  mock: async () => mockCaller(BASE, (baseUrl) => iamHandlers({ baseUrl })),
  service: async () => {
    const t = await createIamTestApp();
    return { call: injectCaller(t, BASE, { admin: t.admin }), close: () => t.close() };
  },
};

describeContract('iam', targets, (_target, call) => {
  it('edits a role’s grants under the one If-Match rule', async () => {
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
}, 60_000);
