import { expect, test } from '@playwright/test';
import { login, sideMenu } from './helpers.ts';

// Zones (issue 3): the server decides the zone from where the request arrived. The e2e server trusts the
// loopback proxy, so a context sending X-Forwarded-For with a public address is an internet-zone user.
// 客户档案 is intranet-only (manifest zones); the fixture app fx-healthy allows both zones.
test('an internet-zone user does not see an intranet-only app, and its API refuses them', async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.5' } });
  const page = await context.newPage();
  await login(page, 'kf01');
  await expect(sideMenu(page).getByText('测试-正常应用')).toBeVisible();
  await expect(sideMenu(page).getByText('客户档案')).toHaveCount(0);

  const feed = await (await page.request.get('/api/registry/feed')).json();
  expect(feed.zone).toBe('internet');
  expect(JSON.stringify(feed)).not.toContain('customer-archive');
  const importMap = await page.evaluate(() => document.querySelector('script[type="importmap"]')?.textContent ?? '');
  expect(importMap).not.toContain('customer-archive');

  const api = await page.request.get('/api/svc/customer/v1/customers?q=31');
  expect(api.status()).toBe(403);
  await page.goto('/app/customer-archive');
  await expect(page.getByText('无权访问该应用')).toBeVisible();
  await context.close();
});

test('the same user from the intranet sees the app', async ({ page }) => {
  await login(page, 'kf01');
  await expect(sideMenu(page).getByText('客户档案')).toBeVisible();
  const feed = await (await page.request.get('/api/registry/feed')).json();
  expect(feed.zone).toBe('intranet');
});
