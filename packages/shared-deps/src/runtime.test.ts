/**
 * End to end: the shared build and a micro-app built by the root factory, loaded in Chromium through an import map
 * with integrity, the way the registry serves them (docs/architecture.md §5, docs/quality.md S10).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMapPage, startStaticServer, type StaticServer } from '../test-fixtures/serve.ts';
import { sha384Integrity } from './assets.ts';
import { readSharedDeps, type SharedDepsManifest } from './manifest.ts';
import { installedVersion } from './versions.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const FIXTURE = resolve(import.meta.dirname, '../test-fixtures/app');
// Under a dist/ folder: ignored by git and by the linters.
const TMP = resolve(import.meta.dirname, '../test-fixtures/dist');
const SHARED_OUT = join(TMP, 'shared');
const APP_OUT = join(TMP, 'app-dist');
const APP_URL = '/assets/apps/fx-shared-deps/v1/';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];

// The page imports the micro-app by its specifier and mounts it, as the shell would.
const BOOT = `window.__boot = import('@wb-app/fx-shared-deps').then(async (app) => {
  await app.bootstrap({});
  await app.mount({ domElement: document.getElementById('root') });
  return 'mounted';
}).catch((e) => 'failed: ' + e);`;

interface Fixture {
  shared: SharedDepsManifest;
  appManifest: { entry: string; shared: Record<string, string> };
  appFiles: string[];
  server: StaticServer;
  browser: Browser;
}

/**
 * Builds run as child processes, like `npm run build` does: inside the test runner NODE_ENV is `test`, which would
 * give development builds of React and the JSX runtime.
 */
function runBuild(args: string[], cwd: string): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  return execFileSync(args[0] as string, args.slice(1), { cwd, env: { ...env, NODE_ENV: 'production' }, encoding: 'utf8' });
}

/** The shared build into a directory of its own (not dist/), reused across runs while the inputs are unchanged. */
function buildShared(): string {
  return runBuild([join(REPO, 'node_modules/.bin/tsx'), 'src/build.ts', '--allow-missing-workspace', '--out-dir', SHARED_OUT],
    resolve(import.meta.dirname, '..'));
}

function buildFixtureApp(): void {
  runBuild([join(REPO, 'node_modules/.bin/vite'), 'build', '--logLevel', 'warn', '--outDir', APP_OUT], FIXTURE);
}

function appImportMap(shared: SharedDepsManifest, entry: string, appFiles: string[]) {
  const integrity: Record<string, string> = { ...shared.importMap.integrity };
  for (const file of appFiles) integrity[APP_URL + file] = sha384Integrity(readFileSync(join(APP_OUT, file)));
  return { imports: { ...shared.importMap.imports, '@wb-app/fx-shared-deps': APP_URL + entry }, integrity };
}

