import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect as baseExpect, test, type APIRequestContext, type Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { apiAs, login, sideMenu } from './helpers.ts';

/**
 * Publishing for teams outside this repository (issue 11), in Chromium against the production build:
 * a System.register app mounts with the platform's React (one renderer), an unprovided import is refused at
 * upload, a leaking global stylesheet is scoped and the shell layout does not move, an app without `access`
 * stays invisible to guest01, and approving without a choice leaves the current version unchanged.
 * Fixtures: e2e/fixtures/publishing (prebuilt, no build step), uploaded by dev01 and approved by rev01.
 */

const expect = baseExpect.configure({ timeout: 20_000 });
const STORE = '/api/svc/appstore/v1';
const FIXTURES = path.resolve(import.meta.dirname, 'fixtures', 'publishing');
const enc = new TextEncoder();

/** A fixture folder as a zip, optionally with manifest fields replaced. */
function zipFolder(name: string, manifest: Record<string, unknown> = {}): Buffer {
  const root = path.join(FIXTURES, name);
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(root, full).split(path.sep).join('/')] = readFileSync(full);
    }
  };
  walk(root);
  const base = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  files['manifest.json'] = enc.encode(JSON.stringify({ ...base, ...manifest }));
  return Buffer.from(zipSync(files));
}

/** A one-file ES module app, for the refusal and closed-by-default cases. */
function inlineApp(id: string, entrySource: string, manifest: Record<string, unknown> = {}): Buffer {
  const full = { id, name: `测试-${id}`, version: '1.0.0', entry: `${id}.js`, category: '测试', routes: [`/app/${id}`], menus: [{ key: id, title: `测试-${id}`, path: `/app/${id}`, order: 930 }], ...manifest };
  return Buffer.from(zipSync({ 'manifest.json': enc.encode(JSON.stringify(full)), [`${id}.js`]: enc.encode(entrySource) }));
}

const LIFECYCLES = "export async function bootstrap() {}\nexport async function mount(p) { p.domElement.textContent = 'closed'; }\nexport async function unmount(p) { p.domElement.textContent = ''; }\n";

/** Uploads as dev01, submits, and approves as rev01 with `approveBody`; returns the approve answer. */
async function publish(dev: APIRequestContext, rev: APIRequestContext, zip: Buffer, approveBody: object = { release: 'current' }) {
  const up = await dev.post(`${STORE}/versions`, { headers: { 'content-type': 'application/zip' }, data: zip });
  expect(up.status(), await up.text()).toBe(201);
  const { appId, version } = (await up.json()) as { appId: string; version: string };
  expect((await dev.post(`${STORE}/apps/${appId}/versions/${version}/submit`)).status()).toBe(204);
  const approved = await rev.post(`${STORE}/apps/${appId}/versions/${version}/approve`, { data: approveBody });
  expect(approved.status(), await approved.text()).toBe(200);
  return (await approved.json()) as { release: string; current: boolean };
}

/** Counts the React renderers that register with the devtools hook: one shared react-dom means one. */
async function countRenderers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const hook = { renderers: new Map<number, unknown>(), supportsFiber: true, isDisabled: false, checkDCE() {}, onCommitFiberRoot() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {}, setStrictMode() {},
      inject(renderer: unknown) {
        const id = hook.renderers.size + 1;
        hook.renderers.set(id, renderer);
        return id;
      } };
    (window as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown }).__REACT_DEVTOOLS_GLOBAL_HOOK__ = hook;
  });
}
const rendererCount = (page: Page) => page.evaluate(() => (window as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__: { renderers: Map<number, unknown> } }).__REACT_DEVTOOLS_GLOBAL_HOOK__.renderers.size);

