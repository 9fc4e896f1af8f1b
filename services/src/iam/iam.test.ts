import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { accessAlertSchema, adminUserSchema, auditEntrySchema, orgUnitSchema, pageOf, permissionNodeSchema, postAssignmentSchema, roleSchema } from '@wb/contracts';
import { testDbKinds } from '@wb/server-kit/testing';
import { defaultServices } from '../modules.ts';
import { TEST_SCRYPT_N, createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';

const IAM = '/api/svc/iam/v1';
const PASSWORD = 'Qiu-yue-Lan-7461';

describe.each(testDbKinds())('iam service on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  let yk01Id: string;
  const declared = [{ appId: 'demo-app', version: '1.0.0', key: 'demo:page:view', name: '演示页面', type: 'MENU' }];
  beforeAll(async () => {
    t = await createTestApp(kind, { services: defaultServices({ iam: { scryptN: TEST_SCRYPT_N, listDeclaredPermissions: async () => declared } }) });
    admin = await t.login('admin');
    yk01Id = (await t.db.query<{ id: string }>(`SELECT id FROM sys_user WHERE username = 'yk01'`))[0]!.id;
  }, 60_000);
  afterAll(async () => t?.close());

  const call = (method: InjectOptions['method'], url: string, payload?: unknown, headers?: Record<string, string>) =>
    t.request({ method, url: `${IAM}${url}`, cookie: admin, ...(payload === undefined ? {} : { payload: payload as object }), ...(headers ? { headers } : {}) });
  const auditCount = async () => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'iam.%'`))[0]!.n;

  it('lists the org tree parents first and adds an org unit under its parent', async () => {
    const list = (await call('GET', '/org-units')).json();
    expect(orgUnitSchema.array().parse(list)[0]).toMatchObject({ code: '33401', parentCode: null, path: '/33401' });
    const created = await call('POST', '/org-units', { code: '334010104', name: '江北新区供电所', type: 'STATION', parentCode: '3340101' });
    expect(created.statusCode).toBe(201);
    expect(created.json().path).toBe('/33401/3340101/334010104');
    expect((await call('POST', '/org-units', { code: '334010104', name: '重复', type: 'STATION', parentCode: '3340101' })).statusCode).toBe(409);
    expect((await call('POST', '/org-units', { code: '334020104', name: '错位', type: 'STATION', parentCode: '3340101' })).statusCode).toBe(400);
  });

  it('pages users with filters, in the contract shape', async () => {
    const response = await call('GET', '/users?q=yk&page=1&pageSize=2');
    const page = pageOf(adminUserSchema).parse(response.json());
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThanOrEqual(4);
    expect(page.items.every((u) => u.username.includes('yk'))).toBe(true);
    const station = pageOf(adminUserSchema).parse((await call('GET', '/users?orgUnitCode=3340180')).json());
    expect(station.items.map((u) => u.username).sort()).toEqual(['kf01', 'kf02', 'kf03']);
  });

  it('creates users (409 on a duplicate username) and answers 404 for unknown ids', async () => {
    const created = await call('POST', '/users', { username: 'zhangsan', displayName: '张三', orgUnitCode: '334010102', initialPassword: PASSWORD });
    expect(created.statusCode).toBe(201);
    expect(adminUserSchema.parse(created.json())).toMatchObject({ mustChangePassword: true, posts: [], roles: [] });
    expect((await call('POST', '/users', { username: 'zhangsan', displayName: '张三', orgUnitCode: '334010102', initialPassword: PASSWORD })).statusCode).toBe(409);
    const unknown = randomUUID();
    expect((await call('GET', `/users/${unknown}`)).statusCode).toBe(404);
    expect((await call('PUT', `/users/${unknown}/status`, { status: 'disabled' })).statusCode).toBe(404);
    expect((await call('POST', `/users/${unknown}/sessions:end`)).statusCode).toBe(404);
    expect((await call('DELETE', `/users/${yk01Id}/posts/${unknown}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/users/${yk01Id}/posts/not-a-uuid`)).statusCode).toBe(404);
  });

  it('assigns a post with validity and flags, refuses a duplicate, removes it', async () => {
    const assigned = await call('POST', `/users/${yk01Id}/posts`, { postCode: 'YK_SURVEY', orgUnitCode: '334010103', validFrom: '2026-01-01', validTo: '2026-12-31', acting: true });
    expect(assigned.statusCode).toBe(201);
    const assignment = postAssignmentSchema.parse(assigned.json());
    // A date alone is 0:00 China time of that day; the answer is the instant (ADR 0073).
    expect(assignment).toMatchObject({ validFrom: '2025-12-31T16:00:00.000Z', validTo: '2026-12-30T16:00:00.000Z', acting: true, concurrent: false, primary: false });
    expect((await call('POST', `/users/${yk01Id}/posts`, { postCode: 'YK_SURVEY', orgUnitCode: '334010103' })).statusCode).toBe(409);
    expect((await call('GET', `/users/${yk01Id}/posts`)).json()).toHaveLength(2);
    expect((await call('DELETE', `/users/${yk01Id}/posts/${assignment.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/users/${yk01Id}/posts`)).json()).toHaveLength(1);
  });

  it('creates roles (409 on a duplicate key) and edits grants under If-Match (412 stale, 428 missing, D5)', async () => {
    const created = await call('POST', '/roles', { key: 'YK_LEAD', name: '业扩组长' });
    expect(created.statusCode).toBe(201);
    expect(roleSchema.parse(created.json())).toMatchObject({ key: 'YK_LEAD', permissions: [], dataScopes: [] });
    expect((await call('POST', '/roles', { key: 'YK_LEAD', name: '重复' })).statusCode).toBe(409);
    const grants = {
      permissions: ['cust:archive:view', 'demo:page:view'],
      dataScopes: [{ resourceType: 'cons', scopeType: 'CUSTOM_ORGS', orgUnitCodes: ['3340101'] }],
      conferredByPosts: ['YK_APPROVE'],
    };
    expect((await call('PUT', '/roles/YK_LEAD/grants', grants)).statusCode).toBe(428);
    const saved = await call('PUT', '/roles/YK_LEAD/grants', grants, { 'if-match': '"1"' });
    expect(saved.statusCode).toBe(200);
    expect(saved.headers.etag).toBe('"2"');
    expect(roleSchema.parse(saved.json())).toMatchObject(grants);
    const stale = await call('PUT', '/roles/YK_LEAD/grants', { ...grants, permissions: [] }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.code).toBe('WB_ERR_PRECONDITION_FAILED');
    const [role] = (await call('GET', '/roles')).json<Array<{ key: string; permissions: string[]; version: number }>>().filter((r) => r.key === 'YK_LEAD');
    expect(role).toMatchObject({ permissions: grants.permissions, version: 2 });
    expect((await call('PUT', '/roles/NO_SUCH/grants', grants, { 'if-match': '"1"' })).statusCode).toBe(404);
    expect((await call('PUT', '/roles/PLATFORM_ADMIN/grants', grants, { 'if-match': '"1"' })).statusCode).toBe(409);
    const unknownPermission = await call('PUT', '/roles/YK_LEAD/grants', { ...grants, permissions: ['no:such:thing'] }, { 'if-match': '"2"' });
    expect(unknownPermission.statusCode).toBe(400);
    expect(unknownPermission.json().error.fields.permissions).toBeTruthy();
  });

  it('builds the permission tree from the permission table including app-declared permissions', async () => {
    const nodes = permissionNodeSchema.array().parse((await call('GET', '/permissions')).json());
    expect(nodes.map((n) => n.key)).toEqual(expect.arrayContaining(['cust:archive:view', 'sys:admin:manage', 'demo:page:view']));
    expect(nodes.map((n) => n.key)).not.toContain('*');
  });

  it.each([
    ['POST', '/org-units', { code: 'abc', name: '', type: 'X', parentCode: '3340101' }],
    ['POST', '/org-units', { code: '334010105', name: '多余', type: 'STATION', parentCode: '3340101', extra: 1 }],
    ['POST', '/users', { username: 'Bad Name', displayName: '坏', orgUnitCode: '33401', initialPassword: PASSWORD }],
    ['POST', '/users', { username: 'shortpw', displayName: '短', orgUnitCode: '33401', initialPassword: 'short' }],
    ['POST', '/users', { username: 'common1', displayName: '常见', orgUnitCode: '33401', initialPassword: 'password1234' }],
    ['POST', '/users', { username: 'typed', displayName: 12, orgUnitCode: '33401', initialPassword: PASSWORD }],
    ['PUT', '/users/:yk01/status', { status: 'gone' }],
    ['POST', '/users/:yk01/password:reset', { newPassword: PASSWORD, more: true }],
    ['POST', '/users/:yk01/posts', { postCode: 'YK_SURVEY', orgUnitCode: '334010103', validFrom: '2026-12-31', validTo: '2026-01-01' }],
    ['POST', '/users/:yk01/posts', { postCode: 'NO_POST', orgUnitCode: '334010103' }],
    ['POST', '/roles', { key: 'lower', name: '小写' }],
    ['PUT', '/roles/YK_LEAD/grants', { permissions: 'all', dataScopes: [], conferredByPosts: [] }],
    ['PUT', '/roles/YK_LEAD/grants', { permissions: [], dataScopes: [{ resourceType: 'cons', scopeType: 'EVERYTHING' }], conferredByPosts: [] }],
    ['GET', '/users?pageSize=1000', undefined],
    ['GET', '/audit?from=yesterday', undefined],
    ['GET', '/audit/alerts?windowMinutes=0', undefined],
  ])('S16: %s %s with bad input → 400 with fields, nothing written', async (method, url, payload) => {
    const before = await auditCount();
    const response = await call(method as InjectOptions['method'], url.replace(':yk01', yk01Id), payload, { 'if-match': '"2"' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('WB_ERR_BAD_REQUEST');
    expect(await auditCount()).toBe(before);
  });

  it('S16: an oversize body is refused with 413', async () => {
    const response = await call('POST', '/roles', { key: 'BIG', name: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.statusCode).toBe(413);
  });

  it('serves the audit log with filters, newest first, in the contract shape', async () => {
    for (const key of ['AUDIT_A', 'AUDIT_B']) expect((await call('POST', '/roles', { key, name: key })).statusCode).toBe(201);
    const page = pageOf(auditEntrySchema).parse((await call('GET', '/audit?action=iam.role&result=success&pageSize=10')).json());
    expect(page.items.length).toBeGreaterThanOrEqual(2);
    expect(page.items.every((e) => e.action.startsWith('iam.role') && e.actor === 'admin' && e.zone === 'intranet')).toBe(true);
    expect(page.items[0]!.at >= page.items[page.items.length - 1]!.at).toBe(true);
  });

  it('reports failed-login and 403 bursts per user and per address (counts ≥ 3)', async () => {
    for (let i = 0; i < 3; i++) {
      await t.request({ method: 'POST', url: '/api/identity/login', payload: { username: 'df03', password: 'Wrong-pass-000' }, remoteAddress: '10.9.9.9' });
    }
    const guest = await t.login('guest01');
    for (let i = 0; i < 4; i++) await t.request({ method: 'GET', url: `${IAM}/roles`, cookie: guest });
    // 403 audits are written off the response path: wait for them instead of sleeping a fixed time.
    const alerts = async (): Promise<unknown> => accessAlertSchema.array().parse((await call('GET', '/audit/alerts?windowMinutes=15')).json());
    await expect.poll(alerts, { timeout: 5000 }).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'failed-login', by: 'user', key: 'df03', count: 3 }),
        expect.objectContaining({ kind: 'failed-login', by: 'address', key: '10.9.9.9', count: 3 }),
        expect.objectContaining({ kind: 'forbidden', by: 'user', key: 'guest01', count: 4 }),
      ]),
    );
  });
});
