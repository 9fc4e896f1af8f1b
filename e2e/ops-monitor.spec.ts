import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, apiAs, login } from './helpers.ts';

/**
 * 营销运营监测 (issue 15): mgr01 drills down from the city to a 供电所 with overdue 业扩 applications and opens one
 * in 业扩报装; the 大屏 renders its panels at 1920 × 1080 without scrollbars and updates when a payment's event
 * arrives (pushed by the indicators service).
 */
const APP = '/app/ops-monitor';
const IND = '/api/svc/indicators/v1';

interface Summary { org: { code: string }; children: Array<{ org: { code: string; name: string }; values: Array<{ code: string; value: number | null }> }> }

test('drill-down from the city to an overdue application, opened in 业扩报装', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await login(page, 'mgr01', undefined, APP);
  await expect(page.getByRole('heading', { name: /营销运营监测 · 国网江州供电公司/ })).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('kpi-LINE_LOSS')).toContainText('暂无数据源');

  // A county and one of its 供电所 with overdue applications (the seed puts a fifth of those in flight over their limits).
  const overdue = (s: Summary) => s.children.filter((c) => (c.values.find((v) => v.code === 'YK_OVERDUE')?.value ?? 0) > 0);
  const city = (await (await page.request.get(`${IND}/summary`)).json()) as Summary;
  const county = overdue(city)[0];
  if (!county) throw new Error('no county with overdue applications in the seed');
  const unit = overdue((await (await page.request.get(`${IND}/summary?org=${county.org.code}`)).json()) as Summary)[0];
  if (!unit) throw new Error(`no 供电所 with overdue applications under ${county.org.name}`);

  await page.getByTestId(`drill-${county.org.code}`).click();
  await expect(page.getByRole('heading', { name: new RegExp(county.org.name) })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('ops-monitor-county.png') });
  await page.getByTestId(`drill-${unit.org.code}`).click();
  await expect(page.getByRole('heading', { name: new RegExp(unit.org.name) })).toBeVisible();
  await page.getByTestId('kpi-YK_OVERDUE').getByRole('link', { name: '明细' }).click();
  await expect(page.getByRole('heading', { name: /业扩在途超期数 · 明细/ })).toBeVisible();
  const first = page.getByRole('row').nth(1).getByRole('link').first();
  const appNo = (/YK\d{13}/.exec((await first.textContent()) ?? '') ?? [])[0];
  expect(appNo).toBeTruthy();
  await first.click();
  await expect(page).toHaveURL(new RegExp(`/app/new-connection/applications/${appNo}`));
  await expect(page.getByText(appNo!).first()).toBeVisible({ timeout: 30_000 });
});

test('the 大屏 renders its panels without scrollbars and updates when a new event arrives', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  // The screen channel has no header (login() waits for one): sign in, then open the 大屏.
  const res = await page.request.post('/api/identity/login', { data: { username: 'mgr01', password: DEMO_PASSWORD }, headers: { 'x-workbench-request': '1' } });
  expect(res.status(), await res.text()).toBe(200);
  await page.goto(`/screen${APP}`);
  await expect(page.getByTestId('ops-screen')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('screen-tile-YK_ONTIME')).toBeVisible();
  await expect(page.getByTestId('screen-panel')).toBeVisible();
  await expect(page.getByTestId('screen-live')).toContainText('实时推送', { timeout: 30_000 });
  const overflow = await page.evaluate(() => {
    const el = document.querySelector('[data-testid="ops-screen"]') as HTMLElement;
    return { x: el.scrollWidth > el.clientWidth, y: el.scrollHeight > el.clientHeight, page: document.documentElement.scrollHeight > window.innerHeight };
  });
  expect(overflow).toEqual({ x: false, y: false, page: false });
  await page.screenshot({ path: test.info().outputPath('ops-monitor-screen.png') });

  // A counter payment in 临川城区 (df03): its event reaches the screen's feed without a reload.
  const df03 = await apiAs('df03');
  const arrears = (await (await df03.get('/api/svc/billing/v1/arrears?pageSize=50')).json()) as { items: Array<{ consNo: string; oweFen: number }> };
  const debtor = arrears.items.find((r) => r.oweFen > 0);
  if (!debtor) throw new Error('no customer in arrears in 临川城区供电所 in the seed');
  const paid = await df03.post('/api/svc/billing/v1/payments', {
    data: { consNo: debtor.consNo, amountFen: debtor.oweFen + 100_000, method: 'CASH' },
    headers: { 'idempotency-key': `e2e-screen-${debtor.consNo}` },
  });
  expect(paid.status(), await paid.text()).toBe(201);
  await expect(page.getByTestId('screen-recent')).toContainText('柜台收费入账', { timeout: 15_000 });
  await df03.dispose();
});

