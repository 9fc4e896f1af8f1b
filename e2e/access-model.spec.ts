import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, sampleCustomer, sideMenu } from './helpers.ts';

/**
 * Issue 3 in the browser: post switch without a page reload, the mobile channel entry, and the CSP nonce the
 * shell needs to map newly allowed apps. Seed-independent: the specs read posts, customers and feeds through
 * the page's own session. (The internet-zone feed is a server test: the e2e server reaches the browser over
 * loopback, which is intranet, and the zone never comes from anything the client sends.)
 */

/** Logs in on a channel entry's login page (`''` PC workbench, `/m` mobile) and waits for the layout. */
async function loginAt(page: Page, basename: string, username: string): Promise<void> {
  await page.goto(`${basename}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page).toHaveURL(new RegExp(`${basename}/$`));
}

interface FeedBody {
  channel: string;
  apps: Array<{ id: string }>;
  user: { activePost: { code: string; orgUnitCode: string } | null } | null;
}

async function feedOf(page: Page, channel?: string): Promise<FeedBody> {
  const res = await page.request.get('/api/registry/feed', channel ? { headers: { 'x-workbench-channel': channel } } : {});
  expect(res.status()).toBe(200);
  return (await res.json()) as FeedBody;
}

/** Picks the first post that is not the active one in the header's user menu; returns its label. */
async function switchToOtherPost(page: Page): Promise<string> {
  await page.getByTestId('wb-header-user').click();
  const options = page.getByTestId('wb-post-option');
  await expect(options.first()).toBeVisible();
  expect(await options.count()).toBeGreaterThan(1);
  await expect(page.locator('[data-testid="wb-post-option"][data-active="true"]')).toHaveCount(1);
  const target = page.locator('[data-testid="wb-post-option"][data-active="false"]').first();
  const label = (await target.textContent()) ?? '';
  await target.click();
  await expect(page.getByTestId('wb-header-post')).toHaveText(label);
  return label;
}

const customerDetail = (page: Page, consNo: string) => page.request.get(`/api/svc/customer/v1/customers/${consNo}`);

test('post switch: header, feed and customer data scope follow the post, without a page reload', async ({ page }) => {
  // Two searches in two posts, a switch and a reload check: ~45 s on a busy two-core machine.
  test.slow();
  await loginAt(page, '', 'multi01');
  const firstPost = (await page.getByTestId('wb-header-post').textContent()) ?? '';
  const postBefore = (await feedOf(page)).user?.activePost;
  const customer = await sampleCustomer(page);
  await page.goto(`/app/customer-archive/customers/${customer.consNo}`);
  await expect(page.getByText(customer.name).first()).toBeVisible();
  // A full page load would drop this marker.
  await page.evaluate(() => Object.assign(window, { __wbNoReload: 'kept' }));

  const label = await switchToOtherPost(page);
  expect(label).not.toBe(firstPost);
  const after = await feedOf(page);
  expect(after.user?.activePost).not.toEqual(postBefore);
  // The customer of the first post's org unit is outside the second post's data scope (or the second post
  // may not use 客户档案 at all): the server refuses either way.
  const detail = await customerDetail(page, customer.consNo);
  expect([403, 404]).toContain(detail.status());
  if (after.apps.some((app) => app.id === 'customer-archive')) {
    // The app was remounted with the new session and fetched again under the new scope.
    await expect(page.getByText('未找到该户号的客户')).toBeVisible();
  } else {
    await expect(page).toHaveURL(/\/$/);
    await expect(sideMenu(page).getByText('客户档案')).toHaveCount(0);
  }
  expect(await page.evaluate(() => (window as { __wbNoReload?: string }).__wbNoReload)).toBe('kept');

  // And back: the first post sees its customer again, still in the same page.
  await switchToOtherPost(page);
  await expect(page.getByTestId('wb-header-post')).toHaveText(firstPost);
  expect((await customerDetail(page, customer.consNo)).status()).toBe(200);
  await page.goto(`/app/customer-archive/customers/${customer.consNo}`);
  await expect(page.getByText(customer.name).first()).toBeVisible();
});

test('the mobile entry shows only mobile apps, in the mobile layout', async ({ page }) => {
  await loginAt(page, '/m', 'kf01');
  await expect(page.getByTestId('wb-layout-mobile')).toBeVisible();
  await expect(page.getByTestId('wb-side-menu')).toHaveCount(0);
  const nav = page.getByTestId('wb-bottom-nav');
  await expect(nav).toBeVisible();
  await expect(nav.getByText('我的', { exact: true })).toBeVisible();
  await expect(nav.getByText('测试-移动应用')).toBeVisible();
  await expect(nav.getByText('客户档案')).toHaveCount(0);

  const mobile = await feedOf(page, 'mobile');
  expect(mobile.channel).toBe('mobile');
  expect(mobile.apps.map((app) => app.id)).toContain('fx-mobile');
  expect(mobile.apps.map((app) => app.id)).not.toContain('customer-archive');
  const importMap = await page.evaluate(() => document.querySelector('script[type="importmap"]')?.textContent ?? '');
  expect(importMap).toContain('@wb-app/fx-mobile');
  expect(importMap).not.toContain('@wb-app/customer-archive');

  await nav.getByText('测试-移动应用').click();
  await expect(page).toHaveURL(/\/m\/app\/fx-mobile$/);
  await expect(page.getByTestId('fx-mobile')).toHaveText('移动应用已加载：/m/app/fx-mobile');

  // The PC workbench does not offer the mobile-only app, and says so (not 无权访问: the user has it on /m/).
  expect((await feedOf(page)).apps.map((app) => app.id)).not.toContain('fx-mobile');
  await page.goto('/app/fx-mobile');
  await expect(page.getByText('该页面未在此渠道提供')).toBeVisible();
  await expect(sideMenu(page)).toBeVisible();
});

test('a channel login page keeps the channel prefix in returnTo', async ({ page }) => {
  await page.goto('/m/app/fx-mobile');
  await expect(page).toHaveURL(/\/m\/login\?returnTo=%2Fapp%2Ffx-mobile$/);
  await page.getByLabel('用户名').fill('kf01');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page).toHaveURL(/\/m\/app\/fx-mobile$/);
  await expect(page.getByTestId('fx-mobile')).toBeVisible();
});

test('the page nonce admits an added import map; one without it is refused by the CSP', async ({ page }) => {
  const response = await page.goto('/login');
  const csp = response?.headers()['content-security-policy'] ?? '';
  const nonce = await page.locator('meta[name="wb-csp-nonce"]').getAttribute('content');
  expect(nonce).toBeTruthy();
  expect(csp).toContain(`'nonce-${nonce}'`);
  // What the shell does after a post switch that allows a new app: a second import map (Chromium merges it).
  const results = await page.evaluate(async (value) => {
    const first = JSON.parse(document.querySelector('script[type="importmap"]')?.textContent ?? '{}') as { imports: Record<string, string> };
    const react = first.imports['react'] ?? '';
    const add = (specifier: string, withNonce: boolean): void => {
      const script = document.createElement('script');
      script.type = 'importmap';
      if (withNonce) script.nonce = value ?? '';
      script.textContent = JSON.stringify({ imports: { [specifier]: react } });
      document.head.appendChild(script);
    };
    const attempt = (specifier: string) =>
      import(/* @vite-ignore */ specifier).then(
        () => 'loaded',
        () => 'refused',
      );
    add('@wb-e2e/with-nonce', true);
    add('@wb-e2e/without-nonce', false);
    return [await attempt('@wb-e2e/with-nonce'), await attempt('@wb-e2e/without-nonce')];
  }, nonce);
  expect(results).toEqual(['loaded', 'refused']);
});
