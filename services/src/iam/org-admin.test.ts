/**
 * Org tree administration (issue 20, ADR 0058): a moved unit takes its subtree, its people's data scope and its
 * rows (customers) along; disabling is refused while people work there; a merge moves people and posts to the
 * target and keeps the merged unit's rows inside the target's scope; every change is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgUnitSchema } from '@wb/contracts';
import { orgUnitChangeSchema } from '@wb/contracts/iam-admin';
import { createConnectionTestApp } from '../connection/testing.ts';
import type { ConnectionTestApp } from '../connection/testing.ts';

const IAM = '/api/svc/iam/v1';
const CUSTOMERS = '/api/svc/customer/v1/customers?q=&page=1&pageSize=5';

describe('iam org tree administration', () => {
  let t: ConnectionTestApp;
  let admin: string;
  let df02: string;
  beforeAll(async () => {
    t = await createConnectionTestApp('pglite', { customers: 400 });
    admin = await t.login('admin');
    df02 = await t.login('df02');
  }, 120_000);
  afterAll(async () => t?.close());

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.request({ method, url: `${IAM}${url}`, cookie: admin, ...(payload ? { payload } : {}) });
  const visible = async (cookie: string): Promise<number> => {
    const response = await t.request({ method: 'GET', url: CUSTOMERS, cookie });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ total: number }>().total;
  };
  const ofStation = async (): Promise<number> =>
    (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM customer WHERE org_unit_code = '334010101'`))[0]!.n;

  it('moves a unit with its subtree: its people keep their rows, the new county sees them, the old one no longer', async () => {
    const station = await ofStation();
    expect(station).toBeGreaterThan(0);
    const yk01 = t.cookies.yk01!;
    // yk01 works in 江北城关 (ORG_AND_CHILD); df02 in 临川县 (its own unit and below).
    const yk01Before = await visible(yk01);
    const df02Before = await visible(df02);
    expect(yk01Before).toBe(station);

    const moved = await call('POST', '/org-units/334010101/move', { parentCode: '3340102' });
    expect(moved.statusCode, moved.body).toBe(200);
    const change = orgUnitChangeSchema.parse(moved.json());
    expect(change.unit).toMatchObject({ parentCode: '3340102', path: '/33401/3340102/334010101' });
    const [row] = await t.db.query<{ org_path: string }>(`SELECT org_path FROM customer WHERE org_unit_code = '334010101' LIMIT 1`);
    expect(row?.org_path).toBe('/33401/3340102/334010101');

    // The same sessions, the next request: the grant version moved, so every principal reloads its scope.
    expect(await visible(yk01)).toBe(station);
    expect(await visible(df02)).toBe(df02Before + station);

    const back = await call('POST', '/org-units/334010101/move', { parentCode: '3340101' });
    expect(back.statusCode).toBe(200);
    expect(await visible(df02)).toBe(df02Before);
    const audit = await t.db.query<{ detail: { toParent: string } }>(`SELECT detail FROM audit_log WHERE action = 'iam.org.move' ORDER BY at`);
    expect(audit.map((a) => a.detail.toParent)).toEqual(['3340102', '3340101']);
  });

  it('refuses moves into the own subtree, of the root, or to where it already is', async () => {
    expect((await call('POST', '/org-units/3340101/move', { parentCode: '334010101' })).json().error.message).toBe('不能移动到本单位或其下级单位');
    expect((await call('POST', '/org-units/33401/move', { parentCode: '3340101' })).statusCode).toBe(400);
    expect((await call('POST', '/org-units/334010101/move', { parentCode: '3340101' })).statusCode).toBe(400);
    expect((await call('POST', '/org-units/999999999/move', { parentCode: '3340101' })).statusCode).toBe(404);
  });

  it('edits a unit’s name and type, audited with before and after', async () => {
    const edited = await call('PUT', '/org-units/334010103', { name: '江北新桥供电所（新）', type: 'STATION' });
    expect(orgUnitSchema.parse(edited.json()).name).toBe('江北新桥供电所（新）');
    const [audit] = await t.db.query<{ detail: { before: { name: string } } }>(`SELECT detail FROM audit_log WHERE action = 'iam.org.update'`);
    expect(audit?.detail.before.name).toBe('江北新桥供电所');
  });

  it('refuses to disable a unit people work in; merges it instead, then it is disabled under the target', async () => {
    const refused = await call('PUT', '/org-units/334010102/status', { status: 'disabled' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/在用人员|岗位任职/);
    const peopleBefore = await t.db.query<{ username: string }>(`SELECT username FROM sys_user WHERE org_unit_code = '334010102' ORDER BY username`);
    const postsBefore = await t.db.query(`SELECT 1 FROM user_post WHERE org_unit_code = '334010102'`);
    expect(peopleBefore.length + postsBefore.length).toBeGreaterThan(0);

    const merged = await call('POST', '/org-units/334010102/merge', { intoCode: '334010103' });
    expect(merged.statusCode, merged.body).toBe(200);
    const change = orgUnitChangeSchema.parse(merged.json());
    expect(change).toMatchObject({ unit: { status: 'disabled', parentCode: '334010103', path: '/33401/3340101/334010103/334010102' }, movedUsers: peopleBefore.length });
    expect(await t.db.query(`SELECT 1 FROM user_post WHERE org_unit_code = '334010102'`)).toHaveLength(0);
    expect(await t.db.query(`SELECT 1 FROM sys_user WHERE org_unit_code = '334010102'`)).toHaveLength(0);
    const [customer] = await t.db.query<{ org_path: string }>(`SELECT org_path FROM customer WHERE org_unit_code = '334010102' LIMIT 1`);
    if (customer) expect(customer.org_path).toBe('/33401/3340101/334010103/334010102');
    // A disabled unit takes no new people.
    const user = await call('POST', '/users', { username: 'hebing01', displayName: '合并', orgUnitCode: '334010102', initialPassword: 'Qiu-yue-Lan-7461' });
    expect(user.json().error.fields.orgUnitCode).toBe('所属单位不存在或已停用');
    expect(await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'iam.org.merge' AND target = '334010102'`)).toHaveLength(1);
    // Now empty, an emptied unit can be disabled and enabled again.
    expect((await call('PUT', '/org-units/334010102/status', { status: 'active' })).statusCode).toBe(200);
    expect((await call('PUT', '/org-units/334010102/status', { status: 'disabled' })).statusCode).toBe(200);
  });
});
