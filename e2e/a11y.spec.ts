import { expect as baseExpect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD, expectAppReady, expectNoSeriousA11yViolations, sampleCustomer, sideMenu } from './helpers.ts';

/**
 * Accessibility of the main pages (issue 17): axe-core (WCAG 2.0 A/AA, 2.1 AA) finds no serious or critical
 * violation on them, and the side menu, the tab strip and a form work by keyboard alone. One sign-in per account
 * and in-app navigation keep this spec short (CI time).
 */
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 180_000 });

/** Signs in through the API (the login page has its own check) and opens `path`. */
async function signIn(page: Page, username: string, path: string): Promise<void> {
  const res = await page.request.post('/api/identity/login', { data: { username, password: DEMO_PASSWORD }, headers: { 'x-workbench-request': '1' } });
  expect(res.status(), await res.text()).toBe(200);
  await page.goto(path);
}

/** Waits until `ready` shows and nothing on the page is loading any more (spinners, busy app areas). */
async function settled(page: Page, ready: Locator): Promise<void> {
  await expectAppReady(ready);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(page.locator('.ant-spin-spinning, .ant-skeleton-active')).toHaveCount(0);
}

/** Presses `key` (at most `max` times) until the focused element matches `selector`; fails when it never does. */
async function tabTo(page: Page, selector: string, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 40): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`Tab never reached ${selector}`);
}

const focusedText = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

/** Presses `key` (at most `max` times) until `reached` holds; menus and tabs move focus in the next frame. */
async function pressUntil(page: Page, key: string, reached: () => Promise<boolean>, max = 20): Promise<void> {
  for (let i = 0; i < max && !(await reached()); i += 1) {
    await page.keyboard.press(key);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }
  expect(await reached(), `${key} never got there`).toBe(true);
}

test('login page', async ({ page }) => {
  await page.goto('/login');
  await settled(page, page.getByLabel('用户名'));
  await expectNoSeriousA11yViolations(page);
});

test('kf01: home, 我的待办, 客户档案 list and detail, 95598 来电受理, 应用市场', async ({ page }) => {
  await signIn(page, 'kf01', '/');
  await settled(page, page.getByTestId('wb-layout-source'));
  await expectNoSeriousA11yViolations(page);

  await sideMenu(page).getByTestId('wb-menu-inbox').click();
  await settled(page, page.getByRole('tab', { name: /待办（\d+）/ }));
  await expectNoSeriousA11yViolations(page);

  const customer = await sampleCustomer(page, 4);
  await sideMenu(page).getByText('客户档案').click();
  await page.getByPlaceholder(/户号/).fill(customer.consNo.slice(0, 8));
  await settled(page, page.getByRole('row', { name: new RegExp(customer.consNo) }));
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('row', { name: new RegExp(customer.consNo) }).click();
  await settled(page, page.getByText('资产编号'));
  await expectNoSeriousA11yViolations(page);

  await page.goto('/app/service-tickets/intake');
  await settled(page, page.getByRole('button', { name: /模拟来电/ }));
  await expectNoSeriousA11yViolations(page);

  await page.goto('/app/app-store/market');
  await settled(page, page.locator('[data-testid^="market-app-"]').first());
  await expectNoSeriousA11yViolations(page);
});

test('yk01: 业扩 受理登记 form; df03: 柜台收费', async ({ page }) => {
  await signIn(page, 'yk01', '/app/new-connection/accept');
  await settled(page, page.getByText('受理登记（一证受理）'));
  await expectNoSeriousA11yViolations(page);

  await page.context().clearCookies();
  await signIn(page, 'df03', '/app/billing/counter');
  await settled(page, page.getByRole('searchbox', { name: '查找客户' }));
  await expectNoSeriousA11yViolations(page);
});

// The administrator's pages (系统管理, the app store's catalogue, every other app's) are swept by e2e/desk-a11y.spec.ts.

test.describe('phone width (390 px)', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('/m/ 我的待办 and 掌上电力 /c/', async ({ page }) => {
    await signIn(page, 'yk02', '/m/inbox');
    await settled(page, page.getByTestId('wb-bottom-nav'));
    await expectNoSeriousA11yViolations(page);

    await page.context().clearCookies();
    await page.goto('/c/');
    await settled(page, page.getByText('登录掌上电力'));
    await expectNoSeriousA11yViolations(page);
  });
});

test('keyboard alone: side menu opens 受理登记, the form takes input and submits, tabs switch, Esc closes the dialog', async ({ page }) => {
  await signIn(page, 'yk01', '/');
  await settled(page, page.getByTestId('wb-header-user'));

  // Side menu: Tab into it, arrows to 受理登记, Enter opens it.
  await tabTo(page, '[data-testid="wb-side-menu"] [role="menu"]');
  await pressUntil(page, 'ArrowDown', async () => (await focusedText(page)) === '受理登记');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/app\/new-connection\/accept$/);
  const name = page.getByLabel('户名');
  await settled(page, name);

  // The form: a select by arrows, a text field by typing, submit by Enter on the button (required fields are missing).
  await tabTo(page, '#wb-main input[role="combobox"]');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.locator('#wb-main .ant-select').first()).toContainText('低压非居民');
  await tabTo(page, `#${(await name.getAttribute('id')) ?? 'missing'}`);
  await page.keyboard.type('张键盘');
  await expect(name).toHaveValue('张键盘');
  await tabTo(page, '#wb-main button[type="submit"]');
  await page.keyboard.press('Enter');
  await expect(page.locator('#wb-main .ant-form-item-explain-error').first()).toBeVisible();

  // Back to the menu (Shift+Tab), 客户档案 by arrows.
  for (let i = 0; i < 60 && !(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="wb-side-menu"]'))); i += 1) {
    await page.keyboard.press('Shift+Tab');
  }
  await pressUntil(page, 'ArrowDown', async () => (await focusedText(page)) === '客户档案');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/app\/customer-archive/);

  // Tab strip: Shift+Tab from the content (focus moved there) to the active tab, ArrowLeft to 受理登记's tab, Enter switches; the input is still there.
  await tabTo(page, '[data-testid="wb-tabs"] [role="tab"][aria-selected="true"]', 'Shift+Tab');
  await pressUntil(page, 'ArrowLeft', () => page.evaluate(() => !!document.activeElement?.querySelector('[data-wb-tab="new-connection"]')), 5);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/app\/new-connection\/accept$/);
  await expect(name).toHaveValue('张键盘');

  // Delete on the focused tab asks (unsaved input); Esc closes the question and keeps the tab.
  await tabTo(page, '[data-testid="wb-tabs"] [role="tab"][aria-selected="true"]', 'Shift+Tab');
  await page.keyboard.press('Delete');
  const question = page.locator('.ant-modal-confirm');
  await expect(question).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(question).toBeHidden();
  await expect(page.locator('[data-wb-tab="new-connection"]')).toBeVisible();
  await expect(name).toHaveValue('张键盘');
});
