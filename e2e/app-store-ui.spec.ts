import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect as baseExpect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { DEMO_PASSWORD, expectAppReady, sideMenu } from './helpers.ts';

/**
 * The 应用商店 micro-app in the real browser (issue 4): a developer uploads a zip on the upload page and submits
 * it; a reviewer approves it in 待审核; a staff member finds it in 应用市场 and takes it out of and back into
 * their own side menu, which follows without a reload (the shell refetches the feed on the SDK's request); a
 * reviewer's stale visibility edit is refused (If-Match through the gateway, 412) and kept for a checked retry.
 */

// A loaded shared machine is slow to load micro-apps and hash passwords: allow more than the default 7 s.
const expect = baseExpect.configure({ timeout: 20_000 });

const FIXTURE_DIST = path.resolve(import.meta.dirname, 'fixtures', 'apps', 'fx-healthy', 'dist');
const APP_ID = 'fx-market';
const APP_NAME = '测试-市场应用';

/** fx-healthy's built bundle, re-labelled as a new app so that this spec owns it. */
function bundleZip(): string {
  const files: Record<string, Uint8Array> = {};
  for (const name of readdirSync(FIXTURE_DIST)) {
    if (name.endsWith('.gz') || name.endsWith('.br')) continue;
    files[`dist/${name}`] = readFileSync(path.join(FIXTURE_DIST, name));
  }
  const manifest = JSON.parse(readFileSync(path.join(FIXTURE_DIST, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const relabelled = {
    ...manifest,
    id: APP_ID,
    name: APP_NAME,
    version: '1.0.0',
    description: '浏览器测试通过上传页面发布的应用。',
    changelog: '浏览器测试上传的首个版本',
    category: '测试',
    routes: [`/app/${APP_ID}`],
    menus: [{ key: APP_ID, title: APP_NAME, path: `/app/${APP_ID}`, order: 920 }],
  };
  files['dist/manifest.json'] = new TextEncoder().encode(JSON.stringify(relabelled, null, 2));
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'wb-app-store-ui-')), `${APP_ID}.zip`);
  writeFileSync(file, zipSync(files));
  return file;
}

/** Waits for `ready` inside a micro-app without retrying a load timeout (`expectAppReady`). */
async function waitForApp(_page: Page, ready: Locator): Promise<void> {
  await expectAppReady(ready);
}

