/**
 * Test harness for server tests: a full app on a fresh test database (PGlite or PostgreSQL), seeded with
 * the demo accounts at a low scrypt cost, with a movable clock.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE } from '@wb/contracts';
import type { Db, DbKind } from '@wb/server-kit';
import { createTestDb } from '@wb/server-kit/testing';
import { registryFixtures } from '@wb/registry/testing';
import { allMigrationGroups, buildApp } from '../app.ts';
import type { BuildAppOptions } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { AppConfig } from '../config.ts';
import { seedIdentity } from '../seed/index.ts';

/** Bundles for app-store tests, re-exported so domain tests reach the registry only through this harness. */
export { OPEN_ACCESS, makeBundle } from '@wb/registry/testing';

export const TEST_PASSWORD = 'Test#Pass-2026';

/** Small stand-ins for the shell and shared-deps builds, so server tests need no Vite build (a fresh clone has none). */
export const TEST_REGISTRY_DIRS = {
  sharedDepsDir: registryFixtures.sharedDepsDir,
  shellDistDir: registryFixtures.shellDistDir,
  appDirs: [],
};

/** Built stand-in micro-apps (registry test fixtures), for tests that need published apps: `hello-world` and the intranet-only `secret-tool`. */
export const TEST_FIXTURE_APP_DIRS: readonly string[] = registryFixtures.appDirs;
/** 2^10 instead of 2^17: the same code path, ~1 ms per hash. */
export const TEST_SCRYPT_N = 2 ** 10;

/**
 * Server tests log in thousands of times a minute from one address at the test scrypt cost, and the
 * per-address counters run on wall time, which the test clock cannot move: lifted here. The tests of those
 * limits set their own (identity/login-flood.test.ts).
 */
const TEST_LOGIN_ENV = { LOGIN_ADDRESS_MAX_ATTEMPTS: '1000000', LOGIN_ADDRESS_MAX_FAILURES: '100000', LOGIN_REFUSAL_DELAY_MS: '0' };

export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  config: AppConfig;
  clock: TestClock;
  /** Logs in and returns the Cookie header value; throws unless 200. */
  login(username: string, password?: string, extra?: Partial<InjectOptions>): Promise<string>;
  /** `app.inject` with the CSRF header set (as the SDK does) unless `headers` override it. */
  request(options: InjectOptions & { cookie?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions extends Omit<BuildAppOptions, 'db' | 'now' | 'logger'> {
  env?: Record<string, string>;
}

export function createClock(start = new Date('2026-03-02T01:00:00Z')): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
  };
}

export function sessionCookieOf(response: LightMyRequestResponse): string | undefined {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  return cookie ? `${SESSION_COOKIE}=${cookie.value}` : undefined;
}

/**
 * A second server instance on `t`'s database, clock and config, as behind a load balancer (cross-instance caches,
 * outbox deliveries, push). `options` are its own (e.g. `services` with another engine); the caller closes it
 * before `t`.
 */
export async function secondInstance(t: TestApp, options: Omit<BuildAppOptions, 'db' | 'now' | 'logger'> = {}): Promise<FastifyInstance> {
  const app = await buildApp(t.config, {
    registry: TEST_REGISTRY_DIRS,
    ...options,
    db: t.db,
    now: t.clock.now,
    logger: false,
    testing: { scryptN: TEST_SCRYPT_N, ...options.testing },
  });
  await app.ready();
  return app;
}

export async function createTestApp(kind: DbKind, options: TestAppOptions = {}): Promise<TestApp> {
  // Every module's migrations already applied (a template copied per app): buildApp finds nothing to apply.
  const db = await createTestDb(kind, { migrations: allMigrationGroups() });
  const config = loadConfig({ NODE_ENV: 'test', ...TEST_LOGIN_ENV, ...options.env });
  const clock = createClock();
  const { env: _env, ...buildOptions } = options;
  const app = await buildApp(config, {
    registry: TEST_REGISTRY_DIRS,
    ...buildOptions,
    db,
    now: clock.now,
    logger: false,
    testing: { scryptN: TEST_SCRYPT_N, ...options.testing },
  });
  await seedIdentity(db, { demoPassword: TEST_PASSWORD, demo: true, scryptN: TEST_SCRYPT_N });
  const request: TestApp['request'] = ({ cookie, headers, ...rest }) =>
    app.inject({ ...rest, headers: { [CSRF_HEADER]: '1', ...(cookie ? { cookie } : {}), ...headers } });
  return {
    app,
    db,
    config,
    clock,
    request,
    async login(username, password = TEST_PASSWORD, extra = {}) {
      const response = await request({ method: 'POST', url: '/api/identity/login', payload: { username, password }, ...extra } as InjectOptions);
      const cookie = sessionCookieOf(response);
      if (response.statusCode !== 200 || !cookie) throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
      return cookie;
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}
