import { expect as baseExpect, test, type Page } from '@playwright/test';
import { chooseOption, login, sampleCustomer } from './helpers.ts';

/** Issue 4: 界面组件/装配 — each user arranges their widgets; the layout persists across logins. */

// First module loads and antd pages are slow on a loaded machine: wait longer than the suite's default.
const expect = baseExpect.configure({ timeout: 20_000 });

const QUICK_SEARCH = 'customer-archive:quick-search';
const LAYOUT_API = '/api/svc/appstore/v1/me/layout';

const widget = (page: Page, key: string) => page.locator(`[data-widget="${key}"]`);
const cellOf = (page: Page, key: string) => page.getByTestId('wb-widget-cell').filter({ has: widget(page, key) });

async function logout(page: Page): Promise<void> {
  await page.getByTestId('wb-header-user').click();
  await page.getByText('退出登录').click();
  await expect(page.getByLabel('用户名')).toBeVisible();
}

test('a user arranges widgets, saves, logs out and in: the same layout; the widget jumps to the archive', async ({ page }) => {
  // Two logins and a whole editing session.
  test.slow();
  await login(page, 'kf01');
  // Start from the default layout, whatever an earlier run saved.
  const reset = await page.request.delete(LAYOUT_API, { headers: { 'x-workbench-request': '1' } });
  expect(reset.ok()).toBe(true);
  await page.reload();

  await page.getByTestId('wb-layout-edit').click();
  await expect(page.getByTestId('wb-layout-toolbar')).toBeVisible();
  if ((await widget(page, QUICK_SEARCH).count()) === 0) {
    await chooseOption(page, page.getByRole('combobox', { name: '添加组件' }), '客户快速查询（客户档案）');
  }
  await expect(widget(page, QUICK_SEARCH)).toBeVisible();
  const before = await cellOf(page, QUICK_SEARCH).getAttribute('data-cell');
  // Keyboard-reachable controls: two columns narrower, one row taller (by keyboard), one column right.
  await page.getByRole('button', { name: '减窄「客户快速查询」' }).click();
  await page.getByRole('button', { name: '减窄「客户快速查询」' }).click();
  await page.getByRole('button', { name: '加高「客户快速查询」' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: '右移「客户快速查询」' }).click();
  const arranged = await cellOf(page, QUICK_SEARCH).getAttribute('data-cell');
  expect(arranged).not.toBe(before);
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByTestId('wb-layout-toolbar')).toHaveCount(0);
  await expect(page.getByTestId('wb-layout-source')).toHaveText('我的布局');

  await logout(page);
  await login(page, 'kf01');
  await expect(widget(page, QUICK_SEARCH)).toBeVisible();
  await expect(cellOf(page, QUICK_SEARCH)).toHaveAttribute('data-cell', arranged ?? '');
  await expect(page.getByTestId('wb-layout-source')).toHaveText('我的布局');

  // The widget is the real micro-app parcel: search by 户号 and jump to the archive.
  const customer = await sampleCustomer(page, 2);
  const card = widget(page, QUICK_SEARCH);
  await card.getByRole('searchbox', { name: '户号' }).fill(customer.consNo);
  await card.getByRole('button', { name: /查\s*询/ }).click();
  await card.getByRole('link', { name: `打开客户档案 ${customer.consNo}` }).click();
  await expect(page).toHaveURL(new RegExp(`/app/customer-archive/customers/${customer.consNo}`));
  await expect(page.getByText(customer.name).first()).toBeVisible();
});

test('恢复默认 drops the own layout', async ({ page }) => {
  await login(page, 'kf01');
  await page.request.put(LAYOUT_API, {
    headers: { 'x-workbench-request': '1' },
    data: { items: [{ appId: 'customer-archive', widgetId: 'quick-search', x: 3, y: 0, w: 5, h: 3 }] },
  });
  await page.reload();
  await expect(cellOf(page, QUICK_SEARCH)).toHaveAttribute('data-cell', '3,0,5,3');
  await page.getByTestId('wb-layout-edit').click();
  await page.getByRole('button', { name: '恢复默认' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /恢复默认/ }).click();
  await expect(page.getByTestId('wb-layout-toolbar')).toHaveCount(0);
  await expect(page.getByTestId('wb-layout-source')).not.toHaveText('我的布局');
});
