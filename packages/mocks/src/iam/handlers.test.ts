import { describe, expect, it } from 'vitest';
import { adminUserSchema, auditEntrySchema, orgUnitSchema, pageOf, permissionNodeSchema, roleSchema } from '@wb/contracts';
import { IMPORT_SHEETS, bulkResultSchema, effectivePermissionsSchema, importJobSchema, orgUnitChangeSchema } from '@wb/contracts/iam-admin';
import type { ImportJob } from '@wb/contracts/iam-admin';
import { createIamDataset, iamHandlers } from '../index.ts';
import { errorOf, setUpMockService } from '../testing.ts';
import { writeXlsx } from './xlsx.ts';

const API = '/api/svc/iam/v1';
const mock = setUpMockService(API, createIamDataset, (data) => iamHandlers({ data }));
const call = mock.call;
/** The id of a demo account (uuids, as the service's). */
const idOf = (username: string): string => mock.data().users.find((u) => u.username === username)!.id;

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
    const yk01 = idOf('yk01');
    const backwards = await call('POST', `/users/${yk01}/posts`, assign);
    expect(errorOf(backwards.body).fields).toEqual({ validTo: '结束日期必须晚于开始日期' });
    const created = await call('POST', `/users/${yk01}/posts`, { ...assign, validTo: null });
    expect(created.status).toBe(201);
    expect((await call('POST', `/users/${yk01}/posts`, { ...assign, validTo: null })).status).toBe(409);
    const id = (created.body as { id: string }).id;
    expect((await call('DELETE', `/users/${yk01}/posts/${id}`)).status).toBe(204);
    expect(mock.data().users.find((u) => u.id === yk01)?.posts.map((p) => p.postCode)).toEqual(['YK_ACCEPT']);
  });

  it('resets a password and ends sessions at the custom-method paths', async () => {
    expect((await call('POST', `/users/${idOf('kf01')}/password:reset`, { newPassword: 'short' })).status).toBe(400);
    expect((await call('POST', `/users/${idOf('kf01')}/password:reset`, { newPassword: 'Jiangzhou#2026!' })).status).toBe(204);
    expect(mock.data().users.find((u) => u.username === 'kf01')).toMatchObject({ mustChangePassword: true, activeSessions: 0 });
    const ended = await call('POST', `/users/${idOf('admin')}/sessions:end`);
    expect(ended.body).toEqual({ ended: 1 });
    expect(mock.data().audit.at(-1)).toMatchObject({ action: 'iam.user.sessions.end', target: 'admin' });
  });

  it('refuses disabling your own account', async () => {
    const self = await call('PUT', `/users/${idOf('admin')}/status`, { status: 'disabled' });
    expect(errorOf(self.body).fields).toEqual({ status: '不能停用自己的账号' });
  });
});

