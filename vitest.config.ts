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
    // The tests of a file run in a shuffled order (the same order every run: a fixed seed), so that no test passes
    // only on what the one written above it left behind (ADR 0112). A describe whose tests are the steps of one
    // story says so with `{ shuffle: false }`. Another order: `npx vitest run --sequence.seed=<n>`.
    sequence: { shuffle: { files: false, tests: true }, seed: 20261207 },
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
