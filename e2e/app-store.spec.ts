import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect as baseExpect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { DEMO_PASSWORD, E2E_BASE_URL, apiAs, expectAppReady, login, sideMenu } from './helpers.ts';

/**
 * The app store end to end (issue 4), against the production-mode e2e server: a foreign single-spa app
 * published with the CLI and opened; a visibly different v2 approved, then rolled back; a targeted rollout;
 * a tampered bundle blocked by integrity (S10); no import-map overrides in production mode.
 */

// Sign-ins (scrypt at production cost) and first module loads are slow on a loaded machine; the steps
// here wait longer than the suite's default rather than flake.
const expect = baseExpect.configure({ timeout: 20_000 });

const STORE = '/api/svc/appstore/v1';
const FOREIGN_DIR = path.resolve(import.meta.dirname, 'fixtures', 'foreign-app');
const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** The foreign app's bundle with another version and a visibly different text. */
function foreignVersion(version: string, label: string): Buffer {
  const manifest = { ...JSON.parse(readFileSync(path.join(FOREIGN_DIR, 'manifest.json'), 'utf8')), version, changelog: label };
  const entry = readFileSync(path.join(FOREIGN_DIR, 'fx-foreign.js'), 'utf8').replace("'外部应用已加载'", `'${label}'`);
  expect(entry).toContain(label);
  const enc = new TextEncoder();
  return Buffer.from(zipSync({ 'manifest.json': enc.encode(JSON.stringify(manifest)), 'fx-foreign.js': enc.encode(entry) }));
}

/** Waits for the app (a test id or a locator) without retrying a load timeout (`expectAppReady`). */
async function waitForApp(page: Page, target: string | Locator): Promise<void> {
  await expectAppReady(typeof target === 'string' ? page.getByTestId(target) : target);
}

async function openForeign(page: Page): Promise<void> {
  await page.goto('/app/fx-foreign');
  await waitForApp(page, 'fx-foreign');
}

