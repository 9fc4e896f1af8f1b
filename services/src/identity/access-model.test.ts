/**
 * The access model end to end (issue 3): data scope (S5), post switch, post-required permissions, zone
 * filter, revocation through the admin API with the principal cache in between (S6), session kill and
 * disable (S7), and the audit trail (S14).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDbKinds } from '@wb/server-kit/testing';
import { seedCustomers } from '../seed/index.ts';
import { TEST_PASSWORD, createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';

const CUSTOMERS = '/api/svc/customer/v1/customers';
const IAM = '/api/svc/iam/v1';
const YK01_STATION = '/33401/3340101/334010101';
const INTERNET = '203.0.113.9';
const INTRANET = '10.1.2.3';

async function probes(app: FastifyInstance): Promise<void> {
  app.get('/api/test/intranet-op', { config: { access: { permission: 'test:intranet:op' } } }, async () => ({ ok: true }));
  app.get('/api/test/accept-only', { config: { access: { permission: 'test:accept:only' } } }, async () => ({ ok: true }));
}

/** Test permissions: one limited to the intranet, one that also needs the post YK_ACCEPT; both via CUST_VIEWER. */
async function addTestPermissions(t: TestApp): Promise<void> {
  await t.app.accessControl.changeGrants(async (tx) => {
    await tx.query(`INSERT INTO permission (key, name, type, allowed_zones) VALUES ('test:intranet:op', '内网操作', 'API', '{intranet}')`);
    await tx.query(`INSERT INTO permission (key, name, type) VALUES ('test:accept:only', '受理专用', 'BUTTON')`);
    await tx.query(`INSERT INTO permission_post (permission_key, post_code) VALUES ('test:accept:only', 'YK_ACCEPT')`);
    await tx.query(`INSERT INTO role_permission (role_key, permission_key) VALUES ('CUST_VIEWER', 'test:intranet:op'), ('CUST_VIEWER', 'test:accept:only')`);
  });
}

