import { defineConfig } from 'vitest/config';

// Component tests run in happy-dom with msw (src/mocks); this file replaces vite.config.ts for vitest.
export default defineConfig({
  test: {
    name: '@wb-app/__APP_ID__',
    environment: 'happy-dom',
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 30_000,
  },
});
