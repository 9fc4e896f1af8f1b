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
