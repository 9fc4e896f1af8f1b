import { describe, expect, it } from 'vitest';
import { adminUserSchema, auditEntrySchema, orgUnitSchema, pageOf, permissionNodeSchema, roleSchema } from '@wb/contracts';
import { createIamDataset, iamHandlers } from '../index.ts';
import { errorOf, setUpMockService } from '../testing.ts';

const API = '/api/svc/iam/v1';
const mock = setUpMockService(API, createIamDataset, (data) => iamHandlers({ data }));
const call = mock.call;

describe('iam mock: seed and reads', () => {
  it('serves the org tree with materialized paths and every item matches the contract', async () => {
    const { body } = await call('GET', '/org-units');
    const units = (body as unknown[]).map((u) => orgUnitSchema.parse(u));
    expect(units.find((u) => u.code === '334010101')).toMatchObject({ name: '江北城关供电所', path: '/33401/3340101/334010101' });
    const permissions = ((await call('GET', '/permissions')).body as unknown[]).map((p) => permissionNodeSchema.parse(p));
    expect(permissions.map((p) => p.key)).toEqual(expect.arrayContaining(['cust:archive:view', 'sys:admin:manage']));
  });

  it('searches and pages users', async () => {
    const { body } = await call('GET', '/users?q=kf&pageSize=1');
    const page = pageOf(adminUserSchema).parse(body);
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 1 });
    expect(page.items[0]?.username).toBe('kf01');
  });

  it('filters the audit log, newest first', async () => {
    const { body } = await call('GET', '/audit?actor=kf01&result=failure');
    const page = pageOf(auditEntrySchema).parse(body);
    expect(page.total).toBe(2);
    expect(page.items[0]!.at > page.items[1]!.at).toBe(true);
    expect((await call('GET', '/audit?result=maybe')).status).toBe(400);
  });
});

describe('iam mock: writes', () => {
  it('refuses an invalid user with 400 and per-field messages, a duplicate with 409', async () => {
    const bad = await call('POST', '/users', { username: 'X', displayName: '', orgUnitCode: '12', initialPassword: '' });
    expect(bad.status).toBe(400);
    expect(Object.keys(errorOf(bad.body).fields ?? {}).sort()).toEqual(['displayName', 'initialPassword', 'orgUnitCode', 'username']);
    const dup = await call('POST', '/users', { username: 'kf01', displayName: '重名', orgUnitCode: '3340180', initialPassword: 'Jiangzhou#2026!' });
    expect(dup.status).toBe(409);
    expect(errorOf(dup.body).fields).toEqual({ username: '用户名已存在' });
  });

  it('creates a user who must change the password, and audits it', async () => {
    const created = await call('POST', '/users', { username: 'kf02', displayName: '新人', orgUnitCode: '3340180', initialPassword: 'Jiangzhou#2026!' });
    expect(created.status).toBe(201);
    expect(adminUserSchema.parse(created.body)).toMatchObject({ mustChangePassword: true, orgUnitName: '江州客户服务中心' });
    expect(mock.data().audit.at(-1)).toMatchObject({ action: 'iam.user.create', target: 'kf02', result: 'success' });
  });

  it('guards role grants with If-Match: 412 when stale, new version and ETag when current', async () => {
    const grants = { permissions: ['cust:archive:view'], dataScopes: [{ resourceType: 'cons', scopeType: 'ORG' }], conferredByPosts: [] };
    const stale = await call('PUT', '/roles/CUST_VIEWER/grants', grants, { 'if-match': '"7"' });
    expect(stale.status).toBe(412);
    expect(errorOf(stale.body).code).toBe('WB_ERR_PRECONDITION_FAILED');
    const saved = await call('PUT', '/roles/CUST_VIEWER/grants', grants, { 'if-match': '"1"' });
    expect(saved.status).toBe(200);
    expect(saved.etag).toBe('"2"');
    expect(roleSchema.parse(saved.body).dataScopes).toEqual([{ resourceType: 'cons', scopeType: 'ORG', orgUnitCodes: [] }]);
    const unknown = await call('PUT', '/roles/CUST_VIEWER/grants', { ...grants, permissions: ['no:such:perm'] }, { 'if-match': '2' });
    expect(errorOf(unknown.body).fields).toEqual({ permissions: '权限不存在：no:such:perm' });
    expect((await call('PUT', '/roles/CUST_VIEWER/grants', grants)).status).toBe(428);
    expect((await call('PUT', '/roles/PLATFORM_ADMIN/grants', grants, { 'if-match': '"1"' })).status).toBe(409);
  });

  it('assigns a post once, refuses an end date before the start, and removes it', async () => {
    const assign = { postCode: 'YK_SURVEY', orgUnitCode: '334010101', validFrom: '2026-12-01', validTo: '2026-11-01' };
    const backwards = await call('POST', '/users/u-yk01/posts', assign);
    expect(errorOf(backwards.body).fields).toEqual({ validTo: '结束日期必须晚于开始日期' });
    const created = await call('POST', '/users/u-yk01/posts', { ...assign, validTo: null });
    expect(created.status).toBe(201);
    expect((await call('POST', '/users/u-yk01/posts', { ...assign, validTo: null })).status).toBe(409);
    const id = (created.body as { id: string }).id;
    expect((await call('DELETE', `/users/u-yk01/posts/${id}`)).status).toBe(204);
    expect(mock.data().users.find((u) => u.id === 'u-yk01')?.posts.map((p) => p.postCode)).toEqual(['YK_ACCEPT']);
  });

  it('resets a password and ends sessions at the custom-method paths', async () => {
    expect((await call('POST', '/users/u-kf01/password:reset', { newPassword: 'short' })).status).toBe(400);
    expect((await call('POST', '/users/u-kf01/password:reset', { newPassword: 'Jiangzhou#2026!' })).status).toBe(204);
    expect(mock.data().users.find((u) => u.id === 'u-kf01')).toMatchObject({ mustChangePassword: true, activeSessions: 0 });
    const ended = await call('POST', '/users/u-admin/sessions:end');
    expect(ended.body).toEqual({ ended: 1 });
    expect(mock.data().audit.at(-1)).toMatchObject({ action: 'iam.user.sessions.end', target: 'admin' });
  });

  it('refuses disabling your own account', async () => {
    const self = await call('PUT', '/users/u-admin/status', { status: 'disabled' });
    expect(errorOf(self.body).fields).toEqual({ status: '不能停用自己的账号' });
  });
});
