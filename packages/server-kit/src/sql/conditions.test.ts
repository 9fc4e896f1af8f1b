import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKinds } from '../testing.ts';
import type { Db } from '../db/types.ts';
import { SqlConditions, containsPattern, escapeLike, prefixPattern } from './conditions.ts';
import { idempotent, type IdempotencyStore } from './idempotency.ts';
import { orgPathRewriter } from './org-path-rewrite.ts';
import { isOrgPathUnder, orgPathInScope, orgPathScopeOf } from './scope.ts';

describe('LIKE patterns', () => {
  it('escape the wildcards and the escape character', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
    expect(containsPattern('a_b')).toBe('%a\\_b%');
    expect(prefixPattern('identity.')).toBe('identity.%');
  });
});

describe('data-scope path test', () => {
  const scope = { orgPaths: ['/1/12/'], exactOrgPaths: ['/1/13'] };
  it('covers the subtree of orgPaths, only the path itself of exactOrgPaths, never a sibling prefix', () => {
    expect(orgPathInScope('/1/12', scope)).toBe(true);
    expect(orgPathInScope('/1/12/121', scope)).toBe(true);
    expect(orgPathInScope('/1/123', scope)).toBe(false);
    expect(orgPathInScope('/1/13', scope)).toBe(true);
    expect(orgPathInScope('/1/13/131', scope)).toBe(false);
    expect(orgPathInScope('/1', scope)).toBe(false);
    expect(orgPathInScope('/anything', undefined)).toBe(true);
    expect(orgPathInScope('/1', { orgPaths: [], exactOrgPaths: [] })).toBe(false);
    expect(isOrgPathUnder('/a/b', '/a')).toBe(true);
    expect(isOrgPathUnder('/a/bc', '/a/b')).toBe(false);
  });

  it('takes the org-path part of an access scope; everything → no restriction', () => {
    expect(orgPathScopeOf({ all: true })).toBeUndefined();
    expect(orgPathScopeOf({ all: false, orgPaths: ['/1'], exactOrgPaths: ['/2'], tgIds: ['t'], keys: ['k'] })).toEqual({ orgPaths: ['/1'], exactOrgPaths: ['/2'], keys: ['k'] });
  });

  it('renders WHERE with numbered parameters; an empty scope matches nothing', () => {
    const c = new SqlConditions().addWith('a = ? AND b < ?', 1, 2);
    c.scope('t.org_path', { orgPaths: [], exactOrgPaths: [] });
    expect(c.where()).toBe('WHERE a = $1 AND b < $2 AND false');
    expect(c.params).toEqual([1, 2]);
    expect(new SqlConditions().where()).toBe('');
    expect(new SqlConditions().all()).toBe('TRUE');
  });
});

