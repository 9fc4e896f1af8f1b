import { defineConfig } from 'vitest/config';
import { ioTestTimeouts } from '../vitest.shared.ts';

/** Shell component and runtime tests run in happy-dom; HTTP is mocked with msw (msw/node). */
export default defineConfig({
  test: {
    name: 'shell',
    root: import.meta.dirname,
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    ...ioTestTimeouts,
  },
});