test('the 营业厅 kiosk shows 停电信息, 电价 and an 业扩 progress lookup; the /screen/ home lists the 大屏', async ({ page }) => {
  test.setTimeout(120_000);
  // An application of the seed and the last 4 digits of its phone (what the customer brings to the hall).
  const admin = await apiAs('admin');
  const list = (await (await admin.get('/api/svc/connection/v1/applications?pageSize=1')).json()) as { items: Array<{ appNo: string }> };
  const appNo = list.items[0]?.appNo;
  if (!appNo) throw new Error('no 业扩 application in the seed');
  const detail = (await (await admin.get(`/api/svc/connection/v1/applications/${appNo}`)).json()) as { contactMobile: string };
  await admin.dispose();

  // The hall's terminal account (zd01) at the kiosk entry, portrait 1080 × 1920.
  await page.setViewportSize({ width: 1080, height: 1920 });
  // The terminal boots to the channel's root, which opens its one app.
  await login(page, 'zd01', undefined, '/kiosk/');
  await expect(page.getByTestId('ops-kiosk')).toBeVisible({ timeout: 45_000 });
  await expect(page).toHaveURL(new RegExp(`/kiosk${APP}$`));
  await expect(page.getByRole('tab', { name: '停电信息' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('kiosk-outages.png') });
  await page.getByRole('tab', { name: '电价标准' }).click();
  await expect(page.getByTestId('kiosk-tariff-RES-LV')).toContainText('第一档电价');
  await page.screenshot({ path: test.info().outputPath('kiosk-tariffs.png') });
  await page.getByRole('tab', { name: '业扩进度查询' }).click();
  await page.getByTestId('kiosk-app-no').fill(appNo);
  await page.getByTestId('kiosk-phone4').fill(detail.contactMobile.endsWith('0000') ? '1111' : '0000');
  await page.getByTestId('kiosk-lookup').click();
  await expect(page.getByText('未找到该申请，请核对申请编号和登记手机号后 4 位')).toBeVisible();
  await page.getByTestId('kiosk-phone4').fill(detail.contactMobile.slice(-4));
  await page.getByTestId('kiosk-lookup').click();
  await expect(page.getByTestId('kiosk-application')).toContainText(appNo);
  await expect(page.getByTestId('kiosk-application')).not.toContainText(detail.contactMobile);
  await page.screenshot({ path: test.info().outputPath('kiosk-application.png') });
  // The terminal account sees no indicator.
  expect((await page.request.get(`${IND}/summary`)).status()).toBe(403);

  // The large-screen entry's home: the screens mgr01 may show, one tile opens the 大屏.
  await page.context().clearCookies();
  await page.setViewportSize({ width: 1920, height: 1080 });
  const res = await page.request.post('/api/identity/login', { data: { username: 'mgr01', password: DEMO_PASSWORD }, headers: { 'x-workbench-request': '1' } });
  expect(res.status(), await res.text()).toBe(200);
  await page.goto('/screen/');
  await expect(page.getByTestId('wb-screen-tile-ops-monitor')).toBeVisible({ timeout: 45_000 });
  await page.screenshot({ path: test.info().outputPath('screen-home.png') });
  await page.getByTestId('wb-screen-tile-ops-monitor').click();
  await expect(page.getByTestId('ops-screen')).toBeVisible({ timeout: 45_000 });
  await expect(page).toHaveURL(/\/screen\/app\/ops-monitor$/);
});
