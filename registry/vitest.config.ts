import { defineConfig } from 'vitest/config';
import { ioTestTimeouts } from '../vitest.shared.ts';

// Runs in Node; its tests open real databases and HTTP servers (ioTestTimeouts).
export default defineConfig({
  test: {
    name: '@wb/registry',
    ...ioTestTimeouts,
  },
});
