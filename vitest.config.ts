import { defineConfig } from 'vitest/config';

/**
 * One `vitest run` at the root runs every workspace's tests. A folder with its own vitest.config.ts
 * (browser-side packages use happy-dom there) is taken as is; other folders run in Node.
 * The Playwright specs in e2e/ are not vitest tests.
 */
export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'shell',
      'apps/*',
      'registry',
      'services',
    ],
  },
});
