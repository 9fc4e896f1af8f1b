import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium.ts';

/**
 * Browser tests run against the production build served by the real server (scripts/e2e-server.mjs:
 * a fresh embedded database, fixture micro-apps published through the registry pipeline).
 * They drive Debian's Chromium; we never download browsers (CHROMIUM_PATH overrides the path).
 */
const port = Number(process.env.E2E_PORT ?? 8091);
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  // Two workers, Chromium and the server share two cores in CI: a page that waits for scrypt (2^17) and
  // ~90 first-paint modules can take several seconds there. Time limits of behaviour (R1's 1 s fallback,
  // R2's load timeout) are asserted explicitly where they matter, not through these defaults.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  use: {
    baseURL,
    browserName: 'chromium',
    locale: 'zh-CN',
    // DOM snapshots and the action log for a failed test, without the screencast: recording frames of every test kept
    // Chromium's compositor busy on CI's two cores.
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true },
    launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
  },
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    env: { PORT: String(port) },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
