import { defineConfig } from 'vitest/config';

// The shared-deps tests build real bundles (shared modules, a fixture micro-app) and drive Chromium: slow on a
// shared 2-core machine, hence the long timeouts. Node environment: the browser is a real one, not happy-dom.
export default defineConfig({
  test: {
    name: '@wb/shared-deps',
    root: import.meta.dirname,
    environment: 'node',
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
