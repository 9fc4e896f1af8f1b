import { defineConfig } from 'vitest/config';

// Component tests run in happy-dom with msw (@wb/mocks/node); this file replaces vite.config.ts for vitest.
export default defineConfig({
  test: {
    name: '@wb-app/customer-portal',
    environment: 'happy-dom',
    setupFiles: ['./vitest.setup.ts'],
    // antd under happy-dom is slow on a shared 2-core machine.
    testTimeout: 30_000,
  },
});
