/**
 * QUALITY.md S2: the role × endpoint matrix, table-driven. Every non-public route of the app (the S1 route
 * inventory) × {anonymous, guest01, kf01, yk01, mgr01, admin} → 401 / 403 / 2xx as the route's declared
 * access and the user's grants say. A route missing from CASES fails the test: add it on purpose.
 * HEAD routes reuse their GET case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { testDbKinds } from '@wb/server-kit/testing';
import { seedCustomers } from '../seed/customers.ts';
import { createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';

type User = 'anonymous' | 'guest01' | 'kf01' | 'yk01' | 'mgr01' | 'admin';
const USERS: readonly User[] = ['anonymous', 'guest01', 'kf01', 'yk01', 'mgr01', 'admin'];

/** What each demo account is granted (seed): the expectation of the matrix. */
const GRANTED: Record<Exclude<User, 'anonymous'>, readonly string[]> = {
  guest01: [],
  kf01: ['cust:archive:view'],
  yk01: ['cust:archive:view'],
  mgr01: ['cust:archive:view'],
  admin: ['*'],
};

/** The post each account holds (for the post switch). */
const HELD_POST: Partial<Record<User, { postCode: string; orgUnitCode: string }>> = {
  kf01: { postCode: 'KF_AGENT', orgUnitCode: '3340180' },
  yk01: { postCode: 'YK_ACCEPT', orgUnitCode: '334010101' },
  mgr01: { postCode: 'MGR_VIEW', orgUnitCode: '33401' },
};

interface Fixtures {
  t: TestApp;
  victimId: string;
  /** A customer of 江北城关供电所 (334010101): inside every customer viewer's scope. */
  consNo: string;
  seq(): number;
}

interface Case {
  url(f: Fixtures): string | Promise<string>;
  payload?(f: Fixtures, user: User): unknown;
  headers?(f: Fixtures): Promise<Record<string, string>>;
  /** Status for a user the access layer lets through; default: any 2xx. */
  passed?(user: User): number;
}

const IAM = '/api/svc/iam/v1';
const fixed = (url: string) => () => url;

const CASES: Record<string, Case> = {
  'POST /api/identity/logout': { url: fixed('/api/identity/logout') },
  'GET /api/identity/me': { url: fixed('/api/identity/me') },
  'PUT /api/identity/session/active-post': {
    url: fixed('/api/identity/session/active-post'),
    payload: (_f, user) => HELD_POST[user] ?? { postCode: 'KF_AGENT', orgUnitCode: '3340180' },
    passed: (user) => (HELD_POST[user] ? 200 : 403),
  },
  // A wrong current password: the access layer lets it through, the handler refuses (nothing changes).
  'POST /api/identity/password': {
    url: fixed('/api/identity/password'),
    payload: () => ({ currentPassword: 'not-the-password', newPassword: 'Qiu-yue-Lan-7461' }),
    passed: () => 400,
  },
  'POST /api/client-errors': {
    url: fixed('/api/client-errors'),
    payload: () => ({ appId: 'customer-archive', code: 'WB_SHELL_004', message: 'matrix' }),
  },
  'GET /api/registry/feed': { url: fixed('/api/registry/feed') },
  'GET /api/svc/customer/v1/customers': { url: fixed('/api/svc/customer/v1/customers?q=&page=1&pageSize=5') },
  'GET /api/svc/customer/v1/customers/:consNo': { url: (f) => `/api/svc/customer/v1/customers/${f.consNo}` },
  'GET /api/svc/iam/v1/org-units': { url: fixed(`${IAM}/org-units`) },
  'POST /api/svc/iam/v1/org-units': {
    url: fixed(`${IAM}/org-units`),
    payload: (f) => ({ code: `3340101${90 + f.seq()}`, name: '矩阵测试供电所', type: 'STATION', parentCode: '3340101' }),
  },
  'GET /api/svc/iam/v1/users': { url: fixed(`${IAM}/users?q=&page=1&pageSize=5`) },
  'POST /api/svc/iam/v1/users': {
    url: fixed(`${IAM}/users`),
    payload: (f) => ({ username: `matrix${f.seq()}`, displayName: '矩阵用户', orgUnitCode: '33401', initialPassword: 'Qiu-yue-Lan-7461' }),
  },
  'PUT /api/svc/iam/v1/users/:id/status': { url: (f) => `${IAM}/users/${f.victimId}/status`, payload: () => ({ status: 'active' }) },
  'POST /api/svc/iam/v1/users/:id/password::reset': {
    url: (f) => `${IAM}/users/${f.victimId}/password:reset`,
    payload: () => ({ newPassword: 'Qiu-yue-Lan-7461' }),
  },
  'POST /api/svc/iam/v1/users/:id/sessions::end': { url: (f) => `${IAM}/users/${f.victimId}/sessions:end` },
  'GET /api/svc/iam/v1/users/:id': { url: (f) => `${IAM}/users/${f.victimId}` },
  'GET /api/svc/iam/v1/posts': { url: fixed(`${IAM}/posts`) },
  'GET /api/svc/iam/v1/users/:id/posts': { url: (f) => `${IAM}/users/${f.victimId}/posts` },
  'POST /api/svc/iam/v1/users/:id/posts': {
    url: (f) => `${IAM}/users/${f.victimId}/posts`,
    payload: (f) => ({ postCode: 'DF_READ', orgUnitCode: '334010103', validFrom: `${2000 + (f.seq() % 90)}-01-01` }),
  },
  'DELETE /api/svc/iam/v1/users/:id/posts/:assignmentId': {
    async url(f) {
      const [row] = await f.t.db.query<{ id: string }>(
        `INSERT INTO user_post (user_id, post_code, org_unit_code, valid_from) VALUES ($1, 'DF_CALC', '3340102', NULL)
         ON CONFLICT (user_id, post_code, org_unit_code) DO UPDATE SET granted_by = 'matrix' RETURNING id::text AS id`,
        [f.victimId],
      );
      return `${IAM}/users/${f.victimId}/posts/${row?.id ?? randomUUID()}`;
    },
  },
  'GET /api/svc/iam/v1/roles': { url: fixed(`${IAM}/roles`) },
  'POST /api/svc/iam/v1/roles': { url: fixed(`${IAM}/roles`), payload: (f) => ({ key: `MATRIX_${f.seq()}`, name: '矩阵角色' }) },
  'PUT /api/svc/iam/v1/roles/:key/grants': {
    url: fixed(`${IAM}/roles/MATRIX_ROLE/grants`),
    payload: () => ({ permissions: [], dataScopes: [], conferredByPosts: [] }),
    async headers(f) {
      const [row] = await f.t.db.query<{ version: number }>(`SELECT version FROM role WHERE key = 'MATRIX_ROLE'`);
      return { 'if-match': `"${row?.version ?? 0}"` };
    },
  },
  'GET /api/svc/iam/v1/permissions': { url: fixed(`${IAM}/permissions`) },
  'GET /api/svc/iam/v1/audit': { url: fixed(`${IAM}/audit?page=1&pageSize=5`) },
  'GET /api/svc/iam/v1/audit/alerts': { url: fixed(`${IAM}/audit/alerts?windowMinutes=15`) },
};