test.describe.serial('publishing for outside teams', () => {
  test.describe.configure({ timeout: 120_000 });
  let dev: APIRequestContext;
  let rev: APIRequestContext;

  test.beforeAll(async () => {
    [dev, rev] = await Promise.all([apiAs('dev01'), apiAs('rev01')]);
  });
  test.afterAll(async () => {
    await dev?.dispose();
    await rev?.dispose();
  });

  test('uploads: an unprovided import is refused, a SystemJS app and a leaking stylesheet are accepted, approval defaults to no change', async () => {
    const refused = await dev.post(`${STORE}/versions`, {
      headers: { 'content-type': 'application/zip' },
      data: inlineApp('fx-router', `import { BrowserRouter } from 'react-router-dom';\n${LIFECYCLES}export { BrowserRouter };\n`, { access: { anyPermissions: ['store:market:use'] } }),
    });
    expect(refused.status()).toBe(400);
    const { error } = (await refused.json()) as { error: { message: string } };
    expect(error.message).toContain('react-router-dom');
    expect(error.message).toContain('打包进应用');

    expect(await publish(dev, rev, zipFolder('fx-system'))).toMatchObject({ release: 'current', current: true });
    expect(await publish(dev, rev, zipFolder('fx-leaky-css'))).toMatchObject({ release: 'current', current: true });
    // A second version approved without a choice is published, not current: users keep 1.0.0.
    expect(await publish(dev, rev, zipFolder('fx-system', { version: '1.1.0' }), {})).toMatchObject({ release: 'published', current: false });
    const detail = (await (await rev.get(`${STORE}/apps/fx-system`)).json()) as { app: { currentVersion: string } };
    expect(detail.app.currentVersion).toBe('1.0.0');
    // An app without access: published and current, for administrators only.
    await publish(dev, rev, inlineApp('fx-closed', LIFECYCLES));
  });

  test('a SystemJS app mounts with the shared React (one renderer); a leaking stylesheet is scoped and leaves with its app', async ({ page }) => {
    await countRenderers(page);
    await login(page, 'kf01');
    expect(await rendererCount(page)).toBe(1);
    // SystemJS is not part of first paint: it is loaded when the first SystemJS app mounts.
    expect(await page.evaluate(() => typeof (window as unknown as { System?: unknown }).System)).toBe('undefined');
    const header = page.getByTestId('wb-header-user');
    const cssItem = sideMenu(page).getByText('测试-全局样式应用');
    const layout = async () => ({ header: await header.boundingBox(), menu: await cssItem.boundingBox(), body: await page.evaluate(() => getComputedStyle(document.body).lineHeight) });
    const before = await layout();

    await sideMenu(page).getByText('测试-SystemJS应用').click();
    const app = page.getByTestId('fx-system');
    await expect(app).toContainText('SystemJS 应用已加载');
    await expect(app).toContainText('共享 React 实例 · React 19');
    await expect(app).toContainText('/app/fx-system');
    await app.getByRole('button').click();
    await expect(app.getByRole('button')).toHaveText('点击次数 1');
    // The app rendered with the page's react-dom (hooks work, no second renderer); SystemJS came only now.
    expect(await rendererCount(page)).toBe(1);
    expect(await page.evaluate(() => typeof (window as unknown as { System?: unknown }).System)).toBe('object');

    // The leaking reset (`*{margin:0}`, body line-height) applies inside its app only: the shell does not move.
    await cssItem.click();
    const title = page.locator('.fx-leaky-title');
    await expect(title).toHaveCSS('color', 'rgb(200, 0, 0)');
    await expect(title).toHaveCSS('margin-top', '0px');
    await expect(page.locator('link[data-wb-app="fx-leaky-css"]')).toHaveCount(1);
    await expect(app).toBeHidden();
    expect(await layout()).toEqual(before);

    // Back: the SystemJS app's tab kept it mounted with its state (ADR 0053); the leaky app, now in the
    // background, still leaves the shell alone.
    await page.goBack();
    await expect(page.getByTestId('fx-system')).toContainText('点击次数 1');
    expect(await layout()).toEqual(before);
    // Closing the leaky app's tab unmounts it, and its stylesheet leaves with it.
    await page.getByTestId('wb-tabs').locator('[data-wb-tab-close="fx-leaky-css"]').click();
    await expect(page.locator('link[data-wb-app="fx-leaky-css"]')).toHaveCount(0);
  });

  test('an app without access is invisible to guest01 and shown to the administrator', async ({ browser }) => {
    const guest = await browser.newPage();
    const admin = await browser.newPage();
    try {
      await Promise.all([login(guest, 'guest01', undefined, '/app/fx-closed'), login(admin, 'admin')]);
      await expect(guest.getByText('closed', { exact: true })).toHaveCount(0);
      const feed = (await (await guest.request.get('/api/registry/feed')).json()) as { apps: Array<{ id: string }> };
      expect(feed.apps.map((a) => a.id)).not.toContain('fx-closed');
      await expect(sideMenu(guest).getByText('测试-fx-closed')).toHaveCount(0);
      await expect(sideMenu(admin).getByText('测试-fx-closed')).toBeVisible();
    } finally {
      await guest.close();
      await admin.close();
    }
  });
});
