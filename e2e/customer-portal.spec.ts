import { expect, test } from '@playwright/test';
import { apiAs, expectFitsPhone, expectNoSeriousA11yViolations } from './helpers.ts';

/**
 * 掌上电力 (issue 14) on a phone (390 × 844): a customer signs in with a code, binds a 户号 in arrears (holder name
 * and a code sent to the phone on file; the development SMS page shows the codes), sees the bill, pays through
 * the simulated provider's checkout, comes back to the result, sees the arrears gone and the electronic receipt,
 * then reports a fault and sees the 95598 ticket's state.
 */
const CP = '/api/svc/customer-portal/v1';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('bind a 户号, pay the arrears once, get the receipt, and report a fault', async ({ page }) => {
  test.setTimeout(150_000);
  // A customer of 临川城区 in arrears, power on, with a mobile on file (staff APIs only to pick the fixture).
  const df03 = await apiAs('df03');
  const kf01 = await apiAs('kf01');
  const arrears = (await (await df03.get('/api/svc/billing/v1/arrears?powerState=ON&pageSize=100')).json()) as { items: Array<{ consNo: string; protectedFlag: boolean; oweFen: number }> };
  let target: { consNo: string; name: string; phone: string } | undefined;
  for (const row of arrears.items.filter((r) => !r.protectedFlag && r.oweFen > 0)) {
    const c = (await (await kf01.get(`/api/svc/customer/v1/customers/${row.consNo}`)).json()) as { consNo: string; name: string; phone: string };
    if (/^1[3-9]\d{9}$/.test(c.phone)) {
      target = c;
      break;
    }
  }
  if (!target) throw new Error('no customer in arrears with a mobile on file in 临川城区供电所');
  const codeFor = async (phone: string, not?: string): Promise<string> => {
    let code = '';
    await expect
      .poll(async () => {
        const res = await page.request.get(`${CP}/dev/sms-messages?phone=${phone}`);
        const text = ((await res.json()) as { items: Array<{ text: string }> }).items[0]?.text ?? '';
        code = /验证码(?:为)? ?(\d{6})/.exec(text)?.[1] ?? '';
        return code !== '' && code !== not;
      }, { timeout: 20_000 })
      .toBe(true);
    return code;
  };

  // Sign in with a code (a first login registers the phone).
  const phone = `137${String(Date.now()).slice(-8)}`;
  await page.goto('/c/');
  await expect(page.getByText('登录掌上电力')).toBeVisible({ timeout: 45_000 });
  await page.getByLabel('手机号').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByRole('textbox', { name: '验证码' }).fill(await codeFor(phone));
  await page.getByRole('button', { name: /登\s*录/ }).click();

  // Bind the 户号: holder name + the code sent to the phone on file.
  // A link that looks like a button (LinkButton): one control, not a button inside a link.
  await page.getByRole('link', { name: '绑定户号' }).first().click();
  await page.getByLabel('户号').fill(target.consNo);
  await page.getByLabel('户主姓名').fill(target.name);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText(/验证码已发送至 1\d\d\*\*\*\*\d{4}/)).toBeVisible();
  await page.getByRole('textbox', { name: '验证码' }).fill(await codeFor(target.phone));
  await page.getByRole('button', { name: /绑\s*定/ }).click();

  // The bill: arrears with 违约金, months with 电量 and 阶梯.
  const due = page.getByTestId('cp-total-due');
  await expect(due).not.toHaveText('¥0.00', { timeout: 30_000 });
  await expect(page.getByTestId('cp-bill').first()).toContainText('千瓦时');
  const owed = await due.textContent();
  await expectFitsPhone(page);
  await expectNoSeriousA11yViolations(page);

  // Pay everything: one order, the provider's checkout, back to the result.
  await page.getByRole('link', { name: '去缴费' }).click();
  await expect(page.getByTestId('cp-pay-amount')).toHaveText(owed!);
  await page.getByRole('button', { name: '确认支付' }).click();
  await expect(page.getByText('模拟支付收银台').or(page.getByText('模拟支付渠道'))).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: '确认支付' }).click();
  await expect(page.getByText('缴费成功')).toBeVisible({ timeout: 45_000 });
  await expectFitsPhone(page);

  // The arrears are gone; the payment is in the history with its electronic receipt.
  await page.getByRole('link', { name: '查看账单' }).click();
  await expect(due).toHaveText('¥0.00', { timeout: 30_000 });
  const receipt = page.getByTestId('cp-receipt').first();
  await expect(receipt).toBeVisible();
  const pdf = await page.request.get((await receipt.getAttribute('href'))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');

  // Report a fault: a 95598 repair ticket from 掌上电力, with its state.
  await page.getByRole('link', { name: '故障报修' }).click();
  await page.getByLabel('故障描述').fill('家里突然没电了，邻居家也没电');
  await page.getByRole('button', { name: '提交报修' }).click();
  await expect(page.getByText(/报修已受理，工单号 \d+/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('cp-repair').first()).toContainText(/待派单|待接单|处理中/);
  // The report is the customer's own, in their words (ADR 0117).
  await expect(page.getByTestId('cp-repair').first()).toContainText('家里突然没电了，邻居家也没电');
  await expectFitsPhone(page);
});
