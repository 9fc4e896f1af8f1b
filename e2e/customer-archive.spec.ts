import { expect, test } from '@playwright/test';
import { login, sampleCustomer, sideMenu } from './helpers.ts';

test.beforeEach(async ({ page }) => {
  await login(page, 'kf01');
});

test('search by 户号 prefix, open a customer, reload keeps the view, back returns to the search', async ({ page }) => {
  const customer = await sampleCustomer(page, 3);
  await sideMenu(page).getByText('客户档案').click();
  await expect(page).toHaveURL(/\/app\/customer-archive/);

  const prefix = customer.consNo.slice(0, 8);
  await page.getByPlaceholder(/户号/).fill(prefix);
  await expect(page).toHaveURL(new RegExp(`q=${prefix}`));
  const row = page.getByRole('row', { name: new RegExp(customer.consNo) });
  await expect(row).toBeVisible();
  // Every row of the result starts with the prefix.
  const consNos = await page.getByTestId('cons-no').allTextContents();
  expect(consNos.length).toBeGreaterThan(0);
  for (const no of consNos) expect(no.startsWith(prefix)).toBe(true);

  await row.click();
  await expect(page).toHaveURL(new RegExp(`/app/customer-archive/customers/${customer.consNo}`));
  await expect(page.getByText(customer.name).first()).toBeVisible();
  for (const label of ['户号', '户名', '用电地址', '用电类别', '电压等级', '合同容量', '台区', '抄表段', '供电单位']) {
    await expect(page.getByText(label, { exact: true }).first()).toBeVisible();
  }
  await expect(page.getByText('资产编号')).toBeVisible();

  await page.reload();
  await expect(page.getByText(customer.name).first()).toBeVisible();
  await expect(page.getByText('资产编号')).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`q=${prefix}`));
  await expect(page.getByRole('row', { name: new RegExp(customer.consNo) })).toBeVisible();
});

test('search by name finds the customer, and the query survives a reload', async ({ page }) => {
  const customer = await sampleCustomer(page, 7);
  await page.goto('/app/customer-archive');
  await page.getByPlaceholder(/户号/).fill(customer.name);
  await expect(page.getByRole('row', { name: new RegExp(customer.consNo) })).toBeVisible();
  await page.reload();
  await expect(page.getByPlaceholder(/户号/)).toHaveValue(customer.name);
  await expect(page.getByRole('row', { name: new RegExp(customer.consNo) })).toBeVisible();
});

test('global search: Ctrl+K, a 户号, Enter opens the customer in 客户档案 (ADR 0066)', async ({ page }) => {
  const customer = await sampleCustomer(page, 5);
  await page.goto('/');
  await expect(page.getByTestId('wb-search')).toBeVisible();
  await page.keyboard.press('Control+k');
  const input = page.getByTestId('wb-search-input');
  await expect(input).toBeFocused();
  await input.fill(customer.consNo);
  const hit = page.getByRole('option', { name: new RegExp(customer.consNo) });
  await expect(hit).toBeVisible();
  await expect(hit).toHaveAttribute('aria-selected', 'true');
  await input.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/app/customer-archive/customers/${customer.consNo}$`));
  await expect(page.getByText(customer.name).first()).toBeVisible();
  await expect(page.getByTestId('wb-search-input')).toHaveCount(0);
});
