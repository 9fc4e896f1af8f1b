/**
 * Timeouts of the test projects that do real I/O (PGlite and PostgreSQL, child processes, HTTP, happy-dom pages):
 * Vitest's 5 s default is a per-test ceiling tuned for pure functions; on CI's two shared cores a database test that
 * takes 1 s alone can take 6 s when the machine is slow (a CI run failed that way, 2026-12-06). Timeouts are not
 * speed assertions here: speed goals are benchmarks (docs/quality.md). A test that proves a bound sets its own.
 */
export const ioTestTimeouts = { testTimeout: 20_000, hookTimeout: 60_000 } as const;