function expected(access: unknown, user: User, test: Case): number | '2xx' {
  if (user === 'anonymous') return 401;
  const granted = GRANTED[user];
  const permission = typeof access === 'object' && access !== null ? (access as { permission: string }).permission : null;
  if (permission && !granted.includes('*') && !granted.includes(permission)) return 403;
  return test.passed?.(user) ?? '2xx';
}

describe.each(testDbKinds())('role × endpoint matrix (S2) on %s', (kind) => {
  let t: TestApp;
  let fixtures: Fixtures;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCustomers(t.db, { customers: 300, seed: 11 });
    let n = 0;
    const [victim] = await t.db.query<{ id: string }>(`SELECT id FROM sys_user WHERE username = 'df01'`);
    const [customer] = await t.db.query<{ consNo: string }>(`SELECT cons_no AS "consNo" FROM customer WHERE org_unit_code = '334010101' LIMIT 1`);
    await t.db.query(`INSERT INTO role (key, name) VALUES ('MATRIX_ROLE', '矩阵')`);
    fixtures = { t, victimId: victim!.id, consNo: customer!.consNo, seq: () => ++n };
  }, 120_000);
  afterAll(async () => t?.close());

  it('covers every guarded route of the inventory, and nothing else', () => {
    const guarded = t.app.routeInventory.filter((r) => r.access !== 'public' && r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`);
    expect([...guarded].sort()).toEqual(Object.keys(CASES).sort());
  });

  it('answers each (user, route) as the grants say: zero mismatches', async () => {
    const routes = t.app.routeInventory.filter((r) => r.access !== 'public');
    const mismatches: string[] = [];
    for (const route of routes) {
      const key = `${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`;
      const test = CASES[key];
      if (!test) throw new Error(`no matrix case for ${key}`);
      for (const user of USERS) {
        const cookie = user === 'anonymous' ? undefined : await t.login(user);
        const options = {
          method: route.method,
          url: await test.url(fixtures),
          ...(test.payload ? { payload: test.payload(fixtures, user) as object } : {}),
          headers: test.headers ? await test.headers(fixtures) : {},
          ...(cookie ? { cookie } : {}),
        } as InjectOptions & { cookie?: string };
        const status = (await t.request(options)).statusCode;
        const want = expected(route.access, user, test);
        const ok = want === '2xx' ? status >= 200 && status < 300 : status === want;
        if (!ok) mismatches.push(`${user} ${route.method} ${route.url}: got ${status}, want ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});
