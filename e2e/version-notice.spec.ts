import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect as baseExpect, test, type APIRequestContext, type Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { apiAs, expectAppReady, login } from './helpers.ts';

/**
 * Issue 4: a user who has an app open when a new version is published sees a quiet notice and is never
 * reloaded; 刷新 loads the new version. The app is a copy of the foreign fixture under its own id, so this
 * spec does not depend on e2e/app-store.spec.ts.
 */

const expect = baseExpect.configure({ timeout: 20_000 });
const STORE = '/api/svc/appstore/v1';
const FOREIGN_DIR = path.resolve(import.meta.dirname, 'fixtures', 'foreign-app');
const APP_ID = 'fx-notice';


/** The foreign fixture as app `fx-notice` at `version`, showing `label`. */
function bundle(version: string, label: string): Buffer {
  const base = JSON.parse(readFileSync(path.join(FOREIGN_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const manifest = {
    ...base,
    id: APP_ID,
    name: '测试-版本通知',
    version,
    changelog: label,
    routes: [`/app/${APP_ID}`],
    menus: [{ key: APP_ID, title: '测试-版本通知', path: `/app/${APP_ID}`, order: 920 }],
  };
  const entry = readFileSync(path.join(FOREIGN_DIR, 'fx-foreign.js'), 'utf8').replace("'外部应用已加载'", `'${label}'`);
  const enc = new TextEncoder();
  return Buffer.from(zipSync({ 'manifest.json': enc.encode(JSON.stringify(manifest)), 'fx-foreign.js': enc.encode(entry) }));
}

/** Waits for the app and its text without retrying a load timeout (`expectAppReady`). */
async function waitForApp(page: Page, text: string): Promise<void> {
  const app = page.getByTestId('fx-foreign');
  await expectAppReady(app);
  await expect(app).toContainText(text);
}

async function publish(dev: APIRequestContext, rev: APIRequestContext, version: string, label: string): Promise<void> {
  const up = await dev.post(`${STORE}/versions`, { headers: { 'content-type': 'application/zip' }, data: bundle(version, label) });
  expect(up.status(), await up.text()).toBeLessThan(300);
  expect((await dev.post(`${STORE}/apps/${APP_ID}/versions/${version}/submit`)).status()).toBe(204);
  const approved = await rev.post(`${STORE}/apps/${APP_ID}/versions/${version}/approve`, { data: { release: 'current' } });
  expect(approved.status(), await approved.text()).toBe(200);
}

test('a new version while the app is open: a notice with 刷新, no reload; 刷新 loads it', async ({ page }) => {
  test.slow();
  const dev = await apiAs('dev01');
  const rev = await apiAs('rev01');
  try {
    await publish(dev, rev, '1.0.0', '通知测试第一版');
    await login(page, 'kf01');
    await page.goto(`/app/${APP_ID}`);
    await waitForApp(page, '通知测试第一版');
    const app = page.getByTestId('fx-foreign');
    // Survives only as long as the page is not reloaded.
    await page.evaluate(() => ((window as unknown as { h6Marker: string }).h6Marker = 'same page'));

    await publish(dev, rev, '1.1.0', '通知测试第二版');
    // The shell polls every 60 s and on focus; the SDK's refresh event asks at once.
    await page.evaluate(() => window.dispatchEvent(new CustomEvent('wb:feed-refresh')));
    await expect(page.getByTestId('wb-version-notice')).toHaveText('应用「测试-版本通知」已发布新版本 1.1.0，保存当前工作后点击刷新即可使用');
    expect(await page.evaluate(() => (window as unknown as { h6Marker?: string }).h6Marker)).toBe('same page');
    await expect(app).toContainText('通知测试第一版');

    await page.getByRole('button', { name: /刷\s*新/ }).click();
    await waitForApp(page, '通知测试第二版');
    expect(await page.evaluate(() => (window as unknown as { h6Marker?: string }).h6Marker)).toBeUndefined();
  } finally {
    await dev.dispose();
    await rev.dispose();
  }
});