describe.each(testDbKinds())('SQL helpers on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(kind);
    await db.exec(`CREATE TABLE t (org_path text, name text);
      INSERT INTO t VALUES ('/1/12', 'a'), ('/1/12/121', '100%'), ('/1/123', 'b_c'), ('/1/13', 'bxc'), ('/1/13/131', 'd');
      CREATE TABLE x_idempotency (key text NOT NULL, username text NOT NULL, request_hash text NOT NULL,
        created_at timestamptz NOT NULL, answer text NOT NULL, PRIMARY KEY (username, key));
      CREATE TABLE x_thing (id serial PRIMARY KEY);`);
  }, 60_000);
  afterAll(async () => db?.close());

  const names = async (c: SqlConditions): Promise<string[]> =>
    (await db.query<{ name: string }>(`SELECT name FROM t ${c.where()} ORDER BY name`, c.params)).map((r) => r.name);

  it('the scope filter in SQL agrees with orgPathInScope', async () => {
    const scope = { orgPaths: ['/1/12/'], exactOrgPaths: ['/1/13'] };
    expect(await names(new SqlConditions().scope('org_path', scope))).toEqual(['100%', 'a', 'bxc']);
    const rows = await db.query<{ org_path: string; name: string }>('SELECT org_path, name FROM t ORDER BY name');
    expect(rows.filter((r) => orgPathInScope(r.org_path, scope)).map((r) => r.name)).toEqual(['100%', 'a', 'bxc']);
  });

  it('subtree: a unit and every row below it, never a sibling prefix; no path (an unknown unit) → no row', async () => {
    const rows = await db.query<{ org_path: string; name: string }>('SELECT org_path, name FROM t ORDER BY name');
    const expected = rows.filter((r) => isOrgPathUnder(r.org_path, '/1/12')).map((r) => r.name);
    expect(expected.length).toBeGreaterThan(0);
    expect(await names(new SqlConditions().subtree('org_path', '/1/12'))).toEqual(expected);
    expect(await names(new SqlConditions().subtree('org_path', undefined))).toEqual([]);
    expect(await names(new SqlConditions().subtree('org_path', null))).toEqual([]);
  });

  it('the scope filter reads the org-path index (a prefix LIKE per subtree, not LIKE ANY, which reads every row)', async () => {
    await db.exec(`CREATE TABLE big (org_path text NOT NULL, n int);
      INSERT INTO big SELECT '/1/1' || (i % 40)::text || '/' || i::text, i FROM generate_series(1, 4000) i;
      CREATE INDEX big_path_idx ON big (org_path text_pattern_ops); ANALYZE big;`);
    const scope = { orgPaths: ['/1/17', '/1/123'], exactOrgPaths: ['/1/13'] };
    const c = new SqlConditions().scope('org_path', scope);
    const plan = await db.transaction(async (tx) => {
      await tx.exec('SET LOCAL enable_seqscan = off');
      return (await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT count(*) FROM big ${c.where()}`, c.params)).map((r) => r['QUERY PLAN']).join('\n');
    });
    // The subtrees are ranges of the index (`~>=~ … ~<~`), not a filter applied to every entry of a full index scan.
    expect(plan).toMatch(/Index Cond: .*org_path ~>=~ '\/1\/17\/'/);
    expect(plan).toMatch(/Index Cond: .*org_path ~>=~ '\/1\/123\/'/);
    expect(plan).not.toContain('Seq Scan');
    const [row] = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM big ${c.where()}`, c.params);
    // '/1/17' and '/1/123' hold 100 rows each below them; '/1/13' itself is no row (its children are not in scope).
    expect(row?.count).toBe(200);
  });

  it('grants rows by key too (ASSIGNED, ADR 0073), in SQL as in code; without a key column the keys grant nothing', async () => {
    const assigned = { orgPaths: [], exactOrgPaths: [], keys: ['d', 'b_c'] };
    expect(await names(new SqlConditions().scope('org_path', assigned, 'name'))).toEqual(['b_c', 'd']);
    expect(await names(new SqlConditions().scope('org_path', assigned))).toEqual([]);
    const both = { orgPaths: [], exactOrgPaths: ['/1/12'], keys: ['d'] };
    expect(await names(new SqlConditions().scope('org_path', both, 'name'))).toEqual(['a', 'd']);
    expect(orgPathInScope('/1/13/131', both, 'd')).toBe(true);
    expect(orgPathInScope('/1/13/131', both)).toBe(false);
  });

  it('orgPathRewriter moves a subtree (never a sibling prefix) in each table or table.column it names', async () => {
    await db.exec(`CREATE TABLE r1 (org_path text); CREATE TABLE r2 (cand text);
      INSERT INTO r1 VALUES ('/1/12'), ('/1/12/121'), ('/1/123'); INSERT INTO r2 VALUES ('/1/12/9'), ('/1/1');`);
    const rewrite = orgPathRewriter('r1', 'r2.cand');
    expect(rewrite.targets).toEqual(['r1', 'r2.cand']);
    await db.transaction((tx) => rewrite(tx, '/1/12', '/2/12'));
    expect((await db.query<{ org_path: string }>('SELECT org_path FROM r1 ORDER BY 1')).map((r) => r.org_path)).toEqual(['/1/123', '/2/12', '/2/12/121']);
    expect((await db.query<{ cand: string }>('SELECT cand FROM r2 ORDER BY 1')).map((r) => r.cand)).toEqual(['/1/1', '/2/12/9']);
    expect(() => orgPathRewriter('r1; DROP TABLE r2')).toThrow(/not a table/);
  });

  it('LIKE patterns match user text literally', async () => {
    expect(await names(new SqlConditions().addWith('name LIKE ?', containsPattern('_')))).toEqual(['b_c']);
    expect(await names(new SqlConditions().addWith('name LIKE ?', prefixPattern('100%')))).toEqual(['100%']);
  });

  it('idempotent: a retry replays the first answer, another body → 422, no key → runs each time', async () => {
    const store: IdempotencyStore<number> = { table: 'x_idempotency', columns: ['answer'], toRow: (n) => [String(n)], fromRow: (r) => Number(r['answer']) };
    const create = () => db.transaction((tx) =>
      idempotent(tx, store, { username: 'u', key: 'k', body: { a: 1 }, now: new Date() }, async () => (await tx.query<{ id: number }>('INSERT INTO x_thing DEFAULT VALUES RETURNING id'))[0]!.id),
    );
    const first = await create();
    const again = await create();
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ answer: first.answer, replayed: true });
    await expect(db.transaction((tx) => idempotent(tx, store, { username: 'u', key: 'k', body: { a: 2 }, now: new Date() }, async () => 0)))
      .rejects.toMatchObject({ statusCode: 422, code: 'WB_ERR_UNPROCESSABLE' });
    const other = await db.transaction((tx) => idempotent(tx, store, { username: 'v', key: 'k', body: { a: 1 }, now: new Date() }, async () => 99));
    expect(other).toEqual({ answer: 99, replayed: false });
    expect((await db.query('SELECT * FROM x_thing')).length).toBe(1);
  });
});