test.describe.serial('app store', () => {
  // Spawning the CLI (npm + tsx) and several sign-ins take longer than one page test on a loaded machine.
  test.describe.configure({ timeout: 180_000 });
  let dev: APIRequestContext;
  let rev: APIRequestContext;

  test.beforeAll(async () => {
    dev = await apiAs('dev01');
    rev = await apiAs('rev01');
  });
  test.afterAll(async () => {
    await dev?.dispose();
    await rev?.dispose();
  });

  test('a foreign single-spa app published with the CLI runs in the workbench', async ({ page }) => {
    const { stdout } = await promisify(execFile)(
      'npm',
      ['run', '--silent', 'publish-app', '--', FOREIGN_DIR, '--server', E2E_BASE_URL, '--submit'],
      { cwd: REPO_ROOT, env: { ...process.env, WB_USER: 'dev01', WB_PASSWORD: DEMO_PASSWORD } },
    );
    expect(stdout).toContain('已提交审核：fx-foreign@1.0.0');
    // Not served before review.
    await login(page, 'kf01');
    await expect(sideMenu(page).getByText('测试-外部应用')).toHaveCount(0);
    const approved = await rev.post(`${STORE}/apps/fx-foreign/versions/1.0.0/approve`, { data: { release: 'current' } });
    expect(approved.status(), await approved.text()).toBe(200);
    await page.reload();
    await sideMenu(page).getByText('测试-外部应用').click();
    await waitForApp(page, 'fx-foreign');
    await expect(page.getByTestId('fx-foreign')).toContainText('外部应用已加载');
  });

  test('a visibly different v2 reaches users after review, and a rollback brings v1 back', async ({ page }) => {
    const up = await dev.post(`${STORE}/versions`, { headers: { 'content-type': 'application/zip' }, data: foreignVersion('2.0.0', '外部应用第二版') });
    expect(up.status(), await up.text()).toBe(201);
    expect((await dev.post(`${STORE}/apps/fx-foreign/versions/2.0.0/submit`)).status()).toBe(204);
    expect((await rev.post(`${STORE}/apps/fx-foreign/versions/2.0.0/approve`, { data: { release: 'current' } })).status()).toBe(200);

    await login(page, 'kf01');
    await openForeign(page);
    await expect(page.getByTestId('fx-foreign')).toContainText('外部应用第二版');

    const back = await rev.post(`${STORE}/apps/fx-foreign/rollback`, { data: { version: '1.0.0' } });
    expect(back.status(), await back.text()).toBe(200);
    await page.reload();
    await openForeign(page);
    await expect(page.getByTestId('fx-foreign')).toContainText('外部应用已加载');
    await expect(page.getByTestId('fx-foreign')).not.toContainText('第二版');
  });

  test('a targeted rollout serves v2 to a user of the target org unit and v1 to another', async ({ browser }) => {
    // Current is 1.0.0 after the rollback; 2.0.0 is published. yk01 works in 334010101 (under 3340101), kf01 in 3340180.
    const set = await rev.put(`${STORE}/apps/fx-foreign/rollout`, { data: { version: '2.0.0', orgUnitCodes: ['3340101'] } });
    expect(set.status(), await set.text()).toBe(200);
    const inTarget = await browser.newPage();
    const outside = await browser.newPage({ storageState: undefined });
    try {
      await login(inTarget, 'yk01');
      await openForeign(inTarget);
      await expect(inTarget.getByTestId('fx-foreign')).toContainText('外部应用第二版');
      await login(outside, 'kf01');
      await openForeign(outside);
      await expect(outside.getByTestId('fx-foreign')).toContainText('外部应用已加载');
    } finally {
      await inTarget.close();
      await outside.close();
      await rev.delete(`${STORE}/apps/fx-foreign/rollout`);
    }
  });

  test('a bundle changed after publishing never runs: its fallback shows and the rest works (S10)', async ({ page }) => {
    await login(page, 'kf01');
    let tampered = 0;
    await page.route('**/assets/apps/fx-healthy/**', async (route) => {
      const real = await route.fetch();
      tampered += 1;
      const body = Buffer.from(await real.body());
      // Flip one byte inside the module text: the same size, a different SHA-384.
      const at = body.indexOf('正常应用');
      const index = at >= 0 ? at + 1 : body.length - 2;
      body[index] = (body[index] ?? 0) ^ 0x01;
      await route.fulfill({ response: real, body });
    });
    await sideMenu(page).getByText('测试-正常应用').click();
    const panel = page.getByTestId('wb-app-error');
    // The integrity failure, not a load timeout (WB_SHELL_002), which is never retried here.
    await expectAppReady(panel);
    await expect(panel).not.toContainText('WB_SHELL_002');
    expect(tampered).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('fx-healthy')).toHaveCount(0);
    // Everything else keeps working: another app opens.
    await sideMenu(page).getByText('测试-外部应用').click();
    await waitForApp(page, 'fx-foreign');
    await sideMenu(page).getByText('客户档案').click();
    await waitForApp(page, page.getByPlaceholder(/户号/));
  });

  test('production mode never offers import-map overrides, even to a developer, nor relaxes the CSP', async ({ page }) => {
    await login(page, 'dev01');
    const response = await page.goto('/');
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/localhost:5173|127\.0\.0\.1:5173/);
    const feed = await page.request.get('/api/registry/feed');
    expect(feed.status()).toBe(200);
    const body = (await feed.json()) as { devOverrides: boolean; user: { permissions: string[] } };
    expect(body.user.permissions).toContain('store:dev:override');
    expect(body.devOverrides).toBe(false);
    // A module from a local dev server is refused by the CSP itself (a violation, not just a failed fetch).
    const blocked = await page.evaluate(async (url) => {
      const violation = new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(`${e.effectiveDirective} ${e.blockedURI}`), { once: true });
        setTimeout(() => resolve(''), 3_000);
      });
      await import(/* @vite-ignore */ url).catch(() => undefined);
      return violation;
    }, 'http://localhost:5173/src/main.ts');
    expect(blocked).toMatch(/^script-src(-elem)? http:\/\/localhost:5173/);
  });
});
