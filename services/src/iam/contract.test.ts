/**
 * The iam mock (`@wb/mocks` iamHandlers, used by the 系统管理 dev harness and app tests) and the iam service
 * answer every route 系统管理 calls the same way (ADR 0026): the role-grant edit (body 400 first, If-Match 428 /
 * 400, 404, system role 409, stale 412, the new version as ETag), the org tree's administration (edit, move,
 * disable, merge), new units and users in the service's order of refusals, the user filters, bulk actions and
 * effective permissions, and the bulk import job. Data differs (the mock's small dataset, the service's seed), so
 * the scenarios compare statuses, codes, fields and shapes, and values derived from the request, never figures.
 */
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import type { z } from 'zod';
import { iamHandlers } from '@wb/mocks';
import { adminUserSchema, orgUnitSchema, pageOf, postAssignmentSchema } from '@wb/contracts';
import { IMPORT_SHEETS, bulkResultSchema, effectivePermissionsSchema, importJobSchema, orgUnitChangeSchema, roleSourceSchema } from '@wb/contracts/iam-admin';
import { describeContract, injectCaller, mockCaller, type Answer, type Caller, type ContractTargets } from '../testing/contract.ts';
import { IAM_BASE as BASE, createIamTestApp } from './testing.ts';

const targets: ContractTargets = {
  mock: async () => mockCaller(BASE, (baseUrl) => iamHandlers({ baseUrl })),
  service: async () => {
    const t = await createIamTestApp();
    return { call: injectCaller(t, BASE, { admin: t.admin }), close: () => t.close() };
  },
};

const keysOf = (schema: z.ZodObject): string[] => Object.keys(schema.shape).sort();
const sortedKeys = (o: unknown): string[] => Object.keys(o as object).sort();
/** Status, code and the fields named (sorted) of an answer. */
const refusal = (a: Answer) => [a.status, a.code, [...a.fields].sort()];
const PASSWORD = 'Jiangzhou#2026!';
const UNKNOWN_UUID = '3f0e1d6a-8f4b-4c2e-9a57-1b2c3d4e5f60';

/** The id of the account `username` (the mock's and the service's differ). */
async function userId(call: Caller, username: string): Promise<string> {
  const page = await call('admin', 'GET', `/users?q=${username}&pageSize=100`);
  const user = (page.body['items'] as Array<{ id: string; username: string }>).find((u) => u.username === username);
  if (!user) throw new Error(`no user ${username}`);
  return user.id;
}

