import { defineConfig } from 'vitest/config';

// Browser package: tests run in happy-dom; HTTP is mocked with msw (docs/architecture.md §12 habit 9).
export default defineConfig({
  test: {
    name: '@wb/sdk',
    environment: 'happy-dom',
    setupFiles: ['./vitest.setup.ts'],
    // antd forms under happy-dom, on two shared cores: the form tests take seconds, not milliseconds.
    testTimeout: 15_000,
  },
});
