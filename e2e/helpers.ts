import { expect, request as playwrightRequest, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Demo password of the seeded accounts (README); the e2e server uses the default. */
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'Workbench#2026';

/** Base URL of the e2e server (playwright.config.ts), for API contexts made outside a page. */
export const E2E_BASE_URL = `http://localhost:${process.env.E2E_PORT ?? 8091}`;

/**
 * Logs in through the real login page and waits for the workbench header. Sign-in (scrypt at production cost)
 * and the shell's first module loads can take long on a loaded two-core machine, hence the header's 45 s.
 * Only the login specs need this path; the others sign in with `login` (no login page to load).
 */
export async function loginThroughPage(page: Page, username: string, password = DEMO_PASSWORD, returnTo?: string): Promise<void> {
  await page.goto(returnTo ? `/login?returnTo=${encodeURIComponent(returnTo)}` : '/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('wb-header-user')).toBeVisible({ timeout: 45_000 });
}

/**
 * Signs in through the login API with the page's own cookie jar (`page.request` shares the context's cookies),
 * then opens `path` and waits for the workbench header (the bottom bar on `/m/`): the session is the one the login page would get, without
 * loading the login page first. The login page itself is covered by e2e/login.spec.ts.
 */
export async function login(page: Page, username: string, password = DEMO_PASSWORD, path = '/'): Promise<void> {
  const res = await page.request.post('/api/identity/login', {
    data: { username, password },
    headers: { 'x-workbench-request': '1' },
  });
  expect(res.status(), await res.text()).toBe(200);
  await page.goto(path);
  // The workbench's header, or the mobile entry's bottom bar (`/m/`).
  await expect(page.getByTestId('wb-header-user').or(page.getByTestId('wb-bottom-nav')).first()).toBeVisible({ timeout: 45_000 });
}

/** An API context signed in as `user` (session cookie and the CSRF header), outside any page. */
export async function apiAs(user: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { 'x-workbench-request': '1' } });
  const res = await ctx.post('/api/identity/login', { data: { username: user, password: DEMO_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return ctx;
}

export interface SampleCustomer {
  consNo: string;
  name: string;
}

/** Picks a real customer through the API with the page's session, so specs do not depend on seed details. */
export async function sampleCustomer(page: Page, offset = 0): Promise<SampleCustomer> {
  const res = await page.request.get(`/api/svc/customer/v1/customers?page=${offset + 1}&pageSize=1`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { items: SampleCustomer[] };
  const first = body.items[0];
  if (!first) throw new Error('the seed has no customers');
  return first;
}

/**
 * Waits for `ready` inside a micro-app, past the e2e server's 20 s shell load timeout (scripts/e2e-server.mjs). A load
 * that times out shows WB_SHELL_002 and fails the test: never clicked away with 重试, so a slow load shows up as a
 * failure to fix, not a retry that hides it (issue 18 item 6).
 */
export async function expectAppReady(ready: Locator): Promise<void> {
  await expect(ready.first()).toBeVisible({ timeout: 30_000 });
}

/** The shell's side menu. */
export function sideMenu(page: Page) {
  return page.getByTestId('wb-side-menu');
}

/** The WCAG rule sets the accessibility checks run (issue 17): WCAG 2.0 A/AA and 2.1 AA. */
export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa'];

/**
 * Runs axe-core on the page as it is now (wait for the content first) and fails on serious or critical violations,
 * naming each rule and the first elements it hit. `exclude`: selectors another owner answers for (say why at the call).
 */
export async function expectNoSeriousA11yViolations(page: Page, exclude: readonly string[] = [], include?: string): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(A11Y_TAGS);
  if (include) builder = builder.include(include);
  for (const selector of exclude) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240)}`).join(' | ')}`);
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

/** The shell's leave question (docs/quality.md R5, ADR 0015). */
export const LEAVE_QUESTION = '当前页面有未保存的内容，离开后将丢失。确定离开吗？';
export const leaveQuestion = (page: Page): Locator => page.locator('.ant-modal-confirm').filter({ hasText: LEAVE_QUESTION });
export const STAY = /留\s*在\s*此\s*页/;
export const LEAVE = /离\s*开/;

/**
 * Answers the leave question once its zoom-in has finished: on a loaded machine Playwright can find the button
 * "stable" between two throttled frames while it still grows, and the click then lands beside it (CI, 2026-12-06).
 */
export async function answerLeaveQuestion(page: Page, button: RegExp): Promise<void> {
  await expect(leaveQuestion(page)).toBeVisible();
  await expect(leaveQuestion(page)).not.toHaveClass(/ant-zoom-appear/);
  await leaveQuestion(page).getByRole('button', { name: button }).click();
}

/**
 * Picks an option of the antd Select labelled `label` (or the Select `field` itself, where one label names several),
 * in the dropdown that Select owns (its `<id>_list`), once the dropdown's opening motion has finished: a click on an
 * option still sliding in can land beside it on a loaded machine (CI, 2026-12-06 and 2026-12-07). Waits until the
 * dropdown has closed, i.e. the choice was taken.
 */
export async function chooseOption(page: Page, label: string | Locator, option: RegExp | string): Promise<void> {
  const field = typeof label === 'string' ? page.getByLabel(label, { exact: true }) : label;
  await field.click();
  const id = await field.getAttribute('id');
  const dropdown = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${id}_list"]`) });
  await expect(dropdown).toBeVisible();
  await expect(dropdown).not.toHaveClass(/slide-up-(appear|enter)/);
  await dropdown.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
  await expect(dropdown).toBeHidden();
}

/**
 * Nothing on the page is wider than the phone's screen: neither the page itself nor a table scrolling sideways
 * inside its card (a clerk on site reads a record without swiping it; ADR 0115).
 */
export async function expectFitsPhone(page: Page, width = 390): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  const sideways = await page
    .locator('.ant-table-content, .ant-table-body')
    .evaluateAll((tables) => tables.filter((t) => t.scrollWidth > t.clientWidth + 1).map((t) => t.closest('.ant-card')?.querySelector('.ant-card-head-title')?.textContent ?? '(table)'));
  expect(sideways, 'tables that scroll sideways').toEqual([]);
}

/**
 * An app's page loaded, in the workbench or on the phone: something of the app shows in the page's main area (other
 * tabs keep their apps mounted, hidden: the visible one is this page's), and nothing there is still loading.
 */
export async function expectAppSettled(page: Page): Promise<void> {
  const main = page.locator('main');
  await expect(main.locator('input:visible, button:visible, table:visible, .ant-card:visible, .ant-result:visible, [data-testid="ops-screen"]').first()).toBeVisible({ timeout: 45_000 });
  await expect(main.locator('.ant-skeleton, .ant-spin-spinning')).toHaveCount(0, { timeout: 30_000 });
}
