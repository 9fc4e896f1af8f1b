/**
 * docs/quality.md S16, issue 9 item 8: strings with NUL or a lone surrogate and out-of-range numbers are refused
 * with 400 and a Chinese message, never a 500 from PostgreSQL and never stored (docs/adr/0019-input-hygiene.md).
 * The reproductions of the issue, one test each; the walk over every route is in input-walk.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDbKinds } from '@wb/server-kit/testing';
import { createConnectionTestApp, residentApplication, type ConnectionTestApp } from '../connection/testing.ts';
import { createTestApp, makeBundle, zipOf } from '../testing/harness.ts';
import { suiteApp } from '../testing/suite.ts';

const NUL = 'ab\u0000cd';
const LONE = 'ab\ud800cd';

describe.each(testDbKinds())('input hygiene: the reproductions of issue 9 item 8 on %s', (kind) => {
  let t: ConnectionTestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createConnectionTestApp(kind, { customers: 100 });
    admin = await t.login('admin');
  }, 120_000);
  afterAll(async () => t?.close());

  /** 400 in Chinese, naming the field when given; never PostgreSQL's words. */
  function expect400(res: { statusCode: number; body: string }, field?: string): void {
    expect(res.statusCode, res.body).toBe(400);
    const body = JSON.parse(res.body) as { error: { code: string; message: string; fields?: Record<string, string> } };
    expect(body.error.code).toBe('WB_ERR_BAD_REQUEST');
    expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
    if (field) expect(body.error.fields?.[field]).toMatch(/包含不允许的字符$/);
    expect(res.body).not.toMatch(/invalid byte sequence|UTF8|0x00/);
  }

  it('login: a NUL in username is 400 without a session', async () => {
    expect400(await t.request({ method: 'POST', url: '/api/identity/login', payload: { username: `kf01${NUL}`, password: 'x' } }), 'username');
  });

  // A lone surrogate is refused too, not stored as U+FFFD.
  it.each([
    ['NUL', NUL, 'hygiene1'],
    ['lone surrogate', LONE, 'hygiene2'],
  ])('iam users: a %s in displayName is 400 and nothing is written', async (_name, displayName, username) => {
    const res = await t.request({
      method: 'POST',
      url: '/api/svc/iam/v1/users',
      cookie: admin,
      payload: { username, displayName, orgUnitCode: '33401', initialPassword: 'Qiu-yue-Lan-7461' },
    });
    expect400(res, 'displayName');
    expect(await t.db.query(`SELECT 1 FROM sys_user WHERE username = $1`, [username])).toHaveLength(0);
  });

  it.each([
    ['NUL', NUL],
    ['lone surrogate', LONE],
  ])('connection: a %s in consName is 400 and no application is written', async (_name, consName) => {
    const before = await t.db.query(`SELECT 1 FROM yk_application`);
    expect400(await t.post('yk01', '/applications', residentApplication(900, { consName })), 'consName');
    expect(await t.db.query(`SELECT 1 FROM yk_application`)).toHaveLength(before.length);
  });

  it('a control character in consName passes the request guard and is refused by the contract, naming the field', async () => {
    const res = await t.post('yk01', '/applications', residentApplication(901, { consName: 'ab\u0001cd' }));
    expect400(res, 'consName');
    expect(JSON.parse(res.body).error.fields.consName).toBe('户名包含不允许的字符');
  });

  it.each([
    ['customers', '/api/svc/customer/v1/customers', 'kf01'],
    ['users', '/api/svc/iam/v1/users', 'admin'],
    ['inbox', '/api/svc/workflow/v1/inbox', 'yk01'],
    ['applications', '/api/svc/connection/v1/applications', 'yk01'],
  ])('%s: a NUL in q is 400', async (_name, url, user) => {
    const cookie = user === 'admin' ? admin : (t.cookies[user] ?? (await t.login(user)));
    expect400(await t.request({ method: 'GET', url: `${url}?q=ab%00cd`, cookie }), 'q');
  });

  it.each([
    ['NUL', NUL],
    ['lone surrogate', LONE],
  ])('app store: a manifest whose description holds a %s is refused, nothing is published', async (_name, description) => {
    const zip = zipOf(makeBundle({ id: 'hygiene-app', description }));
    const res = await t.request({ method: 'POST', url: '/api/svc/appstore/v1/versions', payload: zip, headers: { 'content-type': 'application/zip' }, cookie: await t.login('dev01') });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.body).toContain('包含不允许的字符');
    expect(await t.db.query(`SELECT 1 FROM registry_version WHERE app_id = 'hygiene-app'`)).toHaveLength(0);
  });

  it.each(['1e30', '99999999999'])('workflow: definition version %s is 400', async (version) => {
    const res = await t.request({ method: 'GET', url: `/api/svc/workflow/v1/definitions/yk-lv-resident/${version}/xml`, cookie: admin });
    expect400(res);
    expect(JSON.parse(res.body).error.fields).toEqual({
      version: `版本号应为 1 到 2147483647 之间的整数`,
    });
  });
});

/** A value that slipped past every contract and reached SQL: each raises a data exception (SQLSTATE class 22). */
const DATA_EXCEPTIONS: Record<string, [string, unknown[]]> = {
  'int4 out of range (22003)': ['SELECT $1::int AS v', ['99999999999']],
  'invalid text representation (22P02)': ['SELECT $1::uuid AS v', ['not-a-uuid']],
  'NUL in jsonb (22P05)': ['SELECT $1::jsonb AS v', ['{"a":"\\u0000"}']],
  'division by zero (22012)': ['SELECT 1 / $1::int AS v', [0]],
};

async function dataExceptionRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { name: string } }>('/api/test/data-exception/:name', { config: { access: 'public' } }, async (request) => {
    const [sql, params] = DATA_EXCEPTIONS[request.params.name] ?? ['SELECT 1 AS v', []];
    return app.db.query(sql, params);
  });
}

describe.each(testDbKinds())('input hygiene: a database data exception is a 400 without PostgreSQL words, on %s', (kind) => {
  const t = suiteApp(() => createTestApp(kind, { plugins: [dataExceptionRoutes] }));

  it.each(Object.keys(DATA_EXCEPTIONS))('%s', async (name) => {
    const res = await t.request({ method: 'GET', url: `/api/test/data-exception/${encodeURIComponent(name)}` });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'WB_ERR_BAD_REQUEST', message: '请求数据不符合要求（格式不正确或超出取值范围）' } });
  });
});
