/**
 * docs/quality.md S13 as a flow: an administrator creates an account (must change the password at first login),
 * the user may only see who they are, sign out or change the password; common passwords and passwords
 * containing the username are refused; 64-character passwords work; the change rotates the session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKinds } from '@wb/server-kit/testing';
import { createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { loadCommonPasswords } from './common-passwords.ts';

const IAM = '/api/svc/iam/v1';
const INITIAL = 'Chu-shi-Mi-ma-4821';
const LONG = `${'Lan-shan-Yue-9'.repeat(4)}Jiang-zh`; // 64 characters

describe('the common-password list', () => {
  it('holds about a thousand or more entries, including the well-known ones and the demo password', () => {
    const list = loadCommonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(1000);
    for (const p of ['password', '12345678', 'qwertyuiop', 'workbench#2026', 'password123']) expect(list.has(p)).toBe(true);
  });
});

describe.each(testDbKinds())('password change and must-change flow on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    admin = await t.login('admin');
    // newbie keeps its initial password: the tests that change a password do it on an account of their own.
    await createAccount('newbie');
  }, 60_000);
  afterAll(async () => t?.close());

  /** A new account with the initial password, which must be changed at the first login. */
  async function createAccount(username: string): Promise<void> {
    const created = await t.request({
      method: 'POST',
      url: `${IAM}/users`,
      cookie: admin,
      payload: { username, displayName: '新员工', orgUnitCode: '334010101', initialPassword: INITIAL },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username, mustChangePassword: true, status: 'active' });
  }

  const change = (cookie: string, currentPassword: string, newPassword: string) =>
    t.request({ method: 'POST', url: '/api/identity/password', cookie, payload: { currentPassword, newPassword } });

  it('lets a must-change user only see who they are, sign out and change the password', async () => {
    const cookie = await t.login('newbie', INITIAL);
    const me = await t.request({ method: 'GET', url: '/api/identity/me', cookie });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.mustChangePassword).toBe(true);
    const feed = await t.request({ method: 'GET', url: '/api/registry/feed', cookie });
    expect(feed.statusCode).toBe(403);
    expect(feed.json().error.code).toBe('WB_ERR_PASSWORD_CHANGE_REQUIRED');
    const post = await t.request({ method: 'PUT', url: '/api/identity/session/active-post', cookie, payload: { postCode: 'YK_ACCEPT', orgUnitCode: '334010101' } });
    expect(post.json().error.code).toBe('WB_ERR_PASSWORD_CHANGE_REQUIRED');
  });

  it.each([
    ['a common password', 'qwertyuiop123'],
    ['the demo password', 'Workbench#2026'],
    ['one containing the username', 'newbie-Lan-shan-77'],
    ['too short', 'Ab#1'],
  ])('refuses %s as the new password, changing nothing', async (_name, newPassword) => {
    const cookie = await t.login('newbie', INITIAL);
    const response = await change(cookie, INITIAL, newPassword);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.newPassword).toBeTruthy();
    expect((await t.request({ method: 'GET', url: '/api/identity/me', cookie })).json().user.mustChangePassword).toBe(true);
  });

  it.each([
    ['/api/identity/password', 'POST', { currentPassword: INITIAL, newPassword: LONG, extra: 1 }],
    ['/api/identity/password', 'POST', { currentPassword: INITIAL, newPassword: 'x'.repeat(129) }],
    ['/api/identity/password', 'POST', { currentPassword: 5, newPassword: LONG }],
    ['/api/identity/session/active-post', 'PUT', { postCode: 'YK_ACCEPT' }],
    ['/api/identity/session/active-post', 'PUT', { postCode: 'YK_ACCEPT', orgUnitCode: 'abc' }],
  ])('S16: %s (%s) with bad input → 400, nothing changed', async (url, method, payload) => {
    const cookie = await t.login('yk01');
    const response = await t.request({ method: method as 'POST', url, cookie, payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('WB_ERR_BAD_REQUEST');
    expect((await t.request({ method: 'GET', url: '/api/identity/me', cookie })).statusCode).toBe(200);
  });

  it('refuses a wrong current password', async () => {
    const cookie = await t.login('newbie', INITIAL);
    expect((await change(cookie, 'not-it', LONG)).statusCode).toBe(400);
  });

  it('accepts a 64-character password, clears the flag, rotates the session and ends the old ones', async () => {
    expect(LONG).toHaveLength(64);
    await createAccount('newbie64');
    const other = await t.login('newbie64', INITIAL);
    const cookie = await t.login('newbie64', INITIAL);
    const response = await change(cookie, INITIAL, LONG);
    expect(response.statusCode).toBe(200);
    expect(response.json().user.mustChangePassword).toBe(false);
    const rotated = response.cookies.find((c) => c.name === 'wb_session');
    expect(rotated?.value).toBeTruthy();
    expect(`wb_session=${rotated!.value}`).not.toBe(cookie);
    expect((await t.request({ method: 'GET', url: '/api/identity/me', cookie })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/identity/me', cookie: other })).statusCode).toBe(401);
    const fresh = `wb_session=${rotated!.value}`;
    expect((await t.request({ method: 'GET', url: '/api/registry/feed', cookie: fresh })).statusCode).toBe(200);
    await expect(t.login('newbie64', INITIAL)).rejects.toThrow(/401/);
    expect(await t.login('newbie64', LONG)).toMatch(/^wb_session=/);
  });

  it('an admin reset sets must-change again and ends the sessions', async () => {
    await createAccount('renewed');
    expect((await change(await t.login('renewed', INITIAL), INITIAL, LONG)).statusCode).toBe(200);
    const cookie = await t.login('renewed', LONG);
    const [user] = await t.db.query<{ id: string }>(`SELECT id FROM sys_user WHERE username = 'renewed'`);
    const reset = await t.request({ method: 'POST', url: `${IAM}/users/${user!.id}/password:reset`, cookie: admin, payload: { newPassword: INITIAL } });
    expect(reset.statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/identity/me', cookie })).statusCode).toBe(401);
    const again = await t.login('renewed', INITIAL);
    expect((await t.request({ method: 'GET', url: '/api/identity/me', cookie: again })).json().user.mustChangePassword).toBe(true);
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target = 'renewed' AND result = 'success' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['iam.user.create', 'identity.password.change', 'iam.user.password.reset']));
    expect(JSON.stringify(await t.db.query('SELECT detail FROM audit_log'))).not.toContain(INITIAL);
  });
});
