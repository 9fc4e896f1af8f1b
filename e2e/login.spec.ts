import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, loginThroughPage } from './helpers.ts';

test('a demo account logs in and sees its name, post and org unit in the header', async ({ page }) => {
  await loginThroughPage(page, 'kf01');
  const header = page.getByTestId('wb-header-user');
  await expect(header).toContainText('客服代表');
  await expect(header).toContainText('江州客户服务中心');
});

test('wrong password and unknown user get the same message, and no session', async ({ page }) => {
  for (const [username, password] of [
    ['kf01', 'wrong-password'],
    ['nobody', DEMO_PASSWORD],
  ] as const) {
    await page.goto('/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page.getByText('用户名或密码错误')).toBeVisible();
  }
  const me = await page.request.get('/api/identity/me');
  expect(me.status()).toBe(401);
});

test('logout ends the session', async ({ page }) => {
  await loginThroughPage(page, 'yk01');
  await page.getByTestId('wb-header-user').click();
  await page.getByText('退出登录').click();
  await expect(page).toHaveURL(/\/login/);
  const me = await page.request.get('/api/identity/me');
  expect(me.status()).toBe(401);
});

test('an anonymous visit to a workbench route goes to login and comes back after it', async ({ page }) => {
  await page.goto('/app/customer-archive?q=3340');
  await expect(page.getByLabel('用户名')).toBeVisible();
  await page.getByLabel('用户名').fill('kf01');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page).toHaveURL(/\/app\/customer-archive\?q=3340/);
});
