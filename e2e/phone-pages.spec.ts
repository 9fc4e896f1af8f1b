import { expect, test, type Page } from '@playwright/test';
import { expectAppSettled, expectFitsPhone, expectNoSeriousA11yViolations, login } from './helpers.ts';

// ADR 0115: every page a field post (抢修员, 勘查员, 抄表员) is offered on the phone (/m/: 我的待办, and what its 全部
// page lists) fits the phone's screen once loaded: neither the page nor a table on it scrolls sideways; and axe finds
// nothing serious on it.
test.describe('every page offered on the phone fits it (390 px, /m/)', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  /** The paths of the 全部 page's rows. */
  async function phonePages(page: Page): Promise<string[]> {
    const rows = page.getByRole('navigation', { name: '全部功能' }).getByRole('link');
    await expect(rows.first()).toBeVisible({ timeout: 45_000 });
    const paths = await rows.evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    // The e2e server's fixture apps (e2e/fixtures/apps: fx-mobile draws a bare page) are not the product's.
    return paths.filter((path) => !path.startsWith('/m/app/fx-'));
  }

  for (const user of ['qx01', 'yk02', 'df01']) {
    test(`${user}'s pages`, async ({ page }) => {
      test.setTimeout(180_000);
      await login(page, user, undefined, '/m/menu');
      // 我的待办 first (the phone's home for a field post), then the 全部 page's.
      const paths = ['/m/inbox', ...(await phonePages(page))];
      expect(paths.length).toBeGreaterThan(1);
      test.info().annotations.push({ type: 'pages', description: paths.join(' ') });
      for (const path of paths) {
        await test.step(path, async () => {
          await page.goto(path);
          await expectAppSettled(page);
          await expectFitsPhone(page);
          await expectNoSeriousA11yViolations(page);
        });
      }
    });
  }
});
