import { defineConfig } from 'vitest/config';

/**
 * One `vitest run` at the root runs every workspace's tests. A folder with its own vitest.config.ts
 * (browser-side packages use happy-dom there) is taken as is; other folders run in Node.
 * The Playwright specs in e2e/ are not vitest tests.
 */
export default defineConfig({
  test: {
    // Vitest's default is one worker per core minus one: a single worker on CI's two cores, where many files wait
    // on PostgreSQL, child processes and timers. Two workers keep both cores busy (ADR 0028: 13 min instead of
    // an estimated 16–18 for the same suite here).
    maxWorkers: 2,
    projects: [
      'packages/*',
      'shell',
      'apps/*',
      'registry',
      'services',
      // The benchmarks' own logic (verdicts, the regression gate's decisions); the benchmarks themselves run with npm run bench.
      'bench',
    ],
  },
});
