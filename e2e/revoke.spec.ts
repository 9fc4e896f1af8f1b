import { expect, test, type APIRequestContext } from '@playwright/test';
import { login, sampleCustomer, sideMenu } from './helpers.ts';

/**
 * Issue 3 browser test: an administrator revokes a permission; the user's next request is refused (the
 * principal cache follows the grant version, docs/quality.md S6) and the menu entry is gone at the next feed
 * refresh. Admin and user each have their own browser context (their own session cookie).
 */

const CSRF = { 'x-workbench-request': '1' };
const INITIAL_PASSWORD = 'Initial#Pass-2026';
const NEW_PASSWORD = 'Quiet-Harbor-Lantern-71';
const STATION = '334010101';

async function json<T>(res: Awaited<ReturnType<APIRequestContext['get']>>, status: number): Promise<T> {
  expect(res.status(), await res.text()).toBe(status);
  return (await res.json()) as T;
}

test('revoking a post: the next API call answers 403 and 客户档案 leaves the menu after a reload', async ({ browser, page }) => {
  // Two sign-ins, a user creation and a password change at the production scrypt cost, then two workbench
  // loads: close to a minute on a busy two-core machine.
  test.slow();
  const username = `e2e${Date.now().toString(36)}r`;
  const admin = await browser.newContext();
  try {
    const adminPage = await admin.newPage();
    await login(adminPage, 'admin');
    const iam = adminPage.request;
    const user = await json<{ id: string }>(
      await iam.post('/api/svc/iam/v1/users', {
        headers: CSRF,
        data: { username, displayName: '撤权测试', orgUnitCode: STATION, initialPassword: INITIAL_PASSWORD },
      }),
      201,
    );
    // YK_ACCEPT confers CUST_VIEWER (cust:archive:view) in the station where it is held.
    const assignment = await json<{ id: string; postCode: string }>(
      await iam.post(`/api/svc/iam/v1/users/${user.id}/posts`, { headers: CSRF, data: { postCode: 'YK_ACCEPT', orgUnitCode: STATION, primary: true } }),
      201,
    );
    expect(assignment.postCode).toBe('YK_ACCEPT');

    // The user: first login, password change through the API (the UI flow is password.spec.ts), then the workbench.
    await login(page, username, INITIAL_PASSWORD);
    const changed = await page.request.post('/api/identity/password', { headers: CSRF, data: { currentPassword: INITIAL_PASSWORD, newPassword: NEW_PASSWORD } });
    expect(changed.status()).toBe(200);
    await page.goto('/');
    await expect(sideMenu(page).getByText('客户档案')).toBeVisible();
    const customer = await sampleCustomer(page);
    await sideMenu(page).getByText('客户档案').click();
    await expect(page).toHaveURL(/\/app\/customer-archive/);
    await page.getByPlaceholder(/户号/).fill(customer.consNo);
    await expect(page.getByRole('row', { name: new RegExp(customer.consNo) })).toBeVisible();

    // The administrator removes the post assignment.
    const removed = await iam.delete(`/api/svc/iam/v1/users/${user.id}/posts/${assignment.id}`, { headers: CSRF });
    expect(removed.status()).toBe(204);
  } finally {
    await admin.close();
  }

  // The very next call is refused: no cache lets the old grant through.
  const next = await page.request.get('/api/svc/customer/v1/customers?q=31');
  expect(next.status()).toBe(403);
  // And the next feed (a reload) no longer offers the app.
  await page.reload();
  await expect(page.getByTestId('wb-header-user')).toBeVisible();
  await expect(sideMenu(page).getByText('客户档案')).toHaveCount(0);
});
