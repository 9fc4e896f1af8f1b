/**
 * Issue 20, 用户管理: the effective-permission explanation matches what the server enforces for every demo account
 * (their sessions' permissions), the filters (org unit with subtree, post, role, last login), and the bulk actions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUserSchema, pageOf } from '@wb/contracts';
import { bulkResultSchema, effectivePermissionsSchema } from '@wb/contracts/iam-admin';
import { IAM_BASE as IAM, createIamTestApp, type IamTestApp } from './testing.ts';


describe('iam users administration', () => {
  let t: IamTestApp;
  let ids: Map<string, string>;
  beforeAll(async () => {
    t = await createIamTestApp();
    ids = new Map((await t.db.query<{ id: string; username: string }>('SELECT id, username FROM sys_user')).map((u) => [u.username, u.id]));
  }, 180_000);
  afterAll(async () => t?.close());

  const get = (url: string) => t.request({ method: 'GET', url: `${IAM}${url}`, cookie: t.admin });
  const usernames = async (query: string) => pageOf(adminUserSchema).parse((await get(`/users?pageSize=100&${query}`)).json()).items.map((u) => u.username).sort();

  it('explains for every demo account exactly the permissions its session is given', async () => {
    expect(ids.size).toBeGreaterThan(15);
    for (const [username, id] of ids) {
      const explained = effectivePermissionsSchema.parse((await get(`/users/${id}/effective-permissions`)).json());
      const cookie = await t.login(username);
      const me = (await t.request({ method: 'GET', url: '/api/identity/me', cookie })).json<{ user: { permissions: string[]; activePost: { code: string } | null } }>().user;
      expect([username, [...explained.effective].sort()]).toEqual([username, [...me.permissions].sort()]);
      expect([username, explained.activePost?.code ?? null]).toEqual([username, me.activePost?.code ?? null]);
      // Every permission that counts names where it comes from.
      for (const p of explained.permissions) expect(p.grantedBy.length + p.dependencyOf.length, `${username} ${p.key}`).toBeGreaterThan(0);
    }
    const yk01 = effectivePermissionsSchema.parse((await get(`/users/${ids.get('yk01')}/effective-permissions`)).json());
    expect(yk01.roles.some((r) => r.source === 'post' && r.postCode === 'YK_ACCEPT')).toBe(true);
  });

  it('filters by org unit with its subtree, post, role and last login', async () => {
    expect(await usernames('orgUnitCode=3340101&postCode=YK_ACCEPT')).toEqual(expect.arrayContaining(['multi01', 'yk01']));
    expect(await usernames('postCode=KF_AGENT')).toEqual(['kf01']);
    const viewers = await usernames('roleKey=CUST_VIEWER');
    expect(viewers).toEqual(expect.arrayContaining(['kf01', 'yk01']));
    expect(viewers).not.toContain('guest01');
    // admin signed in (last login set); guest01 stands for an account nobody has used yet.
    await t.db.query(`UPDATE sys_user SET last_login_at = NULL WHERE username = 'guest01'`);
    const never = await usernames('lastLogin=never');
    expect(never).toContain('guest01');
    expect(never).not.toContain('admin');
    expect(await usernames('lastLogin=active:1')).toContain('admin');
    expect((await get('/users?lastLogin=soon')).statusCode).toBe(400);
  });

  it('disables and ends sessions in bulk, never the administrator’s own account', async () => {
    const kf02 = await t.login('kf02');
    const ended = bulkResultSchema.parse((await t.request({ method: 'POST', url: `${IAM}/users/bulk-end-sessions`, cookie: t.admin, payload: { ids: [ids.get('kf02')] } })).json());
    expect(ended.changed).toBeGreaterThan(0);
    expect((await t.request({ method: 'GET', url: '/api/identity/me', cookie: kf02 })).statusCode).toBe(401);
    const result = await t.request({
      method: 'POST',
      url: `${IAM}/users/bulk-status`,
      cookie: t.admin,
      payload: { ids: [ids.get('df01'), ids.get('df02'), ids.get('admin')], status: 'disabled' },
    });
    expect(bulkResultSchema.parse(result.json())).toEqual({ changed: 2, skipped: [{ username: 'admin', reason: '不能停用自己的账号' }] });
    expect(await usernames('status=disabled')).toEqual(['df01', 'df02']);
    const [audit] = await t.db.query<{ detail: { usernames: string[] } }>(`SELECT detail FROM audit_log WHERE action = 'iam.user.status.bulk'`);
    expect(audit?.detail.usernames).toEqual(['df01', 'df02']);
    expect((await t.request({ method: 'POST', url: `${IAM}/users/bulk-status`, cookie: t.admin, payload: { ids: [], status: 'disabled' } })).statusCode).toBe(400);
    // Enabled again in bulk: the accounts sign in as before (and the other tests find them as they were).
    const enabled = await t.request({ method: 'POST', url: `${IAM}/users/bulk-status`, cookie: t.admin, payload: { ids: [ids.get('df01'), ids.get('df02')], status: 'active' } });
    expect(bulkResultSchema.parse(enabled.json())).toEqual({ changed: 2, skipped: [] });
    expect(await usernames('status=disabled')).toEqual([]);
    expect(await t.login('df01')).toMatch(/^wb_session=/);
  });
});
