import { expect, test, type Page } from '@playwright/test';
import { apiAs, chooseOption, expectFitsPhone, login } from './helpers.ts';

/**
 * A whole 95598 repair ticket in the UI by the demo accounts (issue 12): kf01 takes a 模拟来电 and records a
 * 故障报修 with 客户360 beside the form → kf02 派单 (改派 to 江北城关供电所, whose 抢修员 is qx01) → qx01 接单, 到达,
 * 回单 → kf02 审核通过 → kf03 回访 满意 → 已归档, with the history on the ticket page.
 */
const APP = '/app/service-tickets';

async function as(page: Page, username: string, path: string): Promise<void> {
  await page.context().clearCookies();
  await login(page, username, undefined, path);
}

/** Opens the ticket as the current user and submits the open step's form. */
async function step(page: Page, no: string, submit: RegExp, fill?: () => Promise<void>): Promise<void> {
  await page.goto(`${APP}/tickets/${no}`);
  const button = page.getByRole('button', { name: submit });
  await expect(button).toBeVisible({ timeout: 45_000 });
  await fill?.();
  await button.click();
  await expect(page.getByText(/」已提交/).first()).toBeVisible();
}

test('故障报修 from 模拟来电 to 归档 by kf01, kf02, qx01 and kf03', async ({ page }) => {
  test.setTimeout(480_000);

  // 受理 (kf01): the call pops with its customers; 客户360 of the picked customer shows beside the form.
  await as(page, 'kf01', `${APP}/intake`);
  // The caller asks about a 江北城关 account with no open ticket (one with an open repair would be merged as 催办).
  const lookup = await page.request.get('/api/svc/ticket/v1/lookup?q=江北县城关镇');
  expect(lookup.status()).toBe(200);
  const { items } = (await lookup.json()) as { items: Array<{ consNo: string; orgUnitCode: string; openTickets: number }> };
  const customer = items.find((c) => c.orgUnitCode === '334010101' && c.openTickets === 0);
  if (!customer) throw new Error('no 江北城关 customer without an open ticket in the seed');
  await page.getByRole('button', { name: '模拟来电' }).click();
  await expect(page.getByText(/匹配客户 \d+ 户/).first()).toBeVisible({ timeout: 30_000 });
  await page.getByRole('searchbox', { name: '查询客户' }).fill(customer.consNo);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await page.locator('.ant-radio-wrapper').filter({ hasText: `（${customer.consNo}）` }).first().click();
  await expect(page.getByText('客户360', { exact: true })).toBeVisible();
  // The provider's part (客户档案) renders the account inside the consumer's page.
  await expect(page.getByRole('link', { name: '打开客户档案' })).toBeVisible({ timeout: 30_000 });
  // By role: the customer's earlier tickets (a table in 客户360) may name 故障报修 too.
  await page.locator('label', { has: page.getByRole('radio', { name: '故障报修', exact: true }) }).click({ timeout: 10_000 });
  await expect(page.getByText('派单前研判')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('受理内容').fill('客户反映家中突然停电，邻居家有电，总闸未跳。');
  await page.getByRole('button', { name: '提交受理' }).click();
  const accepted = page.getByText(/受理成功：工单 \d{16}/);
  await expect(accepted).toBeVisible({ timeout: 30_000 });
  const no = (/\d{16}/.exec((await accepted.textContent()) ?? '') ?? [])[0]!;

  // 派单 (kf02): to 江北城关供电所, the unit of qx01 (改派 when the caller lives elsewhere).
  await as(page, 'kf02', `${APP}/dispatch`);
  await step(page, no, /确认派单/, async () => {
    await chooseOption(page, '处理单位', '江北城关供电所');
  });

  // 接单, 到达, 回单 (qx01, 江北城关供电所 抢修员).
  await as(page, 'qx01', `${APP}/queue`);
  await step(page, no, /^提\s*交$/);
  await step(page, no, /确认到达/);
  await step(page, no, /提交回单/, async () => {
    await page.getByLabel('故障原因').fill('表箱内进线开关烧毁');
    await page.getByLabel('处理结果').fill('更换进线开关，已恢复供电');
  });

  // 审核 (kf02) and 回访 (kf03).
  await as(page, 'kf02', `${APP}/dispatch`);
  await step(page, no, /提交审核/, async () => {
    await page.getByText('审核通过（转回访）').click();
  });
  await as(page, 'kf03', `${APP}/revisit`);
  await step(page, no, /提交回访/, async () => {
    await page.getByText('满意', { exact: true }).click();
  });

  // 已归档, and the ticket's history names every hand it passed through.
  await page.goto(`${APP}/tickets/${no}`);
  await expect(page.getByText('已归档').first()).toBeVisible({ timeout: 45_000 });
  for (const who of ['张敏', '陈静', '蒋国栋', '刘芳']) await expect(page.getByText(who).first()).toBeVisible();
});

test.describe('on the phone (390 px, /m/)', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('a 抢修员 works a repair from 待办: 接单, 到达 and 回单, each form first on the page, none wider than the phone, the 催办 record too', async ({ page }) => {
    test.setTimeout(240_000);
    // A repair of 江北城关 (qx01's 供电所), recorded by kf01 and dispatched by kf02 through the service.
    const kf01 = await apiAs('kf01');
    const lookup = await kf01.get('/api/svc/ticket/v1/lookup?q=江北县城关镇');
    const { items } = (await lookup.json()) as { items: Array<{ consNo: string; orgUnitCode: string; openTickets: number }> };
    const customer = items.filter((c) => c.orgUnitCode === '334010101' && c.openTickets === 0).at(-1);
    if (!customer) throw new Error('no 江北城关 customer without an open ticket in the seed');
    const created = await kf01.post('/api/svc/ticket/v1/tickets', {
      data: { type: 'REPAIR', consNo: customer.consNo, contactName: '现场测试', contactPhone: '13812345678', address: '江北县城关镇', content: '户内无电，表箱有焦味' },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { ticket } = (await created.json()) as { ticket: { no: string; version: number } };
    const kf02 = await apiAs('kf02');
    const dispatched = await kf02.post(`/api/svc/ticket/v1/tickets/${ticket.no}/dispatch:complete`, { data: {}, headers: { 'if-match': `"${ticket.version}"` } });
    expect(dispatched.status(), await dispatched.text()).toBe(200);
    // The customer calls again: a 催办 the crew sees on the ticket's page.
    const urged = await kf01.post(`/api/svc/ticket/v1/tickets/${ticket.no}/urge`, { data: { reason: '客户再次来电，家中有老人，请尽快到场' } });
    expect(urged.status(), await urged.text()).toBe(200);
    await Promise.all([kf01.dispose(), kf02.dispose()]);

    await login(page, 'qx01', undefined, '/m/inbox');
    await page.getByPlaceholder('业务编号或标题').fill(ticket.no);
    await page.getByPlaceholder('业务编号或标题').press('Enter');
    const card = page.getByTestId('wb-inbox-card').filter({ hasText: ticket.no });
    await card.getByRole('button', { name: /办\s*理/ }).click();
    await expect(page).toHaveURL(new RegExp(`/m/app/service-tickets/tickets/${ticket.no}/accept`));

    const steps: Array<{ title: string; submit: RegExp; fill?: () => Promise<void> }> = [
      { title: '办理：接单', submit: /^提\s*交$/ },
      {
        title: '办理：到达现场',
        submit: /确认到达/,
        // Turned sideways (844 px: the wide layout, data first) and back, the form keeps what was typed.
        fill: async () => {
          await page.getByLabel('现场情况').fill('表箱进线开关烧毁');
          await page.setViewportSize({ width: 844, height: 390 });
          await expect(page.getByText(`工单 ${ticket.no}`, { exact: true })).toBeVisible();
          await expect(page.getByLabel('现场情况')).toHaveValue('表箱进线开关烧毁');
          await page.setViewportSize({ width: 390, height: 844 });
          await expect(page.getByLabel('现场情况')).toHaveValue('表箱进线开关烧毁');
        },
      },
      {
        title: '办理：处理回单',
        submit: /提交回单/,
        fill: async () => {
          await page.getByLabel('故障原因').fill('表箱内进线开关烧毁');
          await page.getByLabel('处理结果').fill('更换进线开关，已恢复供电');
        },
      },
    ];
    for (const step of steps) {
      const form = page.getByText(step.title, { exact: true });
      await expect(form).toBeVisible({ timeout: 45_000 });
      // The step's form comes before the ticket's data, and no step says the ticket "moved on" from the crew's own.
      const formTop = (await form.boundingBox())!.y;
      expect(formTop).toBeLessThan((await page.getByText(`工单 ${ticket.no}`, { exact: true }).boundingBox())!.y);
      await expect(page.getByText(/该工单已不在/)).toHaveCount(0);
      // Nor does a table on it scroll sideways inside its card (the 催办 record: kind, who, when, reason).
      await expect(page.locator('.ant-table').getByText('客户再次来电，家中有老人，请尽快到场')).toBeVisible();
      await expectFitsPhone(page);
      await step.fill?.();
      await page.getByRole('button', { name: step.submit }).click();
      await expect(page.getByText(`「${step.title.replace('办理：', '')}」已提交`).first()).toBeVisible();
    }
    // 回单 done: nothing left for the crew (审核 is the center's), so the page goes back to 待办, without the ticket,
    // and says the step was sent there.
    await expect(page).toHaveURL(/\/m\/inbox$/);
    await expect(page.getByText('「处理回单」已提交')).toBeVisible();
    await expect(page.getByTestId('wb-inbox-card').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('wb-inbox-card').filter({ hasText: ticket.no })).toHaveCount(0);
  });
});