/** An onboarding workbook as the template lays it out (ExcelJS, as a clerk's Excel writes it), base64. */
async function workbook(lines: { orgUnits?: unknown[][]; users?: unknown[][]; posts?: unknown[][] }): Promise<string> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('说明').addRow(['批量导入说明']);
  const sheets: Array<[string, string[], unknown[][] | undefined]> = [
    [IMPORT_SHEETS.orgUnits, ['单位编码', '单位名称', '单位类型', '上级单位编码'], lines.orgUnits],
    [IMPORT_SHEETS.users, ['用户名', '姓名', '所属单位编码'], lines.users],
    [IMPORT_SHEETS.posts, ['用户名', '岗位编码', '任职单位编码', '开始日期', '结束日期', '主岗（是/否）'], lines.posts],
  ];
  for (const [name, header, rows] of sheets) book.addWorksheet(name).addRows([header, ...(rows ?? [])]);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

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

  it('edits and moves an org unit in the contract’s shapes; path 400, body 400, then 404, then the target’s 400', async () => {
    const edited = await call('admin', 'PUT', '/org-units/334010103', { name: '江北新桥供电所', type: 'STATION' });
    expect([edited.status, sortedKeys(edited.body)]).toEqual([200, keysOf(orgUnitSchema)]);
    expect(refusal(await call('admin', 'PUT', '/org-units/12', { name: '短码', type: 'STATION' }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['code']]);
    expect(refusal(await call('admin', 'PUT', '/org-units/999999999', { name: '', type: 'STATION' }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['name']]);
    expect(refusal(await call('admin', 'PUT', '/org-units/999999999', { name: '不存在', type: 'STATION' }))).toEqual([404, 'WB_ERR_NOT_FOUND', []]);

    const move = (code: string, body: object) => call('admin', 'POST', `/org-units/${code}/move`, body);
    expect(refusal(await move('334010103', {}))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['parentCode']]);
    expect(refusal(await move('999999999', { parentCode: '3340102' }))).toEqual([404, 'WB_ERR_NOT_FOUND', []]);
    for (const [code, parentCode] of [['334010103', '999999999'], ['33401', '3340102'], ['3340101', '334010101'], ['334010103', '3340101']]) {
      expect(refusal(await move(code!, { parentCode })), `${code} → ${parentCode}`).toEqual([400, 'WB_ERR_BAD_REQUEST', ['parentCode']]);
    }
    const moved = await move('334010103', { parentCode: '3340102' });
    expect([moved.status, sortedKeys(moved.body)]).toEqual([200, keysOf(orgUnitChangeSchema)]);
    expect(moved.body['unit']).toMatchObject({ code: '334010103', parentCode: '3340102', path: '/33401/3340102/334010103' });
    expect(sortedKeys(moved.body['unit'])).toEqual(keysOf(orgUnitSchema));
    expect(moved.body['movedUsers']).toBe(0);
    expect((await move('334010103', { parentCode: '3340101' })).status).toBe(200);
  });

  it('refuses to disable a unit people work in (409) or the root (400); merges it, then it takes no new people', async () => {
    const status = (code: string, value: string) => call('admin', 'PUT', `/org-units/${code}/status`, { status: value });
    expect(refusal(await status('334010101', 'disabled'))).toEqual([409, 'WB_ERR_CONFLICT', []]);
    expect(refusal(await status('33401', 'disabled'))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['status']]);
    expect(refusal(await status('334010101', 'closed'))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['status']]);

    const merge = (code: string, intoCode: string) => call('admin', 'POST', `/org-units/${code}/merge`, { intoCode });
    expect(refusal(await merge('334010202', '999999999'))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['intoCode']]);
    expect(refusal(await merge('3340102', '334010202'))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['intoCode']]);
    const merged = await merge('334010202', '334010201');
    expect([merged.status, sortedKeys(merged.body)]).toEqual([200, keysOf(orgUnitChangeSchema)]);
    expect(merged.body['unit']).toMatchObject({ code: '334010202', parentCode: '334010201', status: 'disabled', path: '/33401/3340102/334010201/334010202' });
    const newcomer = await call('admin', 'POST', '/users', { username: 'hebing01', displayName: '合并', orgUnitCode: '334010202', initialPassword: PASSWORD });
    expect(refusal(newcomer)).toEqual([400, 'WB_ERR_BAD_REQUEST', ['orgUnitCode']]);
    const child = await call('admin', 'POST', '/org-units', { code: '33401020201', name: '白沙营业点', type: 'BUSINESS_HALL', parentCode: '334010202' });
    expect(refusal(child)).toEqual([400, 'WB_ERR_BAD_REQUEST', ['parentCode']]);
    // Emptied by the merge, it may be enabled again.
    expect((await status('334010202', 'active')).status).toBe(200);
  });

  it('creates units and users with the service’s refusals in its order', async () => {
    const unit = { code: '334010204', name: '临川新区供电所', type: 'STATION', parentCode: '3340102' };
    expect(refusal(await call('admin', 'POST', '/org-units', { ...unit, code: '334020104' }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['code']]);
    expect(refusal(await call('admin', 'POST', '/org-units', { ...unit, parentCode: '999999999' }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['parentCode']]);
    const created = await call('admin', 'POST', '/org-units', unit);
    expect([created.status, sortedKeys(created.body)]).toEqual([201, keysOf(orgUnitSchema)]);
    expect(refusal(await call('admin', 'POST', '/org-units', unit))).toEqual([409, 'WB_ERR_CONFLICT', ['code']]);

    const user = { username: 'kf01', displayName: '重名', orgUnitCode: '999999999', initialPassword: 'short' };
    expect(refusal(await call('admin', 'POST', '/users', user))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['initialPassword']]);
    expect(refusal(await call('admin', 'POST', '/users', { ...user, initialPassword: PASSWORD }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['orgUnitCode']]);
    expect(refusal(await call('admin', 'POST', '/users', { ...user, initialPassword: PASSWORD, orgUnitCode: '334010204' }))).toEqual([409, 'WB_ERR_CONFLICT', ['username']]);
    const hired = await call('admin', 'POST', '/users', { ...user, username: 'lc04', initialPassword: PASSWORD, orgUnitCode: '334010204' });
    expect([hired.status, sortedKeys(hired.body)]).toEqual([201, keysOf(adminUserSchema)]);
    expect(hired.body).toMatchObject({ orgUnitName: '临川新区供电所', mustChangePassword: true, status: 'active' });
  });

  it('assigns and removes a post, sets status, resets a password and ends sessions: body 400 before 404, as the service', async () => {
    const yk01 = await userId(call, 'yk01');
    const assign = { postCode: 'YK_SURVEY', orgUnitCode: '334010102' };
    expect(refusal(await call('admin', 'POST', `/users/${UNKNOWN_UUID}/posts`, { ...assign, validFrom: '2026-12-01', validTo: '2026-11-01' }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['validTo']]);
    expect(refusal(await call('admin', 'POST', `/users/${UNKNOWN_UUID}/posts`, assign))).toEqual([404, 'WB_ERR_NOT_FOUND', []]);
    expect(refusal(await call('admin', 'POST', `/users/${yk01}/posts`, { ...assign, postCode: 'NO_POST' }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['postCode']]);
    expect(refusal(await call('admin', 'POST', `/users/${yk01}/posts`, { ...assign, orgUnitCode: '999999999' }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['orgUnitCode']]);
    const created = await call('admin', 'POST', `/users/${yk01}/posts`, assign);
    expect([created.status, sortedKeys(created.body)]).toEqual([201, keysOf(postAssignmentSchema)]);
    expect(created.body).toMatchObject({ ...assign, userId: yk01, validFrom: null, validTo: null, primary: false });
    expect(refusal(await call('admin', 'POST', `/users/${yk01}/posts`, assign))).toEqual([409, 'WB_ERR_CONFLICT', []]);
    const path = `/users/${yk01}/posts/${String(created.body['id'])}`;
    expect((await call('admin', 'DELETE', path)).status).toBe(204);
    expect(refusal(await call('admin', 'DELETE', path))).toEqual([404, 'WB_ERR_NOT_FOUND', []]);
    expect(refusal(await call('admin', 'DELETE', `/users/${yk01}/posts/not-an-assignment`))).toEqual([404, 'WB_ERR_NOT_FOUND', []]);

    expect(refusal(await call('admin', 'PUT', `/users/${UNKNOWN_UUID}/status`, { status: 'closed' }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['status']]);
    expect(refusal(await call('admin', 'PUT', `/users/${UNKNOWN_UUID}/status`, { status: 'disabled' }))).toEqual([404, 'WB_ERR_NOT_FOUND', []]);
    expect(refusal(await call('admin', 'PUT', `/users/${await userId(call, 'admin')}/status`, { status: 'disabled' }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['status']]);
    const enabled = await call('admin', 'PUT', `/users/${yk01}/status`, { status: 'active' });
    expect([enabled.status, sortedKeys(enabled.body)]).toEqual([200, keysOf(adminUserSchema)]);

    const guest = await userId(call, 'guest01');
    expect(refusal(await call('admin', 'POST', `/users/${guest}/password:reset`, { newPassword: 'short' }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['newPassword']]);
    expect(refusal(await call('admin', 'POST', `/users/${UNKNOWN_UUID}/password:reset`, { newPassword: PASSWORD }))).toEqual([404, 'WB_ERR_NOT_FOUND', []]);
    expect((await call('admin', 'POST', `/users/${guest}/password:reset`, { newPassword: PASSWORD })).status).toBe(204);
    const ended = await call('admin', 'POST', `/users/${guest}/sessions:end`);
    expect([ended.status, sortedKeys(ended.body)]).toEqual([200, ['ended']]);
  });

  it('filters users by unit with its subtree, post and last login; reads posts, expiries and alerts under the query rules', async () => {
    const page = async (query: string) => {
      const answer = await call('admin', 'GET', `/users?pageSize=100&${query}`);
      expect([answer.status, sortedKeys(answer.body)], query).toEqual([200, keysOf(pageOf(adminUserSchema))]);
      return answer.body['items'] as Array<{ username: string; orgUnitCode: string; posts: Array<{ postCode: string }> }>;
    };
    const county = await page('orgUnitCode=3340101');
    expect(county.map((u) => u.username)).toContain('yk01');
    expect(county.every((u) => u.orgUnitCode.startsWith('3340101'))).toBe(true);
    const agents = await page('postCode=KF_AGENT');
    expect(agents.map((u) => u.username)).toContain('kf01');
    expect(agents.every((u) => u.posts.some((p) => p.postCode === 'KF_AGENT'))).toBe(true);
    expect((await page('roleKey=NO_SUCH_ROLE')).length).toBe(0);
    await page('lastLogin=idle:30');
    expect(refusal(await call('admin', 'GET', '/users?lastLogin=soon'))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['lastLogin']]);
    expect(refusal(await call('admin', 'GET', '/users?team=1'))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['team']]);

    const posts = await call('admin', 'GET', '/posts');
    expect(sortedKeys((posts.body as unknown as unknown[])[0])).toEqual(['category', 'code', 'name', 'status']);
    expect((await call('admin', 'GET', '/post-assignments/expiring?days=30')).status).toBe(200);
    expect(refusal(await call('admin', 'GET', '/post-assignments/expiring?days=0'))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['days']]);
    expect((await call('admin', 'GET', '/audit/alerts?windowMinutes=60')).status).toBe(200);
    expect(refusal(await call('admin', 'GET', '/audit/alerts?windowMinutes=0'))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['windowMinutes']]);
  });

  it('explains a user’s effective permissions in the contract’s shape; 404 for nobody', async () => {
    const explained = await call('admin', 'GET', `/users/${await userId(call, 'kf01')}/effective-permissions`);
    expect([explained.status, sortedKeys(explained.body)]).toEqual([200, keysOf(effectivePermissionsSchema)]);
    const body = effectivePermissionsSchema.parse(explained.body);
    expect(body).toMatchObject({ username: 'kf01', activePost: { code: 'KF_AGENT' } });
    expect(sortedKeys(body.roles[0])).toEqual(keysOf(roleSourceSchema));
    expect(body.roles.some((r) => r.source === 'post' && r.postCode === 'KF_AGENT')).toBe(true);
    expect(body.effective.length).toBeGreaterThan(0);
    expect(refusal(await call('admin', 'GET', `/users/${UNKNOWN_UUID}/effective-permissions`))).toEqual([404, 'WB_ERR_NOT_FOUND', []]);
  });

  it('disables in bulk but never the administrator’s own account; takes user uuids only', async () => {
    const [guest, admin] = [await userId(call, 'guest01'), await userId(call, 'admin')];
    expect(refusal(await call('admin', 'POST', '/users/bulk-status', { ids: ['guest01'], status: 'disabled' }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['ids.0']]);
    expect(refusal(await call('admin', 'POST', '/users/bulk-status', { ids: [], status: 'disabled' }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['ids']]);
    const disabled = await call('admin', 'POST', '/users/bulk-status', { ids: [guest, admin, UNKNOWN_UUID], status: 'disabled' });
    expect([disabled.status, disabled.body]).toEqual([200, { changed: 1, skipped: [{ username: 'admin', reason: '不能停用自己的账号' }] }]);
    expect((await call('admin', 'POST', '/users/bulk-status', { ids: [guest], status: 'active' })).body).toEqual({ changed: 1, skipped: [] });
    const ended = await call('admin', 'POST', '/users/bulk-end-sessions', { ids: [guest] });
    expect([ended.status, sortedKeys(ended.body), ended.body['skipped']]).toEqual([200, keysOf(bulkResultSchema), []]);
  });

  it('imports a workbook as a job: 202 at once, then all lines written, or none with each refused line named', async () => {
    const run = async (content: string): Promise<Record<string, unknown>> => {
      const started = await call('admin', 'POST', '/imports', { fileName: '临川新区.xlsx', content, initialPassword: PASSWORD });
      expect([started.status, sortedKeys(started.body)], JSON.stringify(started.body)).toEqual([202, keysOf(importJobSchema)]);
      expect(started.body).toMatchObject({ status: 'running', phase: 'read', fileName: '临川新区.xlsx' });
      const id = String(started.body['id']);
      let job: Answer | undefined;
      await expect.poll(async () => (job = await call('admin', 'GET', `/imports/${id}`)).body['status'], { timeout: 20_000, interval: 50 }).not.toBe('running');
      expect(sortedKeys(job?.body)).toEqual(keysOf(importJobSchema));
      return job!.body;
    };
    const done = await run(
      await workbook({
        orgUnits: [['334010205', '临川东乡供电所', '供电所', '3340102']],
        users: [['lc05', '钱伟', '334010205']],
        // The end as a date cell (Excel's serial number), the start as text.
        posts: [['lc05', 'YK_SURVEY', '334010205', '2026-12-01', new Date(Date.UTC(2027, 5, 30)), '是']],
      }),
    );
    expect(done).toMatchObject({ status: 'succeeded', phase: 'done', total: 3, done: 3, counts: { orgUnits: 1, users: 1, posts: 1 }, issues: [] });
    const lc05 = await call('admin', 'GET', `/users/${await userId(call, 'lc05')}`);
    expect(lc05.body).toMatchObject({ orgUnitCode: '334010205', mustChangePassword: true, posts: [{ postCode: 'YK_SURVEY', validFrom: '2026-11-30T16:00:00.000Z', validTo: '2027-06-30T15:59:59.000Z', primary: true }] });

    const refused = await run(
      await workbook({
        orgUnits: [['334010206', '临川西乡供电所', '供电站', '3340102'], ['33401020601', '西乡营业点', '营业厅', '334010299']],
        users: [['kf01', '重名', '3340180'], ['lc06', '孙丽', '334010205']],
        posts: [['lc06', 'NO_POST', '334010205', '', '', ''], ['lc07', 'YK_SURVEY', '334010205', '', '', '否'], ['lc06', 'YK_SURVEY', '334010205', '2026/12/01', '', '是'], ['lc06', 'YK_SURVEY', '334010205', '2026-12-01', '2026-13-01', '是']],
      }),
    );
    expect(refused).toMatchObject({ status: 'failed', phase: 'done', counts: { orgUnits: 0, users: 0, posts: 0 } });
    expect(refused['issues'], JSON.stringify(refused['issues'])).toEqual([
      { sheet: '单位', row: 2, message: '单位类型“供电站”不正确，应为：市供电公司、县供电公司、供电所、客户服务中心、营业厅' },
      { sheet: '单位', row: 3, message: '上级单位 334010299 不存在' },
      { sheet: '用户', row: 2, message: '用户名 kf01 已存在' },
      { sheet: '岗位任职', row: 2, message: '岗位 NO_POST 不存在' },
      { sheet: '岗位任职', row: 3, message: '用户 lc07 不存在（也不在“用户”表中）' },
      { sheet: '岗位任职', row: 4, message: '开始日期“2026/12/01”格式应为 YYYY-MM-DD 或 YYYY-MM-DD HH:mm' },
      // A month that does not exist is a line's issue too (it failed the whole job with a generic message).
      { sheet: '岗位任职', row: 5, message: '结束日期“2026-13-01”格式应为 YYYY-MM-DD 或 YYYY-MM-DD HH:mm' },
    ]);
    expect((await call('admin', 'GET', '/users?q=lc06')).body['total']).toBe(0);

    const unreadable = await run(Buffer.from('not a workbook').toString('base64'));
    expect(unreadable['issues']).toEqual([{ sheet: '—', row: 0, message: '无法读取文件，请上传由模板填写的 Excel（.xlsx）文件' }]);
    const empty = await run(await workbook({}));
    expect(empty['issues']).toEqual([{ sheet: '—', row: 0, message: '文件中没有可导入的行' }]);

    const bad = await call('admin', 'POST', '/imports', { fileName: '', content: '%%', initialPassword: PASSWORD });
    expect(refusal(bad)).toEqual([400, 'WB_ERR_BAD_REQUEST', ['content', 'fileName']]);
    expect(refusal(await call('admin', 'GET', '/imports/not-a-job'))).toEqual([404, 'WB_ERR_NOT_FOUND', []]);
    expect(refusal(await call('admin', 'GET', `/imports/${UNKNOWN_UUID}`))).toEqual([404, 'WB_ERR_NOT_FOUND', []]);
  });
}, 60_000);
