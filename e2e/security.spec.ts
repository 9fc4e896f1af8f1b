import { expect, test } from '@playwright/test';
import { login } from './helpers.ts';

// docs/quality.md S9: the workbench page carries a strict CSP, and a script injected into the page (as an XSS
// would) does not run, while the shell's own modules do.
test('the page has a strict CSP and an injected inline script does not run', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && msg.text().includes('Content Security Policy')) violations.push(msg.text());
  });
  await login(page, 'kf01');
  const response = await page.goto('/');
  const csp = response?.headers()['content-security-policy'] ?? '';
  for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(csp).toContain(directive);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(response?.headers()['x-content-type-options']).toBe('nosniff');
  await expect(page.getByTestId('wb-header-user')).toBeVisible();

  await page.evaluate(() => {
    const injected = document.createElement('script');
    injected.textContent = 'window.__injected = true;';
    document.body.appendChild(injected);
    const handler = document.createElement('img');
    handler.setAttribute('src', 'data:,');
    handler.setAttribute('onerror', 'window.__injectedHandler = true;');
    document.body.appendChild(handler);
  });
  await page.waitForTimeout(300);
  const ran = await page.evaluate(() => ({
    inline: (window as unknown as { __injected?: boolean }).__injected === true,
    handler: (window as unknown as { __injectedHandler?: boolean }).__injectedHandler === true,
  }));
  expect(ran).toEqual({ inline: false, handler: false });
  expect(violations.length).toBeGreaterThan(0);
});

test('API and HTML responses are never cached; assets are immutable', async ({ page }) => {
  await login(page, 'kf01');
  const html = await page.request.get('/');
  expect(html.headers()['cache-control']).toBe('no-store');
  const api = await page.request.get('/api/identity/me');
  expect(api.headers()['cache-control']).toContain('no-store');
  const importMap = await page.evaluate(() => JSON.parse(document.querySelector('script[type="importmap"]')?.textContent ?? '{}'));
  const asset = await page.request.get(importMap.imports.react as string);
  expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
});
