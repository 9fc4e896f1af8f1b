import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDbKinds, testRedisUrl } from '@wb/server-kit/testing';
import { createTestApp, secondInstance } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { createPrincipalCache } from './access-cache.ts';
import type { CachedPrincipal } from './access-cache.ts';
import { hashSessionId } from './sessions.ts';

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

  it('does not cache a session forgotten while its load ran (a logout racing a request)', () => {
    const cache = createPrincipalCache({ ttlMs: 60_000, maxEntries: 10, initialVersion: 1 });
    const before = cache.sessionEpoch; // the request starts loading: it reads the session row…
    cache.apply({ kind: 'session', idHash: 'a' }); // …the logout deletes the row and forgets the session…
    cache.set('a', entry(1, t0), 'id-a', before); // …and the load, done, must not cache what it read before.
    expect(cache.get('a', new Date(t0))).toBeUndefined();
    // A load that starts after the logout caches as usual (a new login reuses nothing, but the rule is per load).
    cache.set('a', entry(1, t0), 'id-a', cache.sessionEpoch);
    expect(cache.get('a', new Date(t0))).toBeDefined();
    // Other sessions' loads are not held back by the logout.
    const other = cache.sessionEpoch;
    cache.apply({ kind: 'session', idHash: 'x' });
    cache.set('b', entry(1, t0), 'id-b', other);
    expect(cache.get('b', new Date(t0))).toBeDefined();
  });

  it('evicts the oldest entry beyond its bound', () => {
    const cache = createPrincipalCache({ ttlMs: 60_000, maxEntries: 2, initialVersion: 1 });
    for (const key of ['a', 'b', 'c']) cache.set(key, entry(1, t0));
    expect(cache.get('a', new Date(t0))).toBeUndefined();
    expect(cache.get('c', new Date(t0))).toBeDefined();
  });

  /** A cache whose session id hash counts its calls (ADR 0080). */
  function countingCache(maxEntries = 10) {
    const hashed: string[] = [];
    const cache = createPrincipalCache({
      ttlMs: 60_000,
      maxEntries,
      initialVersion: 1,
      hashSessionId: (id) => {
        hashed.push(id);
        return `h(${id})`;
      },
    });
    return { cache, hashed };
  }

  it("remembers a session id's hash while its entry is cached, and only then (ADR 0080)", () => {
    const { cache, hashed } = countingCache();
    expect(cache.idHashOf('guess')).toBe('h(guess)');
    expect(cache.idHashOf('guess')).toBe('h(guess)');
    expect(hashed).toEqual(['guess', 'guess']); // an id that found no session is not kept
    cache.set(cache.idHashOf('s1'), entry(1, t0), 's1');
    hashed.length = 0;
    for (let i = 0; i < 20; i++) expect(cache.idHashOf('s1')).toBe('h(s1)');
    expect(hashed).toEqual([]);
    // Logout or revoke (here or from another instance over the bus): the raw id is forgotten with the entry.
    cache.apply({ kind: 'session', idHash: 'h(s1)' });
    expect(cache.idHashOf('s1')).toBe('h(s1)');
    expect(hashed).toEqual(['s1']);
  });

  it('forgets a remembered session id when its entry goes stale, is evicted or outlives the TTL', () => {
    const { cache, hashed } = countingCache(2);
    const remembered = (id: string): boolean => {
      hashed.length = 0;
      cache.idHashOf(id);
      return hashed.length === 0;
    };
    cache.set('h(a)', entry(1, t0), 'a');
    cache.apply({ kind: 'version', version: 2 });
    expect(cache.get('h(a)', new Date(t0))).toBeUndefined();
    expect(remembered('a')).toBe(false);
    for (const id of ['b', 'c', 'd']) cache.set(`h(${id})`, entry(2, t0), id);
    expect(remembered('b')).toBe(false); // evicted beyond the bound of 2
    expect(remembered('c')).toBe(true);
    cache.set('h(e)', entry(2, t0 + 60_000), 'e'); // loaded a TTL later: c and d can serve no request any more
    expect(remembered('c')).toBe(false);
    expect(remembered('d')).toBe(false);
    expect(remembered('e')).toBe(true);
  });
});

describe.each(testDbKinds())('the permission check on a warm session on %s (P9)', (kind) => {
  let t: TestApp;
  /** Session ids the principal cache hashed. */
  const hashed: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(kind, {
      testing: {
        hashSessionId: (id) => {
          hashed.push(id);
          return hashSessionId(id);
        },
      },
    });
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

  it('hashes the session id once per cached session, not per request; after logout the id is looked up afresh and refused (ADR 0080)', async () => {
    const cookie = await t.login('kf01');
    const me = () => t.request({ method: 'GET', url: '/api/identity/me', cookie });
    hashed.length = 0;
    for (let i = 0; i < 20; i++) expect((await me()).statusCode).toBe(200);
    expect(hashed).toHaveLength(1);
    expect((await t.request({ method: 'POST', url: '/api/identity/logout', cookie })).statusCode).toBe(204);
    hashed.length = 0;
    expect((await me()).statusCode).toBe(401);
    expect((await me()).statusCode).toBe(401);
    expect(hashed).toHaveLength(2); // forgotten at logout, and a refused id is never remembered
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
