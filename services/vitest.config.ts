import { defineConfig } from 'vitest/config';
import { ioTestTimeouts } from '../vitest.shared.ts';

// Server tests run in Node. Files share their worker's module graph (isolate: false): importing the whole
// server (Fastify, the services, zod schemas, PGlite) cost each of ~120 files seconds before its first test
// (ADR 0056). Each file still builds its own app and database; nothing in the server keeps module-level state
// a file could leave behind for the next (caches live on the app instance).
export default defineConfig({
  test: {
    name: '@wb/services',
    isolate: false,
    ...ioTestTimeouts,
  },
});
