import { expect, test, type APIRequestContext } from '@playwright/test';
import { login, sideMenu } from './helpers.ts';

/**
 * docs/quality.md S13 in the browser: an account created by an administrator must change its password at first
 * login; the shell shows only the 修改密码 page (no menus, no apps), a common password is refused with the
 * server's message, a good one lets the workbench in.
 */

const CSRF = { 'x-workbench-request': '1' };
const INITIAL_PASSWORD = 'Initial#Pass-2026';
const NEW_PASSWORD = 'Quiet-Harbor-Lantern-71';

async function createUser(request: APIRequestContext, username: string): Promise<void> {
  const res = await request.post('/api/svc/iam/v1/users', {
    headers: CSRF,
    data: { username, displayName: '改密测试', orgUnitCode: '334010101', initialPassword: INITIAL_PASSWORD },
  });
  expect(res.status()).toBe(201);
}

test('a new user must change the password first: common password refused, a good one opens the workbench', async ({ browser, page }) => {
  const username = `e2e${Date.now().toString(36)}`;
  const admin = await browser.newContext();
  try {
    const adminPage = await admin.newPage();
    await login(adminPage, 'admin');
    await createUser(adminPage.request, username);
  } finally {
    await admin.close();
  }

  await login(page, username, INITIAL_PASSWORD);
  await expect(page.getByTestId('wb-password-page')).toBeVisible();
  await expect(page.getByText(/须符合密码策略.*不能是常见密码，不能包含用户名/)).toBeVisible();
  await expect(sideMenu(page)).toHaveCount(0);
  // The server agrees: nothing but me/logout/password until the password is changed.
  const feed = await page.request.get('/api/registry/feed');
  expect(feed.status()).toBe(403);
  expect(((await feed.json()) as { error: { code: string } }).error.code).toBe('WB_ERR_PASSWORD_CHANGE_REQUIRED');

  const form = page.getByTestId('wb-password-page');
  await form.getByLabel('当前密码').fill(INITIAL_PASSWORD);
  await form.getByLabel('新密码', { exact: true }).fill('password1234');
  await form.getByLabel('确认新密码').fill('password1234');
  await form.getByRole('button', { name: /修改密码/ }).click();
  await expect(form.getByRole('alert').filter({ hasText: '不能是常见密码' })).toBeVisible();
  await expect(page.getByTestId('wb-password-page')).toBeVisible();

  await form.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel('确认新密码').fill(NEW_PASSWORD);
  await form.getByRole('button', { name: /修改密码/ }).click();
  // The workbench home opens (the new user holds no post yet, so no app and an empty menu).
  await expect(page.getByRole('heading', { name: /欢迎/ })).toBeVisible();
  await expect(page.getByTestId('wb-header-user')).toBeVisible();
  await expect(page.getByTestId('wb-password-page')).toHaveCount(0);

  const me = await page.request.get('/api/identity/me');
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { user: { username: string; mustChangePassword: boolean } }).user).toMatchObject({ username, mustChangePassword: false });
  expect((await page.request.get('/api/registry/feed')).status()).toBe(200);
});
