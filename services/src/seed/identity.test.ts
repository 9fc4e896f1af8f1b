import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '@wb/server-kit';
import type { Db, Executor } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import { identityMigrations, loadGrants, loadPosts, scopeFor } from '../identity/index.ts';
import { POSTS, SEEDED_ACCOUNTS, STAFF_ACCOUNTS, isIdentityEmpty, seedIdentity } from './identity.ts';
import { ORG_TREE } from './org-tree.ts';

const options = { demoPassword: 'Seed#Pass-1', demo: true, scryptN: 2 ** 10 };

async function permissionsOf(db: Db, username: string): Promise<string[]> {
  const [user] = await db.query<{ id: string }>('SELECT id FROM sys_user WHERE username = $1', [username]);
  const now = new Date();
  const [post] = await loadPosts(db, user!.id, now);
  return [...(await loadGrants(db, user!.id, post ?? null, now)).permissions].sort();
}

describe.each(testDbKinds())('seedIdentity on %s', (kind) => {
  // The tests that read the seeded accounts share one seeded database; those that seed, a fresh one each.
  let db: Db;
  const fresh: Db[] = [];
  async function freshDb(): Promise<Db> {
    const own = await createTestDb(kind);
    fresh.push(own);
    await migrate(own, identityMigrations);
    return own;
  }
  beforeAll(async () => {
    db = await freshDb();
    await seedIdentity(db, options);
  }, 60_000);
  afterAll(async () => Promise.all(fresh.map((d) => d.close())));

  it('without demo: the catalogue but no user', async () => {
    const db = await freshDb();
    expect(await seedIdentity(db, { ...options, demo: false })).toEqual({ createdUsers: [] });
    expect(await isIdentityEmpty(db)).toBe(true);
    const [orgs] = await db.query<{ n: number }>('SELECT count(*) AS n FROM org_unit');
    expect(orgs?.n).toBe(ORG_TREE.length);
    const posts = await db.query<{ code: string; name: string }>('SELECT code, name FROM post ORDER BY code');
    expect(posts).toHaveLength(POSTS.length);
    expect(posts).toContainEqual({ code: 'KF_AGENT', name: '客服代表' });
    const [station] = await db.query<{ path: string }>(`SELECT path FROM org_unit WHERE code = '334010101'`);
    expect(station?.path).toBe('/33401/3340101/334010101');
  });

  it('creates the demo accounts once, and is idempotent', async () => {
    const db = await freshDb();
    expect((await seedIdentity(db, options)).createdUsers).toEqual(SEEDED_ACCOUNTS.map((a) => a.username));
    expect(await seedIdentity(db, options)).toEqual({ createdUsers: [] });
    const [users] = await db.query<{ n: number }>('SELECT count(*) AS n FROM sys_user');
    expect(users?.n).toBe(SEEDED_ACCOUNTS.length);
    const [links] = await db.query<{ n: number }>('SELECT count(*) AS n FROM user_post');
    // kf01, yk01, mgr01, the staff with one post each (dev01 and rev01 hold roles, no post), multi01 a second one.
    expect(links?.n).toBe(3 + STAFF_ACCOUNTS.filter((a) => a.post).length + 1);
    expect(await isIdentityEmpty(db)).toBe(false);
  });

  it('hashes the demo password once, with scrypt', async () => {
    const hashes = await db.query<{ password_hash: string }>('SELECT DISTINCT password_hash FROM sys_user');
    expect(hashes).toHaveLength(1);
    expect(hashes[0]?.password_hash).toMatch(/^scrypt\$1024\$8\$1\$/);
  });

  it.each([
    ['admin', ['*']],
    // Every post: 客户档案, the 应用市场 and the task inbox; then what the post's work needs.
    ['kf01', ['cust:archive:view', 'kf:pii:reveal', 'kf:ticket:accept', 'kf:ticket:view', 'store:market:use', 'wf:task:handle']],
    ['yk01', ['cust:archive:view', 'store:market:use', 'wf:task:handle', 'yk:apply:accept', 'yk:apply:handle', 'yk:apply:view']],
    ['mgr01', ['cust:archive:view', 'df:bill:view', 'df:pay:reverse', 'kf:sla:manage', 'kf:ticket:supervise', 'kf:ticket:view', 'ops:indicator:view', 'store:market:use', 'wf:monitor:view', 'wf:task:handle', 'yk:apply:view', 'yk:board:view']],
    ['dev01', ['store:app:manage', 'store:dev:override']],
    ['rev01', ['store:app:manage', 'store:app:review']],
    ['guest01', []],
  ])('gives %s the permissions %j', async (username, expected) => {
    expect(await permissionsOf(db, username)).toEqual(expected);
  });

  it('seeds at least one user for every post of docs/glossary.md', async () => {
    const rows = await db.query<{ code: string }>('SELECT DISTINCT post_code AS code FROM user_post ORDER BY 1');
    expect(rows.map((r) => r.code)).toEqual(POSTS.map((p) => p.code).sort());
  });

  it.each([
    ['yk01', { all: false, orgPaths: ['/33401/3340101/334010101'], exactOrgPaths: [] }],
    ['mgr01', { all: false, orgPaths: ['/33401'], exactOrgPaths: [] }],
    ['kf01', { all: false, orgPaths: ['/33401', '/33401/3340180'], exactOrgPaths: [] }],
    ['guest01', { all: false, orgPaths: [], exactOrgPaths: [] }],
    ['admin', { all: true }],
    ['tq01', { all: false, orgPaths: ['/33401/3340101/334010101'], exactOrgPaths: [] }],
  ])('gives %s the customer (cons) scope %j', async (username, expected) => {
    const [user] = await db.query<{ id: string }>('SELECT id FROM sys_user WHERE username = $1', [username]);
    const now = new Date();
    const [post] = await loadPosts(db, user!.id, now);
    expect(scopeFor(await loadGrants(db, user!.id, post ?? null, now), 'cons')).toEqual(expected);
  });

  it('gives the 台区经理 the 台区 assigned to them (MY_TG), and nobody else a tg scope', async () => {
    const tgScope = async (username: string) => {
      const [user] = await db.query<{ id: string }>('SELECT id FROM sys_user WHERE username = $1', [username]);
      const now = new Date();
      const [post] = await loadPosts(db, user!.id, now);
      return scopeFor(await loadGrants(db, user!.id, post ?? null, now), 'tg');
    };
    expect(await tgScope('tq01')).toEqual({
      all: false,
      orgPaths: [],
      exactOrgPaths: [],
      tgIds: ['33401010100001', '33401010100002', '33401010100003'],
    });
    // tq02: the 台区经理 of a second 供电所 (the 协办 unit of a 联合办理 ticket in the demo).
    expect(await tgScope('tq02')).toEqual({ all: false, orgPaths: [], exactOrgPaths: [], tgIds: ['33401020100001', '33401020100002'] });
    expect(await tgScope('yk01')).toEqual({ all: false, orgPaths: [], exactOrgPaths: [] });
  });

  it('writes one statement per table, not one per row (every server test seeds a database: issue 18)', async () => {
    // It re-creates an account (with a hash of its own): on a database of its own.
    const db = await freshDb();
    await seedIdentity(db, options);
    await db.query(`DELETE FROM sys_user WHERE username = 'tq01'`);
    const statements: string[] = [];
    const counted = (tx: Executor): Executor => ({
      query: <T>(sql: string, params?: unknown[]) => {
        statements.push(sql);
        return tx.query<T>(sql, params);
      },
      exec: (sql) => tx.exec(sql),
    });
    const counting: Db = {
      kind: db.kind,
      query: <T>(sql: string, params?: unknown[]) => db.query<T>(sql, params),
      exec: (sql) => db.exec(sql),
      transaction: <T>(fn: (tx: Executor) => Promise<T>) => db.transaction((tx) => fn(counted(tx))),
      close: () => db.close(),
    };
    expect(await seedIdentity(counting, options)).toEqual({ createdUsers: ['tq01'] });
    // org_unit, post, permission, role, role_permission, post_role, data_scope_rule, data_scope_org; then sys_user,
    // user_post and user_tg for the account.
    expect(statements).toHaveLength(11);
    const links = await db.query<{ post: string | null; tg: string | null }>(
      `SELECT (SELECT string_agg(post_code, ',') FROM user_post WHERE user_id = u.id) AS post,
              (SELECT string_agg(tg_id, ',' ORDER BY tg_id) FROM user_tg WHERE user_id = u.id) AS tg
       FROM sys_user u WHERE username = 'tq01'`,
    );
    expect(links).toEqual([{ post: 'TQ_MGR', tg: '33401010100001,33401010100002,33401010100003' }]);
  });
});
