import { expect, test } from '@playwright/test';
import { login } from './helpers.ts';

/**
 * 柜台收费 in the UI (issue 13): df03 (收费催费员, 临川城区供电所) opens the counter, finds a cut-off customer in
 * arrears by 户号, takes the whole amount due (违约金 as of today included) in cash, and sees the arrears cleared
 * and the 复电 order the payment created — on the counter and on the 停复电看板.
 */
const APP = '/app/billing';

test('a counter payment clears the arrears of a cut-off customer and creates the 复电 order', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, 'df03', undefined, `${APP}/counter`);

  // A cut-off customer of df03's unit who still owes (the seed cuts off a tail of two months or more).
  const res = await page.request.get('/api/svc/billing/v1/arrears?powerState=OFF&pageSize=100');
  expect(res.status(), await res.text()).toBe(200);
  const { items } = (await res.json()) as { items: Array<{ consNo: string; protectedFlag: boolean; oweFen: number }> };
  const debtor = items.find((r) => !r.protectedFlag && r.oweFen > 0);
  if (!debtor) throw new Error('no cut-off customer in arrears in 临川城区供电所 in the seed');

  const search = page.getByRole('searchbox', { name: '查找客户' });
  await expect(search).toBeVisible({ timeout: 45_000 });
  await search.fill(debtor.consNo);
  await search.press('Enter');
  // A full 户号 opens the account at once; the arrears and today's 违约金 are on screen.
  await expect(page).toHaveURL(new RegExp(`${APP}/counter/${debtor.consNo}$`));
  await expect(page.getByText('欠费信息')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('table', { name: '欠费明细' })).toBeVisible();
  await expect(page.getByText('已停电').first()).toBeVisible();
  await expect(page.getByRole('textbox', { name: '实收金额' })).not.toHaveValue('');

  await page.getByRole('button', { name: '确认收费' }).click();
  await expect(page.getByText(/收费成功：缴费编号 \d+/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('欠费已全部结清。')).toBeVisible();
  const restore = page.getByText(/已生成复电工单 \d+/);
  await expect(restore).toBeVisible();
  const orderId = (/\d+/.exec((await restore.textContent()) ?? '') ?? [])[0]!;
  await expect(page.getByText('该户没有欠费。')).toBeVisible();

  // The 复电 order waits on the board with its 24 h clock.
  await page.getByRole('alert').filter({ hasText: orderId }).getByRole('link', { name: '停复电看板' }).click();
  const row = page.getByRole('row').filter({ hasText: debtor.consNo }).filter({ hasText: orderId });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row.getByText(/还剩 23小时|还剩 1天/)).toBeVisible();
});

/**
 * 复电 as a bound task (ADR 0049): the 台区经理 tq01 finds the seeded 复电 of his 供电所 in the inbox, opens it in
 * 电费账务 at the order, and restores power there (the generic inbox never completes it).
 */
test('the 台区经理 opens a 复电 from the inbox in 电费账务 and completes it', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, 'tq01', undefined, '/inbox');
  const row = page.getByRole('row').filter({ hasText: '执行复电' }).first();
  await expect(row).toBeVisible({ timeout: 45_000 });
  await row.getByRole('button', { name: '办理' }).click();
  await expect(page).toHaveURL(new RegExp(`${APP}/orders/FD\\d+`));
  const card = page.locator('.ant-card').filter({ hasText: /复电工单 \d+/ });
  await expect(card.getByText('执行复电')).toBeVisible({ timeout: 30_000 });
  await card.getByRole('button', { name: /完\s*成/ }).click();
  await page.getByRole('button', { name: /确\s*认/ }).click();
  await expect(page.getByText('复电已完成')).toBeVisible({ timeout: 30_000 });
  await expect(card.getByText('已办结')).toBeVisible();
});
