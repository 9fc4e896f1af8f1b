import { expect, test, type Page } from '@playwright/test';
import { login, sideMenu } from './helpers.ts';

/** The shell keeps working: the header is there and another app opens from the menu. */
async function expectShellUsable(page: Page): Promise<void> {
  await expect(page.getByTestId('wb-header-user')).toBeVisible();
  await sideMenu(page).getByText('客户档案').click();
  await expect(page.getByPlaceholder(/户号/)).toBeVisible();
}

function collectErrorReports(page: Page): string[] {
  const reports: string[] = [];
  page.on('request', (req) => {
    if (req.url().endsWith('/api/client-errors') && req.method() === 'POST') reports.push(req.postData() ?? '');
  });
  return reports;
}

test.beforeEach(async ({ page }) => {
  await login(page, 'kf01');
});

test('a bundle that answers 404 shows an error panel with retry inside its area (R1)', async ({ page }) => {
  const reports = collectErrorReports(page);
  await page.route('**/assets/apps/fx-healthy/**', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await sideMenu(page).getByText('测试-正常应用').click();
  const panel = page.getByTestId('wb-app-error');
  await expect(panel).toBeVisible({ timeout: 3_000 });
  await expect(panel).toContainText('WB_SHELL_001');
  await expect(panel.getByRole('button', { name: /重\s*试/ })).toBeVisible();
  await expect.poll(() => reports.length).toBeGreaterThanOrEqual(1);

  // The bundle comes back: retry loads the app without a page reload.
  await page.unroute('**/assets/apps/fx-healthy/**');
  await panel.getByRole('button', { name: /重\s*试/ }).click();
  await expect(page.getByTestId('fx-healthy')).toBeVisible();
  await expectShellUsable(page);
});

test('a bundle that hangs hits the shell load timeout and navigation stays responsive (R2)', async ({ page }) => {
  await page.route('**/assets/apps/fx-healthy/**', () => {
    // never answer
  });
  await sideMenu(page).getByText('测试-正常应用').click();
  // Navigation works while the import is still pending.
  await sideMenu(page).getByText('客户档案').click();
  await expect(page.getByPlaceholder(/户号/)).toBeVisible();
  await sideMenu(page).getByText('测试-正常应用').click();
  const panel = page.getByTestId('wb-app-error');
  // The e2e server's load timeout is 20 s (scripts/e2e-server.mjs).
  await expect(panel).toContainText('WB_SHELL_002', { timeout: 30_000 });
  await expectShellUsable(page);
});

test('an app whose mount throws is marked broken, reported once, and the shell stays up (R3)', async ({ page }) => {
  const reports = collectErrorReports(page);
  await sideMenu(page).getByText('测试-挂载失败').click();
  const panel = page.getByTestId('wb-app-error');
  await expect(panel).toContainText('WB_SHELL_003');
  await expect.poll(() => reports.filter((r) => r.includes('fx-mount-throws')).length).toBe(1);
  await expectShellUsable(page);
});

test('a render error shows the app error boundary; the shell is untouched (R4)', async ({ page }) => {
  await sideMenu(page).getByText('测试-渲染失败').click();
  await expect(page.getByText('应用出现错误')).toBeVisible();
  await expectShellUsable(page);
});

test('a plain single-spa app written without the SDK runs', async ({ page }) => {
  await sideMenu(page).getByText('测试-正常应用').click();
  await expect(page.getByTestId('fx-healthy')).toContainText('正常应用已加载');
});
