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
export { OPEN_ACCESS, makeBundle, zipOf } from '@wb/registry/testing';

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

/** Where a test app's clock starts: Monday 2026-03-02 09:00 China time. Seeds write their history before it. */
export const TEST_CLOCK_START = new Date('2026-03-02T01:00:00Z');

export function createClock(start = TEST_CLOCK_START): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
  };
}

/** Session cookies by username; `relogin` signs (some of) the users in again (sessions end after 30 idle minutes). */
export interface SignedIn {
  cookies: Record<string, string>;
  relogin(users?: readonly string[]): Promise<void>;
}

/** Signs `users` in on `t` (the demo accounts' password) and keeps their Cookie header values. */
export async function signIn(t: Pick<TestApp, 'login'>, users: readonly string[]): Promise<SignedIn> {
  const cookies: Record<string, string> = {};
  const relogin = async (who: readonly string[] = users): Promise<void> => {
    for (const user of who) cookies[user] = await t.login(user);
  };
  await relogin();
  return { cookies, relogin };
}

/**
 * `t.request` as `username` (their cookie from `cookies`) under `base`, the service's mount point; a body, when
 * given, goes as JSON.
 */
export type CallAs = (username: string, method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

export function callAs(t: Pick<TestApp, 'request'>, base: string, cookies: Record<string, string>): CallAs {
  return (username, method, url, body, headers = {}) =>
    t.request({ method, url: `${base}${url}`, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }), cookie: cookies[username] ?? '', headers });
}

/** JSON calls of one service as a user: POST and PUT with a body (and headers such as If-Match), GET. */
export interface ServiceCalls {
  post(username: string, url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(username: string, url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(username: string, url: string): Promise<LightMyRequestResponse>;
}

export function serviceCalls(call: CallAs): ServiceCalls {
  return {
    post: (username, url, body, headers) => call(username, 'POST', url, body, headers),
    put: (username, url, body, headers) => call(username, 'PUT', url, body, headers),
    get: (username, url) => call(username, 'GET', url),
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
