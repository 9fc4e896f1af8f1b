import { expect, test, type Route } from '@playwright/test';
import { login, sampleCustomer, sideMenu } from './helpers.ts';

/**
 * docs/quality.md R6: a service that is down. The 业扩 service stops answering while its app and 客户档案 are
 * both in use. The browser then gets what the gateway answers for an upstream it cannot reach
 * (`services/src/gateway/proxy.ts`, proven in `gateway.test.ts` and `proxy-http.test.ts`): 503 with the platform's
 * error body. The 业扩 app shows the service's message with 重试. 客户档案 and the shell go on working. Once the
 * service is back, 重试 loads the page.
 */
const DOWN = { error: { code: 'WB_ERR_SERVICE_UNAVAILABLE', message: '服务暂不可用，请稍后重试' } };
const CONNECTION_API = '**/api/svc/connection/**';
const down = (route: Route) => route.fulfill({ status: 503, contentType: 'application/json; charset=utf-8', body: JSON.stringify(DOWN) });

test('业扩 service down: its app shows the message with 重试, 客户档案 goes on working, 重试 recovers', async ({ page }) => {
  await login(page, 'yk01');
  const customer = await sampleCustomer(page, 2);
  await page.route(CONNECTION_API, down);
  // 在途申请 sits in the 业扩报装 submenu: opened when it is folded.
  const openList = async (): Promise<void> => {
    const item = sideMenu(page).getByText('在途申请');
    if (!(await item.isVisible())) await sideMenu(page).getByText('业扩报装').click();
    await item.click();
  };
  await openList();
  const failed = page.getByText('在途申请加载失败');
  await expect(failed).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('服务暂不可用，请稍后重试')).toBeVisible();
  await expect(page.getByText('（WB_ERR_SERVICE_UNAVAILABLE）')).toBeVisible();

  // Another app of the same page works while the service is down, and so does the shell.
  await sideMenu(page).getByText('客户档案').click();
  await expect(page.getByPlaceholder(/户号/)).toBeVisible({ timeout: 30_000 });
  await page.getByPlaceholder(/户号/).fill(customer.consNo.slice(0, 8));
  await expect(page.getByRole('row', { name: new RegExp(customer.consNo) })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('wb-header-user')).toBeVisible();

  // Back in 业扩 the error stays until the service answers; then 重试 loads the list without a page reload.
  await openList();
  await expect(failed).toBeVisible({ timeout: 30_000 });
  await page.unroute(CONNECTION_API);
  await page.getByRole('button', { name: /重\s*试/ }).click();
  await expect(failed).toBeHidden({ timeout: 30_000 });
  await expect(page.locator('.ant-table-row').first()).toBeVisible({ timeout: 30_000 });
});
