import { expect, test } from '@playwright/test';
import { expectFitsPhone, login } from './helpers.ts';

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

test.describe('on the phone (390 px, /m/)', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('a 抄表员 takes a 抄表复核 from 待办 on site and is back in 待办; the desk pages stay off the phone’s menu', async ({ page }) => {
    test.setTimeout(120_000);
    await login(page, 'df01', undefined, '/m/inbox');
    // Only 抄表录入与复核 of 电费账务 is on the phone; 柜台收费, 欠费台账 … are the desk's.
    const nav = page.getByTestId('wb-bottom-nav');
    await expect(nav.getByText('抄表录入与复核')).toBeVisible();
    await expect(nav.getByText('欠费台账')).toHaveCount(0);

    // A month's reading of a customer of df01's 供电所 that jumps (突增): its 复核 comes to df01's 待办.
    const customers = await page.request.get('/api/svc/customer/v1/customers?page=1&pageSize=1');
    expect(customers.status(), await customers.text()).toBe(200);
    const [customer] = ((await customers.json()) as { items: Array<{ consNo: string }> }).items;
    if (!customer) throw new Error('no customer in df01’s 供电所');
    const history = await page.request.get(`/api/svc/billing/v1/customers/${customer.consNo}/readings`);
    const [last] = ((await history.json()) as { items: Array<{ ym: string; currIndex: number }> }).items;
    if (!last) throw new Error(`no readings of ${customer.consNo}`);
    const next = new Date(Date.UTC(Number(last.ym.slice(0, 4)), Number(last.ym.slice(4)), 1));
    const ym = `${next.getUTCFullYear()}${String(next.getUTCMonth() + 1).padStart(2, '0')}`;
    const entered = await page.request.post('/api/svc/billing/v1/readings', {
      data: { consNo: customer.consNo, ym, currIndex: last.currIndex + 5_000 },
      headers: { 'x-workbench-request': '1' },
    });
    expect(entered.status(), await entered.text()).toBe(200);
    const task = { businessKey: `${customer.consNo}-${ym}` };
    await page.getByPlaceholder('业务编号或标题').fill(task.businessKey);
    await page.getByPlaceholder('业务编号或标题').press('Enter');
    await page.getByTestId('wb-inbox-card').filter({ hasText: task.businessKey }).getByRole('button', { name: /办\s*理/ }).click();
    await expect(page).toHaveURL(new RegExp(`/m/app/billing/readings/${task.businessKey}`));
    await expect(page.getByRole('button', { name: '提交复核' })).toBeVisible({ timeout: 45_000 });
    await expectFitsPhone(page);

    await page.getByLabel('复核意见').fill('现场复抄，示数无误');
    await page.getByRole('button', { name: '提交复核' }).click();
    await expect(page).toHaveURL(/\/m\/inbox$/);
    await expect(page.getByText('抄表复核已完成')).toBeVisible();
    await expect(page.getByTestId('wb-inbox-card').filter({ hasText: task.businessKey })).toHaveCount(0);
  });
});
