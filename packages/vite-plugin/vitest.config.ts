import { defineConfig } from 'vitest/config';

// Node tests of the outside-team tooling (ADR 0051); they build small apps and scaffold into dist/, whose test
// files are the scaffolded apps' own, not this package's.
export default defineConfig({
  test: {
    name: '@wb/vite-plugin',
    root: import.meta.dirname,
    environment: 'node',
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