describe.each(testDbKinds())('access model on %s', (kind) => {
  let t: TestApp;
  let customerCount: number;
  beforeAll(async () => {
    t = await createTestApp(kind, { plugins: [probes] });
    await seedCustomers(t.db, { customers: 600, seed: 7 });
    await addTestPermissions(t);
    const [row] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM customer');
    customerCount = row!.n;
  }, 120_000);
  afterAll(async () => t?.close());

  const get = (url: string, cookie: string, remoteAddress?: string) => t.request({ method: 'GET', url, cookie, ...(remoteAddress ? { remoteAddress } : {}) });
  const totalOf = async (cookie: string) => (await get(`${CUSTOMERS}?q=&page=1&pageSize=5`, cookie)).json<{ total: number }>().total;
  const countUnder = async (path: string) =>
    (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM customer WHERE org_path = $1 OR org_path LIKE $1 || '/%'`, [path]))[0]!.n;

  it('scopes customers: a 供电所 clerk sees that 供电所, the city manager and the service center the city, admin all', async () => {
    const station = await countUnder(YK01_STATION);
    expect(station).toBeGreaterThan(0);
    expect(station).toBeLessThan(customerCount);
    expect(await totalOf(await t.login('yk01'))).toBe(station);
    expect(await totalOf(await t.login('mgr01'))).toBe(customerCount);
    expect(await totalOf(await t.login('kf01'))).toBe(customerCount);
    expect(await totalOf(await t.login('admin'))).toBe(customerCount);
  });

  it('answers 100 foreign 户号 outside the clerk scope with 404 and no field of the customer (S5)', async () => {
    const cookie = await t.login('yk01');
    const foreign = await t.db.query<{ consNo: string; name: string; address: string }>(
      `SELECT cons_no AS "consNo", name, address FROM customer WHERE org_unit_code <> '334010101' ORDER BY cons_no LIMIT 100`,
    );
    expect(foreign).toHaveLength(100);
    for (const c of foreign) {
      const response = await get(`${CUSTOMERS}/${c.consNo}`, cookie);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain(c.name);
      expect(response.body).not.toContain(c.address);
    }
    const [own] = await t.db.query<{ consNo: string }>(`SELECT cons_no AS "consNo" FROM customer WHERE org_unit_code = '334010101' LIMIT 1`);
    expect((await get(`${CUSTOMERS}/${own!.consNo}`, cookie)).statusCode).toBe(200);
  });

  it('filters a permission limited to the intranet by the address the request came from', async () => {
    const cookie = await t.login('yk01', TEST_PASSWORD, { remoteAddress: INTRANET });
    expect((await get('/api/test/intranet-op', cookie, INTRANET)).statusCode).toBe(200);
    expect((await get('/api/test/intranet-op', cookie, INTERNET)).statusCode).toBe(403);
    const me = (await get('/api/identity/me', cookie, INTERNET)).json<{ user: { permissions: string[] } }>();
    expect(me.user.permissions).not.toContain('test:intranet:op');
    expect(me.user.permissions).toContain('cust:archive:view');
  });

  it('switches the active post: permissions and data scope follow; a post not held is refused', async () => {
    const cookie = await t.login('multi01');
    const me = (await get('/api/identity/me', cookie)).json<{ user: { activePost: { code: string }; posts: unknown[]; permissions: string[] } }>().user;
    expect(me.activePost.code).toBe('YK_ACCEPT');
    expect(me.posts).toHaveLength(2);
    expect(me.permissions).toContain('test:accept:only');
    expect((await get('/api/test/accept-only', cookie)).statusCode).toBe(200);
    expect(await totalOf(cookie)).toBe(await countUnder(YK01_STATION));

    const switchTo = (postCode: string, orgUnitCode: string) =>
      t.request({ method: 'PUT', url: '/api/identity/session/active-post', cookie, payload: { postCode, orgUnitCode } });
    const switched = await switchTo('YK_SURVEY', '334010102');
    expect(switched.statusCode).toBe(200);
    expect(switched.json().user.activePost).toMatchObject({ code: 'YK_SURVEY', orgUnitCode: '334010102' });
    expect(switched.json().user.permissions).not.toContain('test:accept:only');
    expect((await get('/api/test/accept-only', cookie)).statusCode).toBe(403);
    expect(await totalOf(cookie)).toBe(await countUnder('/33401/3340101/334010102'));

    expect((await switchTo('MGR_VIEW', '33401')).statusCode).toBe(403);
    expect((await switchTo('YK_SURVEY', '334010101')).statusCode).toBe(403);
    const audit = await t.db.query<{ result: string }>(`SELECT result FROM audit_log WHERE action = 'identity.post.switch' AND actor = 'multi01' ORDER BY id`);
    expect(audit.map((a) => a.result)).toEqual(['success', 'denied', 'denied']);
  });

  it('ends sessions at once on admin kill and on disable; a disabled user cannot sign in (S7)', async () => {
    const admin = await t.login('admin');
    const [jl01] = await t.db.query<{ id: string }>(`SELECT id FROM sys_user WHERE username = 'jl01'`);
    let cookie = await t.login('jl01');
    expect((await get(`${CUSTOMERS}?q=`, cookie)).statusCode).toBe(200);
    const kill = await t.request({ method: 'POST', url: `${IAM}/users/${jl01!.id}/sessions:end`, cookie: admin });
    expect(kill.json()).toEqual({ ended: 1 });
    expect((await get(`${CUSTOMERS}?q=`, cookie)).statusCode).toBe(401);

    cookie = await t.login('jl01');
    expect((await get('/api/identity/me', cookie)).statusCode).toBe(200);
    const disable = await t.request({ method: 'PUT', url: `${IAM}/users/${jl01!.id}/status`, cookie: admin, payload: { status: 'disabled' } });
    expect(disable.statusCode).toBe(200);
    expect(disable.json().status).toBe('disabled');
    expect((await get('/api/identity/me', cookie)).statusCode).toBe(401);
    await expect(t.login('jl01')).rejects.toThrow(/401/);
  });

  it('revoking a role grant or removing a post is refused on the very next request (S6, through the cache)', async () => {
    const yk = await t.login('yk01');
    // kf03, whom no other test here signs in as, loses the post.
    const kf = await t.login('kf03');
    expect((await get(`${CUSTOMERS}?q=`, yk)).statusCode).toBe(200);
    expect((await get(`${CUSTOMERS}?q=`, yk)).statusCode).toBe(200); // served from the cache
    const admin = await t.login('admin');
    const [kfPost] = (await t.request({ method: 'GET', url: `${IAM}/users/${await idOf('kf03')}/posts`, cookie: admin })).json<Array<{ id: string }>>();
    const removed = await t.request({ method: 'DELETE', url: `${IAM}/users/${await idOf('kf03')}/posts/${kfPost!.id}`, cookie: admin });
    expect(removed.statusCode).toBe(204);
    expect((await get(`${CUSTOMERS}?q=`, kf)).statusCode).toBe(403);

    // Every staff role holds the customer view through CUST_VIEWER: revoked here, given back before the test ends.
    const viewer = await roleOf('CUST_VIEWER', admin);
    const putGrants = (version: number, permissions: string[]) =>
      t.request({
        method: 'PUT',
        url: `${IAM}/roles/CUST_VIEWER/grants`,
        cookie: admin,
        headers: { 'if-match': `"${version}"` },
        payload: { permissions, dataScopes: viewer.dataScopes, conferredByPosts: viewer.conferredByPosts },
      });
    const revoke = await putGrants(viewer.version, []);
    try {
      expect(revoke.statusCode).toBe(200);
      expect((await get(`${CUSTOMERS}?q=`, yk)).statusCode).toBe(403);
    } finally {
      expect((await putGrants((await roleOf('CUST_VIEWER', admin)).version, viewer.permissions)).statusCode).toBe(200);
    }
    expect((await get(`${CUSTOMERS}?q=`, yk)).statusCode).toBe(200);
  });

  it('writes one audit record per login, failed login, 403 and grant change, with UTC time, actor, result, address and zone; never a password (S14)', async () => {
    // One of each, made here: a login, a 403, a grant change (the same grants written again), a post removed, sessions ended.
    const admin = await t.login('admin');
    expect((await get(`${CUSTOMERS}?q=`, await t.login('guest01'))).statusCode).toBe(403);
    const viewer = await roleOf('CUST_VIEWER', admin);
    const grants = await t.request({
      method: 'PUT',
      url: `${IAM}/roles/CUST_VIEWER/grants`,
      cookie: admin,
      headers: { 'if-match': `"${viewer.version}"` },
      payload: { permissions: viewer.permissions, dataScopes: viewer.dataScopes, conferredByPosts: viewer.conferredByPosts },
    });
    expect(grants.statusCode).toBe(200);
    const [dfPost] = (await t.request({ method: 'GET', url: `${IAM}/users/${await idOf('df03')}/posts`, cookie: admin })).json<Array<{ id: string }>>();
    expect((await t.request({ method: 'DELETE', url: `${IAM}/users/${await idOf('df03')}/posts/${dfPost!.id}`, cookie: admin })).statusCode).toBe(204);
    expect((await t.request({ method: 'POST', url: `${IAM}/users/${await idOf('df03')}/sessions:end`, cookie: admin })).statusCode).toBe(200);
    // The 403 is audited after its response.
    await expect.poll(async () => (await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'access.denied' AND actor = 'guest01'`)).length, { timeout: 5000 }).toBeGreaterThan(0);
    const rows = await t.db.query<{ at: Date; actor: string | null; action: string; result: string; ip: string | null; zone: string | null; detail: object }>(
      'SELECT at, actor, action, result, ip, zone, detail FROM audit_log ORDER BY id',
    );
    await t.request({ method: 'POST', url: '/api/identity/login', payload: { username: 'kf02', password: 'Wrong-password-123' } });
    const failed = await t.db.query<{ actor: string; result: string; ip: string; zone: string }>(
      `SELECT actor, result, ip, zone FROM audit_log WHERE action = 'identity.login' AND result = 'failure' AND actor = 'kf02'`,
    );
    expect(failed).toEqual([{ actor: 'kf02', result: 'failure', ip: '127.0.0.1', zone: 'intranet' }]);
    const kinds = new Set(rows.map((r) => `${r.action}:${r.result}`));
    for (const kindOf of ['identity.login:success', 'access.denied:denied', 'iam.role.grants:success', 'iam.post.remove:success', 'iam.user.sessions.end:success']) {
      expect(kinds).toContain(kindOf);
    }
    for (const r of rows) {
      expect(r.at).toBeInstanceOf(Date);
      expect(r.ip).toBeTruthy();
      expect(r.zone).toMatch(/^(intranet|internet)$/);
      if (r.action !== 'identity.login') expect(r.actor).toBeTruthy();
    }
    const all = JSON.stringify(await t.db.query('SELECT detail, target, actor FROM audit_log'));
    expect(all).not.toContain(TEST_PASSWORD);
    expect(all).not.toContain('Wrong-password-123');
  });

  async function roleOf(key: string, admin: string): Promise<{ version: number; permissions: string[]; dataScopes: unknown[]; conferredByPosts: string[] }> {
    const roles = (await t.request({ method: 'GET', url: `${IAM}/roles`, cookie: admin })).json<Array<{ key: string; version: number; permissions: string[]; dataScopes: unknown[]; conferredByPosts: string[] }>>();
    return roles.find((r) => r.key === key)!;
  }

  async function idOf(username: string): Promise<string> {
    const [row] = await t.db.query<{ id: string }>('SELECT id FROM sys_user WHERE username = $1', [username]);
    return row!.id;
  }
});
