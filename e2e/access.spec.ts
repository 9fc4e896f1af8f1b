import { expect, test } from '@playwright/test';
import { login, sideMenu } from './helpers.ts';

test('menus follow permissions: kf01 sees 客户档案, guest01 does not', async ({ browser }) => {
  const kf = await browser.newPage();
  await login(kf, 'kf01');
  await expect(sideMenu(kf).getByText('客户档案')).toBeVisible();

  const guest = await browser.newPage();
  await login(guest, 'guest01');
  // guest01 holds no post: no app is open to it (apps are closed by default, ADR 0023), so its menu is empty.
  await expect(guest.getByRole('heading', { name: /欢迎/ })).toBeVisible();
  await expect(sideMenu(guest).getByText('客户档案')).toHaveCount(0);
});

test('guest01 gets 403 on the route and the API, and the app is not in its import map', async ({ page }) => {
  await login(page, 'guest01');
  await page.goto('/app/customer-archive');
  await expect(page.getByText('无权访问该应用')).toBeVisible();

  const api = await page.request.get('/api/svc/customer/v1/customers?q=3340');
  expect(api.status()).toBe(403);
  expect((await api.json()).error.code).toBe('WB_ERR_NOT_ALLOWED');

  const importMap = await page.evaluate(() => document.querySelector('script[type="importmap"]')?.textContent ?? '');
  expect(importMap).not.toContain('customer-archive');
  const feed = await page.request.get('/api/registry/feed');
  expect(JSON.stringify(await feed.json())).not.toContain('customer-archive');
});

test('an unknown route shows the 404 page inside the workbench', async ({ page }) => {
  await login(page, 'kf01');
  await page.goto('/no/such/page');
  await expect(page.getByText('页面不存在')).toBeVisible();
  await expect(sideMenu(page)).toBeVisible();
});
