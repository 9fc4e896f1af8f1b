import { expect, test, type Page } from '@playwright/test';
import { LEAVE, STAY, answerLeaveQuestion, leaveQuestion, login, sideMenu } from './helpers.ts';

/**
 * 多页签 with bounded keep-alive (issue 17, ADR 0053): a background tab keeps its instance and its unsaved input,
 * closing a tab with unsaved input asks, the least recently used of more than five app instances is unmounted,
 * and the tabs come back after a reload.
 */
const question = leaveQuestion;
const tabStrip = (page: Page) => page.getByTestId('wb-tabs');
const tab = (page: Page, key: string) => tabStrip(page).locator(`[data-wb-tab="${key}"]`);

test('a background tab keeps its half-filled form; closing it asks, 留在此页 keeps it, 离开 closes it', async ({ page }) => {
  test.setTimeout(180_000);
  await login(page, 'yk01');
  await sideMenu(page).getByText('受理登记').click();
  await expect(page.getByLabel('户名')).toBeVisible({ timeout: 30_000 });
  await expect(tab(page, 'new-connection')).toBeVisible();
  await page.getByLabel('户名').fill('张页签');

  // Another tab: no question, the form's instance stays mounted in the background.
  await sideMenu(page).getByText('客户档案').click();
  await expect(page).toHaveURL(/\/app\/customer-archive/);
  await expect(question(page)).toHaveCount(0);
  await expect(tab(page, 'customer-archive')).toHaveAttribute('data-wb-mounted', 'true');
  await expect(tab(page, 'new-connection')).toHaveAttribute('data-wb-mounted', 'true');

  // Back through the tab: same path, same input.
  await tab(page, 'new-connection').click();
  await expect(page).toHaveURL(/\/app\/new-connection\/accept$/);
  await expect(page.getByLabel('户名')).toHaveValue('张页签');

  // Closing the tab asks; staying keeps tab and input.
  const closeButton = tabStrip(page).locator('[data-wb-tab-close="new-connection"]');
  await closeButton.click();
  await expect(question(page)).toBeVisible();
  await answerLeaveQuestion(page, STAY);
  await expect(question(page)).toBeHidden();
  await expect(page.getByLabel('户名')).toHaveValue('张页签');

  await closeButton.click();
  await answerLeaveQuestion(page, LEAVE);
  await expect(tab(page, 'new-connection')).toHaveCount(0);
  await expect(page).toHaveURL(/\/app\/customer-archive/);
});

test('more than five app tabs unmount the least recently used; the tabs come back after a reload', async ({ page }) => {
  test.setTimeout(240_000);
  await login(page, 'admin');
  const feed = (await page.evaluate(() => JSON.parse(document.getElementById('wb-feed')?.textContent ?? '{}'))) as {
    menus: Array<{ appId: string; key: string; title: string; path: string; parent?: string }>;
  };
  const wanted = ['customer-archive', 'new-connection', 'service-tickets', 'billing', 'app-store', 'system-admin'];
  // A leaf entry of each app (a group's title entry opens the group instead of the app).
  const leaf = (menu: { appId: string; key?: string }) => !feed.menus.some((other) => other.appId === menu.appId && other.parent === menu.key);
  const entries = wanted.map((appId) => feed.menus.find((menu) => menu.appId === appId && leaf(menu)));
  expect(entries.every(Boolean), 'admin has the six apps in the menu').toBe(true);

  for (const entry of entries) {
    if (!entry) continue;
    await sideMenu(page).getByText(entry.title, { exact: true }).first().click();
    await expect(tab(page, entry.appId)).toHaveAttribute('data-wb-mounted', 'true', { timeout: 30_000 });
  }
  // Six app instances were shown, five stay: the first one visited is unmounted, the others are kept.
  await expect(tab(page, 'customer-archive')).toHaveAttribute('data-wb-mounted', 'false');
  for (const appId of wanted.slice(1)) await expect(tab(page, appId)).toHaveAttribute('data-wb-mounted', 'true');

  // Showing it again mounts it afresh and unmounts the now least recently used (new-connection).
  await tab(page, 'customer-archive').click();
  await expect(tab(page, 'customer-archive')).toHaveAttribute('data-wb-mounted', 'true', { timeout: 30_000 });
  await expect(tab(page, 'new-connection')).toHaveAttribute('data-wb-mounted', 'false');

  await page.reload();
  await expect(page.getByTestId('wb-header-user')).toBeVisible({ timeout: 45_000 });
  for (const appId of wanted) await expect(tab(page, appId)).toBeVisible({ timeout: 30_000 });
  await expect(page).toHaveURL(/\/app\/customer-archive/);
  // Restored tabs are not mounted until shown.
  await expect(tab(page, 'billing')).toHaveAttribute('data-wb-mounted', 'false');
  await tab(page, 'billing').click();
  await expect(page).toHaveURL(/\/app\/billing/);
  await expect(tab(page, 'billing')).toHaveAttribute('data-wb-mounted', 'true', { timeout: 30_000 });
});

test('复制页签: two 业扩 forms of one app in two tabs, each keeping its own input; closing one leaves the other', async ({ page }) => {
  test.setTimeout(180_000);
  await login(page, 'yk01');
  await sideMenu(page).getByText('受理登记').click();
  await expect(page.getByLabel('户名')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('户名').fill('张一号');

  // A second instance of 业扩报装 next to the first, at the same page, with a form of its own.
  await page.getByRole('button', { name: '页签操作' }).click();
  await page.getByRole('menuitem', { name: '复制页签' }).click();
  await expect(tab(page, 'new-connection~2')).toHaveAttribute('data-wb-mounted', 'true', { timeout: 30_000 });
  await expect(tab(page, 'new-connection~2')).toHaveText('业扩报装（2）');
  await expect(page).toHaveURL(/\/app\/new-connection\/accept$/);
  await expect(page.getByLabel('户名')).toHaveValue('');
  await page.getByLabel('户名').fill('李二号');
  await expect(page.locator('.wb-app-container')).toHaveCount(1);

  // Each tab shows its own instance and input; both stay mounted.
  await tab(page, 'new-connection').click();
  await expect(page.getByLabel('户名')).toHaveValue('张一号');
  await expect(question(page)).toHaveCount(0);
  await tab(page, 'new-connection~2').click();
  await expect(page.getByLabel('户名')).toHaveValue('李二号');
  await expect(tab(page, 'new-connection')).toHaveAttribute('data-wb-mounted', 'true');

  // Closing the second asks for its own input only; the first keeps its form.
  await tabStrip(page).locator('[data-wb-tab-close="new-connection~2"]').click();
  await answerLeaveQuestion(page, LEAVE);
  await expect(tab(page, 'new-connection~2')).toHaveCount(0);
  await expect(page.getByLabel('户名')).toHaveValue('张一号');
});