async function setUp(): Promise<Fixture> {
  buildShared();
  const shared = readSharedDeps(SHARED_OUT);
  buildFixtureApp();
  const appManifest = JSON.parse(readFileSync(join(APP_OUT, 'manifest.json'), 'utf8')) as Fixture['appManifest'];
  const appFiles = readdirSync(APP_OUT).filter((f) => f.endsWith('.js'));
  const server = await startStaticServer({
    mounts: { '/assets/shared/': SHARED_OUT, [APP_URL]: APP_OUT },
    html: importMapPage(appImportMap(shared, appManifest.entry, appFiles), BOOT),
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return { shared, appManifest, appFiles, server, browser };
}

async function openPage(fx: Fixture): Promise<{ page: Page; scripts: string[]; console: string[] }> {
  const page = await fx.browser.newPage();
  page.setDefaultTimeout(10_000);
  const scripts: string[] = [];
  const console: string[] = [];
  page.on('request', (req) => {
    if (req.resourceType() === 'script') scripts.push(new URL(req.url()).pathname);
  });
  page.on('console', (msg) => console.push(msg.text()));
  await page.goto(fx.server.origin + '/');
  return { page, scripts, console };
}

describe('shared modules in Chromium', () => {
  let fx: Fixture;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; install it (apt-get install chromium) or set CHROMIUM_PATH`);
    fx = await setUp();
  });
  afterAll(async () => {
    await fx?.browser.close();
    await fx?.server.close();
  });

  it('gives every emitted module, common chunks included, an integrity entry', () => {
    const { importMap, files } = fx.shared;
    expect(files.length).toBeGreaterThan(Object.keys(importMap.imports).length);
    for (const f of files) expect(importMap.integrity[`/assets/shared/${f.file}`]).toBe(f.integrity);
    for (const url of Object.values(importMap.imports)) expect(importMap.integrity[url]).toMatch(/^sha384-/);
    expect(fx.shared.versions.react).toBe(installedVersion('react', REPO));
  });

  it('skips the build when nothing changed', () => {
    expect(buildShared()).toMatch(/up to date/);
  });

  it('exposes real named and default exports of the CommonJS packages', async () => {
    const { page } = await openPage(fx);
    // Strings, not functions: the test runner would rewrite import() inside a function it transforms.
    const result = await page.evaluate(`(async () => {
      const React = await import('react');
      const client = await import('react-dom/client');
      const runtime = await import('react/jsx-runtime');
      const dayjs = await import('dayjs');
      return {
        useState: typeof React.useState,
        defaultUseState: typeof React.default.useState,
        createRoot: typeof client.createRoot,
        jsx: typeof runtime.jsx,
        dayjs: typeof dayjs.default,
        sameModule: React === (await import('react')),
      };
    })()`);
    expect(result).toEqual({ useState: 'function', defaultUseState: 'function', createRoot: 'function', jsx: 'function',
      dayjs: 'function', sameModule: true });
    await page.close();
  });

  it('runs a factory-built micro-app on one React and one antd, each file fetched once', async () => {
    const { page, scripts } = await openPage(fx);
    expect(await page.evaluate('window.__boot')).toBe('mounted');
    const button = page.locator('.ant-btn-primary');
    await expect.poll(() => button.textContent()).toBe('点击 0');
    // cssinjs styled it with the default theme token the app read through the shared antd/es/theme.
    const fixture = page.getByTestId('fixture');
    expect(await button.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(22, 119, 255)');
    await button.click(); // hooks inside antd and the app only work with a single React
    await expect.poll(() => button.textContent()).toBe('点击 1');
    expect(await fixture.getAttribute('data-primary')).toBe('#1677ff');
    expect(await fixture.getAttribute('data-react')).toBe(installedVersion('react', REPO));
    await expect.poll(() => page.getByText('懒加载').count()).toBe(1); // relative dynamic import of the app
    // The app's ConfigProvider (zh_CN) reaches antd's DatePicker: one antd ConfigContext on the page.
    await page.locator('.ant-picker input').click();
    await expect.poll(() => page.getByText('今天').count()).toBeGreaterThan(0);
    expect(await page.evaluate(`import('dayjs').then((m) => m.default.locale())`)).toBe('zh-cn');
    expect(scripts.length).toBe(new Set(scripts).size);
    for (const s of scripts) expect(s).toMatch(/^\/assets\/(shared|apps)\//);
    await page.close();
  });

  it('bundles no React or antd into the micro-app and records the shared ranges it uses', () => {
    for (const file of fx.appFiles) {
      const code = readFileSync(join(APP_OUT, file), 'utf8');
      expect(code, file).not.toContain('react.transitional.element');
      expect(code, file).not.toContain('anticon');
      expect(code, `${file} keeps a require() of a shared module`).not.toContain("environment that doesn't expose the `require` function");
    }
    expect(fx.appManifest.entry).toMatch(/^main-[a-z0-9]+\.js$/);
    expect(fx.appManifest.shared).toEqual({ '@ant-design/icons': '^6', antd: '^6', dayjs: '^1', react: '^19', 'react-dom': '^19' });
    expect(existsSync(join(APP_OUT, `${fx.appManifest.entry}.br`))).toBe(true);
  });

  it('refuses a shared module whose bytes changed', async () => {
    const buttonUrl = fx.shared.importMap.imports['antd/es/button'] as string;
    const page = await fx.browser.newPage();
    const messages: string[] = [];
    page.on('console', (msg) => messages.push(msg.text()));
    await page.route(`**${buttonUrl}`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()) + '\n' }); // one byte more
    });
    await page.goto(fx.server.origin + '/');
    const outcome = await page.evaluate(`(async () => ({
      button: await import('antd/es/button').then(() => 'loaded', () => 'blocked'),
      tag: await import('antd/es/tag').then(() => 'loaded', () => 'blocked'),
    }))()`);
    expect(outcome).toEqual({ button: 'blocked', tag: 'loaded' });
    expect(messages.join('\n')).toMatch(/integrity/i);
    await page.close();
  });
});
