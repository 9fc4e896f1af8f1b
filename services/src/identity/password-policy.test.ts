/**
 * The password policy (issue 9 item 7, docs/quality.md S13): by default at least 8 characters of 3 classes
 * (lower, upper, digit, symbol), not containing the username, not on the common list; configurable through
 * PASSWORD_MIN_LENGTH and PASSWORD_MIN_CLASSES; applied to the initial (user creation), reset (admin) and
 * changed (self) password alike, each refusal a 400 naming what is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKinds } from '@wb/server-kit/testing';
import { createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { createPasswordPolicy } from './password-policy.ts';
import { suiteApp } from '../testing/suite.ts';

const IAM = '/api/svc/iam/v1';
const GOOD = 'Chu-shi-Mi-ma-4821';
const EIGHT = 'Qz7#wplm';

describe('createPasswordPolicy', () => {
  const policy = createPasswordPolicy({ minLength: 8, minClasses: 3 });

  it.each([
    ['abcdabcdabcd', /至少 3 类.*当前只有小写字母/],
    ['Ab1#', /至少 8 个字符（当前 4 个）/],
    ['abcdefgh1', /当前只有小写字母、数字/],
    ['Newbie-Lan-77', /不能包含用户名/],
    ['Password123!', /不能是常见密码/],
  ])('refuses %s, saying what is missing', (password, reason) => {
    expect(policy.check(password, 'newbie')).toMatch(reason);
  });

  it('names every rule a password breaks in one message', () => {
    expect(policy.check('newbie', 'newbie')).toBe('密码不符合要求：至少 8 个字符（当前 6 个）；须包含大写字母、小写字母、数字、符号中的至少 3 类（当前只有小写字母）；不能包含用户名');
  });

  it.each([EIGHT, GOOD, '长江-Yue-2026', `${'Lan-shan-Yue-9'.repeat(4)}Jiang-zh`])('accepts %s', (password) => {
    expect(policy.check(password, 'newbie')).toBeNull();
  });

  it('accepts the demo password by length and classes (it is refused as a new password only for being on the common list)', () => {
    expect(createPasswordPolicy({ minLength: 8, minClasses: 3 }, new Set()).check('Workbench#2026', 'admin')).toBeNull();
    expect(policy.check('Workbench#2026', 'admin')).toMatch(/常见密码/);
  });

  it('follows the configured length and classes', () => {
    const strict = createPasswordPolicy({ minLength: 16, minClasses: 4 });
    expect(strict.check('Chu-shi-Mi-ma', 'newbie')).toBe(
      '密码不符合要求：至少 16 个字符（当前 13 个）；须包含大写字母、小写字母、数字、符号中的至少 4 类（当前只有大写字母、小写字母、符号）',
    );
    expect(strict.check('Chu-shi-Mi-ma-4821-Xin', 'newbie')).toBeNull();
    expect(createPasswordPolicy({ minLength: 8, minClasses: 1 }).check('zhongguodianli', 'newbie')).toBeNull();
  });
});

describe.each(testDbKinds())('the password policy on every way a password is set, on %s', (kind) => {
  let t: TestApp;
  let admin: string;
  let userId: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    admin = await t.login('admin');
    const created = await createUser('policy1', GOOD);
    expect(created.statusCode).toBe(201);
    userId = created.json<{ id: string }>().id;
  }, 60_000);
  afterAll(async () => t?.close());

  function createUser(username: string, initialPassword: string) {
    return t.request({ method: 'POST', url: `${IAM}/users`, cookie: admin, payload: { username, displayName: '策略', orgUnitCode: '334010101', initialPassword } });
  }
  const reset = (newPassword: string) => t.request({ method: 'POST', url: `${IAM}/users/${userId}/password:reset`, cookie: admin, payload: { newPassword } });
  /** policy1's password changed from GOOD, the password every test leaves it with. */
  const change = async (newPassword: string) =>
    t.request({ method: 'POST', url: '/api/identity/password', cookie: await t.login('policy1', GOOD), payload: { currentPassword: GOOD, newPassword } });

  it('refuses abcdabcdabcd as the initial password, naming the missing classes', async () => {
    const response = await createUser('policy2', 'abcdabcdabcd');
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'WB_ERR_BAD_REQUEST', fields: { initialPassword: expect.stringMatching(/当前只有小写字母/) } });
    expect(await t.db.query(`SELECT 1 FROM sys_user WHERE username = 'policy2'`)).toEqual([]);
  }, 30_000);

  it('refuses abcdabcdabcd as a reset password', async () => {
    const response = await reset('abcdabcdabcd');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.newPassword).toMatch(/至少 3 类/);
  }, 30_000);

  it('refuses abcdabcdabcd as a changed password', async () => {
    const response = await change('abcdabcdabcd');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/^密码不符合要求：.*当前只有小写字母/);
    expect(response.json().error.fields.newPassword).toMatch(/当前只有小写字母/);
  }, 30_000);

  it('accepts 8 characters of 3 classes by default, on creation, reset and change', async () => {
    expect((await createUser('policy3', EIGHT)).statusCode).toBe(201);
    expect((await reset(GOOD)).statusCode).toBe(204);
    expect((await change(EIGHT)).statusCode).toBe(200);
    // Back to GOOD for the other tests (a reset takes any password the policy accepts).
    expect((await reset(GOOD)).statusCode).toBe(204);
  }, 30_000);
});

describe.each(testDbKinds())('a configured password policy on %s', (kind) => {
  const t = suiteApp(() => createTestApp(kind, { env: { PASSWORD_MIN_LENGTH: '16', PASSWORD_MIN_CLASSES: '4' } }));

  it('applies PASSWORD_MIN_LENGTH and PASSWORD_MIN_CLASSES', async () => {
    const admin = await t.login('admin');
    const create = (username: string, initialPassword: string) =>
      t.request({ method: 'POST', url: `${IAM}/users`, cookie: admin, payload: { username, displayName: '策略', orgUnitCode: '334010101', initialPassword } });
    const short = await create('policy4', 'Lan-shan-Yue-9');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields.initialPassword).toMatch(/至少 16 个字符/);
    expect((await create('policy5', 'chu-shi-mi-ma-4821-xin')).json().error.fields.initialPassword).toMatch(/至少 4 类/);
    expect((await create('policy6', 'Chu-shi-Mi-ma-4821-Xin')).statusCode).toBe(201);
  }, 30_000);
});
