/**
 * Data scope ASSIGNED (ADR 0073) on 业扩 applications: a role whose `yk_apply` rule is ASSIGNED sees exactly the
 * applications whose workflow tasks are or were assigned to the holder, completed by them or offered to them as a
 * candidate — nothing of their org unit otherwise — and a task assigned a moment ago counts at once, in the same
 * session (the keys are looked up per request, not cached with the principal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YK_RESOURCE_TYPE, YK_VIEW, applicationDetailSchema, applicationListSchema, type ApplicationDetail } from '@wb/contracts/connection';
import { createConnectionTestApp, residentApplication, type ConnectionTestApp } from './testing.ts';

const IAM = '/api/svc/iam/v1';
const ROLE = 'T_YK_ASSIGNED';

describe('data scope ASSIGNED on 业扩 applications', () => {
  let t: ConnectionTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createConnectionTestApp('pglite', { customers: 300 });
    admin = await t.login('admin');
    // The role as an administrator sets it up in 角色授权: 业扩 to view, scope 本人经办 (ASSIGNED).
    const created = await t.request({ method: 'POST', url: `${IAM}/roles`, cookie: admin, payload: { key: ROLE, name: '业扩经办（测试）' } });
    expect(created.statusCode, created.body).toBe(201);
    const granted = await t.request({
      method: 'PUT',
      url: `${IAM}/roles/${ROLE}/grants`,
      cookie: admin,
      headers: { 'if-match': '"1"' },
      payload: { permissions: [YK_VIEW], dataScopes: [{ resourceType: YK_RESOURCE_TYPE, scopeType: 'ASSIGNED', orgUnitCodes: [] }], conferredByPosts: [] },
    });
    expect(granted.statusCode, granted.body).toBe(200);
    // guest01 holds no post and no other role: whatever they see comes from this rule.
    await t.db.query(`INSERT INTO user_role (user_id, role_key) SELECT id, $1 FROM sys_user WHERE username = 'guest01'`, [ROLE]);
    t.cookies['guest01'] = await t.login('guest01');
  }, 180_000);
  afterAll(async () => t?.close());

  const accept = async (i: number): Promise<ApplicationDetail> => {
    const res = await t.post('yk01', '/applications', residentApplication(900 + i));
    expect(res.statusCode, res.body).toBe(201);
    return applicationDetailSchema.parse(res.json());
  };
  const openTask = async (appNo: string): Promise<string> => {
    const [row] = await t.db.query<{ id: string }>(
      `SELECT t.id FROM wf_task t JOIN wf_instance i ON i.id = t.instance_id WHERE i.business_key = $1 AND t.state IN ('OPEN', 'CLAIMED')`,
      [appNo],
    );
    return row!.id;
  };
  const visible = async (): Promise<string[]> => {
    const res = await t.get('guest01', '/applications?pageSize=100');
    expect(res.statusCode, res.body).toBe(200);
    return applicationListSchema.parse(res.json()).items.map((a) => a.appNo).sort();
  };

  it('sees exactly the applications of their tasks, a newly assigned one at once, nothing else', async () => {
    const [a1, a2, a3] = [await accept(1), await accept(2), await accept(3)];
    expect(await visible()).toEqual([]);
    expect((await t.get('guest01', `/applications/${a1.appNo}`)).statusCode).toBe(404);

    // Assigned to guest01 (the columns a 转办 writes), while their session and its cached principal stay as they are.
    await t.db.query(`UPDATE wf_task SET assignee = 'guest01', cand_kind = 'user', cand_value = 'guest01', cand_org = NULL WHERE id = $1`, [await openTask(a1.appNo)]);
    expect(await visible()).toEqual([a1.appNo]);
    expect((await t.get('guest01', `/applications/${a1.appNo}`)).statusCode).toBe(200);

    // Offered to guest01 by name (a candidate, not yet claimed) counts too.
    await t.db.query(`UPDATE wf_task SET assignee = NULL, cand_kind = 'user', cand_value = 'guest01', cand_org = NULL WHERE id = $1`, [await openTask(a2.appNo)]);
    expect(await visible()).toEqual([a1.appNo, a2.appNo].sort());
    expect((await t.get('guest01', `/applications/${a3.appNo}`)).statusCode).toBe(404);

    // The 江北城关 供电所's 受理员 keeps their own scope: the rule widens nobody else's view.
    const yk01 = applicationListSchema.parse((await t.get('yk01', '/applications?pageSize=100')).json()).items.map((a) => a.appNo);
    expect(yk01).toEqual(expect.arrayContaining([a1.appNo, a2.appNo, a3.appNo]));
  });
});
