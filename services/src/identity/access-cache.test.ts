import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDbKinds, testRedisUrl } from '@wb/server-kit/testing';
import { createTestApp, secondInstance } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { createPrincipalCache } from './access-cache.ts';
import type { CachedPrincipal } from './access-cache.ts';

/** The local Redis (started by `npm test` when installed); the cross-instance tests are skipped without one. */
const REDIS_URL = testRedisUrl();
const CUSTOMERS = '/api/svc/customer/v1/customers?q=';

function entry(version: number, loadedAt: number): CachedPrincipal {
  return {
    session: { expiresAt: new Date(loadedAt + 3_600_000) } as CachedPrincipal['session'],
    base: {} as CachedPrincipal['base'],
    grants: { roles: [], permissions: new Set(), limits: new Map(), scopes: new Map(), catalogue: [] },
    version,
    loadedAt,
    byContext: new Map(),
  };
}

describe('principal cache', () => {
  const t0 = Date.UTC(2026, 2, 2);
  it('serves an entry until the grant version moves, the TTL passes or the session is forgotten', () => {
    const cache = createPrincipalCache({ ttlMs: 60_000, maxEntries: 10, initialVersion: 5 });
    cache.set('a', entry(5, t0));
    expect(cache.get('a', new Date(t0 + 59_000))).toBeDefined();
    expect(cache.get('a', new Date(t0 + 60_000))).toBeUndefined();
    cache.set('a', entry(5, t0));
    cache.apply({ kind: 'version', version: 6 });
    expect(cache.get('a', new Date(t0))).toBeUndefined();
    cache.set('b', entry(6, t0));
    cache.apply({ kind: 'version', version: 4 }); // an old message never moves the version back
    expect(cache.get('b', new Date(t0))).toBeDefined();
    cache.apply({ kind: 'session', idHash: 'b' });
    expect(cache.get('b', new Date(t0))).toBeUndefined();
  });

  it('evicts the oldest entry beyond its bound', () => {
    const cache = createPrincipalCache({ ttlMs: 60_000, maxEntries: 2, initialVersion: 1 });
    for (const key of ['a', 'b', 'c']) cache.set(key, entry(1, t0));
    expect(cache.get('a', new Date(t0))).toBeUndefined();
    expect(cache.get('c', new Date(t0))).toBeDefined();
  });
});

describe.each(testDbKinds())('the permission check on a warm session on %s (P9)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  }, 60_000);
  afterAll(async () => t?.close());

  it('is a cache lookup: no database query per request once the principal is cached', async () => {
    const cookie = await t.login('yk01');
    const me = () => t.request({ method: 'GET', url: '/api/identity/me', cookie });
    expect((await me()).statusCode).toBe(200);
    const db = t.app.db as { query: (...args: unknown[]) => Promise<unknown> };
    const original = db.query;
    let queries = 0;
    db.query = (...args: unknown[]) => {
      queries++;
      return original.apply(t.app.db, args);
    };
    try {
      for (let i = 0; i < 20; i++) expect((await me()).statusCode).toBe(200);
    } finally {
      db.query = original;
    }
    expect(queries).toBe(0);
    // Past the TTL the entry is reloaded (and the session's idle time touched): a few queries, once.
    t.clock.advance(61_000);
    expect((await me()).statusCode).toBe(200);
  });
});

describe.runIf(REDIS_URL !== undefined).each(testDbKinds())('grant changes across instances through Redis on %s', (kind) => {
  let t: TestApp;
  let second: FastifyInstance;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { REDIS_URL: REDIS_URL ?? '' } });
    // A second instance on the same database, as behind a load balancer.
    second = await secondInstance(t);
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('a session started on one instance is valid on the other (shared database)', async () => {
    const cookie = await t.login('mgr01');
    expect((await second.inject({ method: 'GET', url: '/api/identity/me', headers: { cookie } })).json().user.username).toBe('mgr01');
  });

  it('a grant removed on one instance is refused on the other at the next request', async () => {
    const cookie = await t.login('yk01');
    const onSecond = () => second.inject({ method: 'GET', url: CUSTOMERS, headers: { cookie } });
    expect((await onSecond()).statusCode).toBe(200);
    expect((await onSecond()).statusCode).toBe(200); // now cached on the second instance
    await t.app.accessControl.changeGrants((tx) => tx.query(`DELETE FROM role_permission WHERE role_key = 'CUST_VIEWER'`));
    await expect.poll(async () => (await onSecond()).statusCode, { timeout: 2_000, interval: 20 }).toBe(403);
  });

  it('a logout on one instance ends the session on the other', async () => {
    const cookie = await t.login('kf01');
    const me = () => second.inject({ method: 'GET', url: '/api/identity/me', headers: { cookie } });
    expect((await me()).statusCode).toBe(200);
    expect((await t.request({ method: 'POST', url: '/api/identity/logout', cookie })).statusCode).toBe(204);
    await expect.poll(async () => (await me()).statusCode, { timeout: 2_000, interval: 20 }).toBe(401);
  });
});
