import { expect, test } from '@playwright/test';
import { createRequire } from 'node:module';
import { login, sideMenu } from './helpers.ts';

const require = createRequire(import.meta.url);
const reactVersion = (require('react/package.json') as { version: string }).version;
const antdVersion = (require('antd/package.json') as { version: string }).version;

test('the page loads exactly one React and one antd, through the import map with integrity', async ({ page }) => {
  await login(page, 'kf01');
  // One page load from here on: count the scripts it fetches.
  const scripts: string[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') scripts.push(new URL(res.url()).pathname);
  });
  await page.goto('/');
  await sideMenu(page).getByText('客户档案').click();
  await expect(page.getByPlaceholder(/户号/)).toBeVisible();
  await sideMenu(page).getByText('测试-渲染失败').click();
  await expect(page.getByText('应用出现错误')).toBeVisible();

  const importMap = await page.evaluate(() => JSON.parse(document.querySelector('script[type="importmap"]')?.textContent ?? '{}'));
  const reactUrl = new URL(importMap.imports.react, page.url()).pathname;
  const buttonUrl = new URL(importMap.imports['antd/es/button'], page.url()).pathname;
  expect(scripts.filter((s) => s === reactUrl)).toHaveLength(1);
  expect(scripts.filter((s) => s === buttonUrl)).toHaveLength(1);
  // No micro-app or the shell bundled its own React or antd: the files that carry their version strings
  // are all shared modules.
  for (const s of scripts) expect(s).toMatch(/^\/assets\/(shared|shell|apps)\//);
  for (const s of new Set(scripts)) {
    const body = await (await page.request.get(s)).text();
    if (body.includes(`"${reactVersion}"`) || body.includes(`"${antdVersion}"`)) {
      expect(s, `${s} carries a React or antd copy`).toMatch(/^\/assets\/shared\//);
    }
  }
  // Every shared module is integrity-checked.
  for (const url of Object.values(importMap.imports) as string[]) {
    expect(importMap.integrity[url], url).toMatch(/^sha384-/);
  }
  // One React instance at run time: the shell's and the apps' React are the same module object.
  const same = await page.evaluate(async () => {
    const a = await import('react');
    const b = await import('react');
    return a === b && typeof a.useState === 'function';
  });
  expect(same).toBe(true);
});