/** Logs in through the login page; password hashing is slow on a loaded machine, so the wait is generous. */
async function asUser(browser: Browser, username: string, target: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/login?returnTo=${encodeURIComponent(target)}`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('wb-header-user')).toBeVisible({ timeout: 30_000 });
  await page.waitForURL((url) => url.pathname === target);
  return page;
}

test.describe.serial('应用商店 micro-app', () => {
  // Each step logs in through the page and loads the app cold; a loaded shared machine needs minutes.
  test.describe.configure({ timeout: 240_000 });

  test('dev01 uploads a zip on the upload page and submits it for review', async ({ browser }) => {

    // dev01: upload page → 上传成功 with files and integrity → 提交审核.
    const dev = await asUser(browser, 'dev01', '/app/app-store/admin/upload');
    await waitForApp(dev, dev.getByText('点击或拖拽应用包（.zip）到此处'));
    await dev.locator('input[type=file]').setInputFiles(bundleZip());
    await expect(dev.getByText(`已选择：${APP_ID}.zip`)).toBeVisible();
    await dev.getByRole('button', { name: /^上\s*传$/ }).click();
    const result = dev.locator('.ant-card', { hasText: '上传成功' });
    await expect(result).toBeVisible();
    await expect(result.getByText('manifest.json', { exact: true })).toBeVisible();
    await expect(result.getByText(/^sha384-/).first()).toBeVisible();
    await result.getByRole('button', { name: '提交审核' }).click();
    await expect(result.getByText('已提交审核，等待审核员处理')).toBeVisible();
    // The uploader is not offered the review buttons of their own version.
    await dev.goto('/app/app-store/admin/review');
    const ownRow = dev.getByRole('row', { name: new RegExp(APP_ID) });
    await waitForApp(dev, ownRow);
    await expect(ownRow.getByRole('button')).toHaveCount(0);
    await dev.context().close();
  });

  test('rev01 approves it in 待审核 and it becomes current', async ({ browser }) => {

    // rev01: 待审核 → 通过 (made current).
    const rev = await asUser(browser, 'rev01', '/app/app-store/admin/review');
    const row = rev.getByRole('row', { name: new RegExp(APP_ID) });
    await waitForApp(rev, row);
    await expect(row).toContainText('浏览器测试上传的首个版本');
    await row.getByRole('button', { name: /通\s*过/ }).click();
    const dialog = rev.getByRole('dialog');
    await dialog.getByRole('button', { name: /通\s*过/ }).click();
    await expect(rev.getByText(`已通过 ${APP_NAME} 1.0.0`)).toBeVisible();
    await rev.goto(`/app/app-store/admin/apps/${APP_ID}`);
    const versionRow = rev.locator('tr[data-row-key="1.0.0"]');
    await waitForApp(rev, versionRow);
    await expect(versionRow.getByText('当前', { exact: true })).toBeVisible();
    await expect(versionRow).toContainText('dev01');
    await expect(versionRow).toContainText('rev01');
    await rev.context().close();
  });

  test('kf01 sees it in 应用市场 and takes it out of and back into the side menu', async ({ browser }) => {

    // kf01: 应用市场 shows it, in the menu by default; remove and add back, the side menu follows.
    const staff = await asUser(browser, 'kf01', '/app/app-store/market');
    const card = staff.getByTestId(`market-app-${APP_ID}`);
    await waitForApp(staff, card);
    await expect(card).toContainText('浏览器测试通过上传页面发布的应用。');
    await expect(card).toContainText('已在菜单');
    const menuEntry = sideMenu(staff).getByText(APP_NAME);
    await expect(menuEntry).toBeVisible();
    await card.getByRole('button', { name: '从菜单移除' }).click();
    await expect(card).toContainText('未在菜单');
    await expect(menuEntry).toHaveCount(0);
    await card.getByRole('button', { name: '添加到我的菜单' }).click();
    await expect(card).toContainText('已在菜单');
    await expect(menuEntry).toBeVisible();
    // The choice is the user's own and persists.
    await staff.reload();
    await expect(sideMenu(staff).getByText(APP_NAME)).toBeVisible();
    await staff.context().close();
  });

  test('rev01 saves visibility over a colleague’s change only after seeing it (If-Match, 412), keeping the input', async ({ browser }) => {

    const rev = await asUser(browser, 'rev01', `/app/app-store/admin/apps/${APP_ID}`);
    await waitForApp(rev, rev.getByRole('tab', { name: '可见性' }));
    await rev.getByRole('tab', { name: '可见性' }).click();
    // The input is there before the colleague's change: a pick lost while the dropdown moved (a loaded machine)
    // would make this a save of unchanged settings, and the 412 would rightly reset an untouched form.
    const posts = rev.locator('.ant-form-item', { hasText: '对这些岗位隐藏' });
    const picked = posts.locator('.ant-select-selection-item', { hasText: '回访员（KF_REVISIT）' });
    await expect(async () => {
      if (!(await picked.isVisible())) {
        await rev.getByLabel('对这些岗位隐藏').click();
        await rev.getByTitle('回访员（KF_REVISIT）').click();
        await rev.keyboard.press('Escape');
      }
      await expect(picked).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    // Meanwhile admin hides the app from a unit through the API (rev01's page still shows the old settings).
    const admin = await asUser(browser, 'admin', '/');
    const changed = await admin.request.put(`/api/svc/appstore/v1/apps/${APP_ID}/visibility`, {
      headers: { 'x-workbench-request': '1' },
      data: { hiddenOrgUnitCodes: ['3340180'], hiddenPostCodes: [] },
    });
    expect(changed.status()).toBe(200);
    await admin.context().close();
    await rev.getByRole('button', { name: /保\s*存/ }).click();
    await expect(rev.getByText('该应用已被其他人修改，已刷新为最新内容，请核对后重试')).toBeVisible();
    await expect(rev.getByText(/最新设置：对单位 3340180 隐藏/)).toBeVisible();
    await expect(posts).toContainText('回访员（KF_REVISIT）');
    // Checked: saved again, now against the refreshed ETag.
    await rev.getByRole('button', { name: /保\s*存/ }).click();
    await expect(rev.getByText('可见性设置已保存')).toBeVisible();
    await rev.reload();
    await waitForApp(rev, rev.getByRole('tab', { name: '可见性' }));
    await rev.getByRole('tab', { name: '可见性' }).click();
    await expect(rev.locator('.ant-form-item', { hasText: '对这些岗位隐藏' })).toContainText('回访员（KF_REVISIT）');
    await rev.context().close();
  });
});
