import { defineConfig } from 'vitest/config';

// Component tests run in happy-dom with msw (@wb/mocks/node); this file replaces vite.config.ts for vitest,
// so the build factory's externals do not apply to tests.
export default defineConfig({
  test: {
    name: '@wb-app/billing',
    environment: 'happy-dom',
    setupFiles: ['./vitest.setup.ts'],
    // antd tables under happy-dom are slow on a shared 2-core machine.
    testTimeout: 30_000,
  },
});