describe('iam mock: org tree administration', () => {
  const unit = (code: string) => mock.data().orgUnits.find((o) => o.code === code);

  it('moves a unit with its subtree and refuses what the service refuses', async () => {
    const moved = await call('POST', '/org-units/3340101/move', { parentCode: '3340180' });
    expect(orgUnitChangeSchema.parse(moved.body)).toMatchObject({ unit: { parentCode: '3340180', path: '/33401/3340180/3340101' }, movedUnits: 4, movedUsers: 0 });
    expect(unit('334010102')?.path).toBe('/33401/3340180/3340101/334010102');
    const into = await call('POST', '/org-units/3340180/move', { parentCode: '334010101' });
    expect([into.status, errorOf(into.body).fields]).toEqual([400, { parentCode: '不能移动到本单位或其下级单位' }]);
    expect(errorOf((await call('POST', '/org-units/33401/move', { parentCode: '3340102' })).body).fields).toEqual({ parentCode: '根单位不能移动' });
    expect((await call('POST', '/org-units/999999999/move', { parentCode: '3340102' })).status).toBe(404);
    expect(errorOf((await call('POST', '/org-units/12/move', { parentCode: '3340102' })).body).fields).toEqual({ code: '单位编码应为 5 到 11 位数字' });
  });

  it('renames a unit and its copies; refuses to disable a unit people work in, merges it instead', async () => {
    expect(orgUnitSchema.parse((await call('PUT', '/org-units/3340180', { name: '江州客服中心', type: 'SERVICE_CENTER' })).body).name).toBe('江州客服中心');
    expect(mock.data().users.find((u) => u.username === 'kf01')).toMatchObject({ orgUnitName: '江州客服中心', posts: [{ orgUnitName: '江州客服中心' }] });
    const busy = await call('PUT', '/org-units/334010101/status', { status: 'disabled' });
    expect([busy.status, errorOf(busy.body).code]).toEqual([409, 'WB_ERR_CONFLICT']);
    const merged = orgUnitChangeSchema.parse((await call('POST', '/org-units/334010101/merge', { intoCode: '334010102' })).body);
    expect(merged).toMatchObject({ unit: { status: 'disabled', parentCode: '334010102' }, movedUnits: 1, movedUsers: 1 });
    expect(mock.data().users.find((u) => u.username === 'yk01')).toMatchObject({ orgUnitCode: '334010102', posts: [{ orgUnitCode: '334010102' }] });
    const user = await call('POST', '/users', { username: 'hebing01', displayName: '合并', orgUnitCode: '334010101', initialPassword: 'Qiu-yue-Lan-7461' });
    expect(errorOf(user.body).fields).toEqual({ orgUnitCode: '所属单位不存在或已停用' });
    expect((await call('PUT', '/org-units/334010103/status', { status: 'disabled' })).status).toBe(200);
    expect(errorOf((await call('POST', '/org-units', { code: '33401030001', name: '新点', type: 'STATION', parentCode: '334010103' })).body).fields).toEqual({ parentCode: '上级单位已停用' });
  });
});

describe('iam mock: user filters, bulk actions, effective permissions', () => {
  const usernames = async (query: string) => pageOf(adminUserSchema).parse((await call('GET', `/users?${query}`)).body).items.map((u) => u.username);

  it('filters by unit with its subtree, post and role held, and last login', async () => {
    expect(await usernames('orgUnitCode=3340101')).toEqual(['yk01']);
    expect(await usernames('postCode=KF_AGENT')).toEqual(['kf01']);
    expect(await usernames('roleKey=CUST_VIEWER')).toEqual(['mgr01', 'yk01', 'kf01']);
    expect(await usernames('lastLogin=never')).toEqual(['guest01']);
    expect(errorOf((await call('GET', '/users?lastLogin=soon')).body).fields).toEqual({ lastLogin: '最近登录条件不正确' });
  });

  it('disables in bulk, never the administrator’s own account; ends sessions in bulk; ids are uuids', async () => {
    const ids = ['kf01', 'yk01', 'admin'].map(idOf);
    const result = bulkResultSchema.parse((await call('POST', '/users/bulk-status', { ids, status: 'disabled' })).body);
    expect(result).toEqual({ changed: 2, skipped: [{ username: 'admin', reason: '不能停用自己的账号' }] });
    expect(await usernames('status=disabled')).toEqual(['yk01', 'kf01']);
    expect(bulkResultSchema.parse((await call('POST', '/users/bulk-end-sessions', { ids: [idOf('admin')] })).body)).toEqual({ changed: 1, skipped: [] });
    expect(errorOf((await call('POST', '/users/bulk-status', { ids: ['u-kf01'], status: 'active' })).body).fields).toEqual({ 'ids.0': '用户标识不正确' });
  });

  it('explains where each permission comes from', async () => {
    const explained = effectivePermissionsSchema.parse((await call('GET', `/users/${idOf('kf01')}/effective-permissions`)).body);
    expect(explained.activePost).toMatchObject({ code: 'KF_AGENT', orgUnitCode: '3340180' });
    expect(explained.roles.map((r) => [r.role, r.source, r.postCode])).toEqual([
      ['CUST_VIEWER', 'direct', null],
      ['CUST_VIEWER', 'post', 'KF_AGENT'],
    ]);
    expect(explained.effective).toEqual(['cust:archive:view']);
    expect(explained.dataScopes).toEqual([{ resourceType: 'cons', role: 'CUST_VIEWER', scopeType: 'ORG_AND_CHILD', orgUnits: [] }]);
    expect((await call('GET', '/users/nobody/effective-permissions')).status).toBe(404);
  });
});

