/**
 * Timeouts of the test projects that do real I/O (PGlite and PostgreSQL, child processes, HTTP, happy-dom pages):
 * Vitest's 5 s default is a per-test ceiling tuned for pure functions; on CI's two shared cores a database test that
 * takes 1 s alone can take 6 s when the machine is slow (a CI run failed that way, 2026-12-06). Timeouts are not
 * speed assertions here: speed goals are benchmarks (docs/quality.md). A test that proves a bound sets its own.
 */
export const ioTestTimeouts = { testTimeout: 20_000, hookTimeout: 60_000 } as const;

/**
 * A micro-app's component tests (apps/<id>/vitest.config.ts, which replaces the app's vite.config.ts for vitest, so
 * the build factory's externals do not apply): happy-dom with msw (`@wb/mocks/node`) after the app's
 * vitest.setup.ts. antd forms, trees and tables under happy-dom are slow on a shared two-core machine: 30 s a test.
 *
 * The files of one app share their worker's module graph (`isolate: false`, as the services' since ADR 0056): each
 * file paid ~2.4 s to import React, antd and the app again, a third of the apps' test time (ADR 0110). Every file
 * still gets its own happy-dom window, and none of the apps' tests replaces a module (`vi.mock`), which a shared graph
 * would carry into the next file; the shell's tests do, and stay isolated.
 */
export function appComponentTests(name: string) {
  return { name, environment: 'happy-dom', setupFiles: ['./vitest.setup.ts'], testTimeout: 30_000, isolate: false } as const;
}