describe('iam mock: bulk import', () => {
  const HEADERS = { orgUnits: ['单位编码', '单位名称', '单位类型', '上级单位编码'], users: ['用户名', '姓名', '所属单位编码'], posts: ['用户名', '岗位编码', '任职单位编码', '开始日期', '结束日期', '主岗（是/否）'] };
  const workbook = async (lines: { orgUnits?: string[][]; users?: string[][]; posts?: string[][] }): Promise<string> => {
    const bytes = await writeXlsx({
      [IMPORT_SHEETS.orgUnits]: [HEADERS.orgUnits, ...(lines.orgUnits ?? [])],
      [IMPORT_SHEETS.users]: [HEADERS.users, ...(lines.users ?? [])],
      [IMPORT_SHEETS.posts]: [HEADERS.posts, ...(lines.posts ?? [])],
    });
    return btoa(String.fromCharCode(...bytes));
  };
  /** Starts an import (202) and waits for its end. */
  const imported = async (content: string): Promise<ImportJob> => {
    const started = await call('POST', '/imports', { fileName: '新供电所.xlsx', content, initialPassword: 'Jiangzhou#2026!' });
    expect(importJobSchema.parse(started.body)).toMatchObject({ status: 'running', phase: 'read' });
    expect(started.status).toBe(202);
    const id = (started.body as ImportJob).id;
    let job: ImportJob | undefined;
    await expect.poll(async () => (job = importJobSchema.parse((await call('GET', `/imports/${id}`)).body)).status).not.toBe('running');
    return job!;
  };

  it('writes every line of a valid workbook: a new unit, its user and a post', async () => {
    const job = await imported(
      await workbook({
        orgUnits: [['334010104', '江北东城供电所', '供电所', '3340101']],
        users: [['yk05', '吴志强', '334010104']],
        posts: [['yk05', 'YK_SURVEY', '334010104', '2026-12-01', '', '是']],
      }),
    );
    expect(job).toMatchObject({ status: 'succeeded', phase: 'done', total: 3, done: 3, counts: { orgUnits: 1, users: 1, posts: 1 }, issues: [] });
    const user = mock.data().users.find((u) => u.username === 'yk05');
    expect(user).toMatchObject({ orgUnitName: '江北东城供电所', mustChangePassword: true, posts: [{ postCode: 'YK_SURVEY', validFrom: '2026-11-30T16:00:00.000Z', primary: true }] });
    expect(mock.data().audit.at(-1)).toMatchObject({ action: 'iam.import', target: '新供电所.xlsx', result: 'success' });
  });

  it('writes nothing when a line is refused, and says which line and why', async () => {
    const job = await imported(
      await workbook({
        orgUnits: [['334010104', '江北东城供电所', '供电站', '3340101']],
        users: [['kf01', '重名', '3340180'], ['yk06', '郑雪', '334010104']],
        posts: [['yk06', 'NO_POST', '334010101', '', '', '']],
      }),
    );
    expect(job.status).toBe('failed');
    expect(job.issues.map((i) => [i.sheet, i.row])).toEqual([['单位', 2], ['用户', 2], ['用户', 3], ['岗位任职', 2]]);
    expect(job.issues[1]?.message).toBe('用户名 kf01 已存在');
    expect(mock.data().users.some((u) => u.username === 'yk06')).toBe(false);
  });

  it('refuses what is no workbook as a failed job, a bad body with 400, an unknown job with 404', async () => {
    const job = await imported(btoa('not a zip'));
    expect(job.issues).toEqual([{ sheet: '—', row: 0, message: '无法读取文件，请上传由模板填写的 Excel（.xlsx）文件' }]);
    const bad = await call('POST', '/imports', { fileName: '', content: '%%', initialPassword: 'x' });
    expect(Object.keys(errorOf(bad.body).fields ?? {}).sort()).toEqual(['content', 'fileName']);
    expect((await call('GET', '/imports/3f0e1d6a-8f4b-4c2e-9a57-1b2c3d4e5f60')).status).toBe(404);
  });
});
