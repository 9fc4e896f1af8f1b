/**
 * Issue 9 item 3 (ADR 0016): who may do what in the app store. README's table "App store: who may do what"
 * is the expectation: every app-store route × every seeded account (and anonymous). An account the table
 * names passes the access layer (neither 401 nor 403); any other signed-in account gets 403. Access does
 * not depend on the database, so this runs on PGlite only.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { storeAppSummarySchema } from '@wb/contracts/appstore';
import { makeBundle, zipOf } from '@wb/registry/testing';
import { SEEDED_ACCOUNTS } from './seed/identity.ts';
import { createTestApp } from './testing/harness.ts';
import type { TestApp } from './testing/harness.ts';

const STORE = '/api/svc/appstore/v1';
const HEADING = '### App store: who may do what';
const ROUTE = /^(GET|POST|PUT|DELETE) \/\S*$/;
const ACCOUNTS = SEEDED_ACCOUNTS.map((a) => a.username);
/** dev01 uploads it, rev01 approves it (beforeAll). */
const APP = 'rights-app';

/** README's table: `METHOD /path` under /api/svc/appstore/v1 → the accounts that may call it. */
function readRightsTable(markdown: string, accounts: readonly string[]): Map<string, ReadonlySet<string>> {
  const start = markdown.indexOf(HEADING);
  if (start < 0) throw new Error(`README has no "${HEADING}" section`);
  const rows = markdown.slice(start).split('\n').filter((line) => line.startsWith('| `'));
  const table = new Map<string, ReadonlySet<string>>();
  for (const row of rows) {
    const [routes = '', who = ''] = row.split('|').slice(1).map((cell) => cell.trim());
    const named = [...who.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
    const unknown = named.filter((name) => !accounts.includes(name));
    if (unknown.length > 0) throw new Error(`README names accounts that are not seeded: ${unknown.join(', ')}`);
    const allowed = who.startsWith('every signed-in account') ? accounts.filter((a) => !named.includes(a)) : named;
    for (const [, route = ''] of routes.matchAll(/`([^`]+)`/g)) {
      if (!ROUTE.test(route)) throw new Error(`README: not a route: ${route}`);
      table.set(route, new Set(allowed));
    }
  }
  return table;
}

const zip = (version = '1.0.0'): Buffer =>
  zipOf(makeBundle({ id: APP, version, category: '测试', owner: 'rights' }));

/** A request the access layer judges; the handler may refuse it for other reasons (404, 409, 400). */
function requestFor(method: string, route: string): Omit<InjectOptions, 'method'> {
  const url = `${STORE}${route.replace(':id', APP).replace(':version', '9.9.9').replace(':postCode', 'KF_AGENT')}`;
  const key = `${method} ${route}`;
  const bodies: Record<string, object> = {
    'PUT /me/apps/:id': { inMenu: true },
    'PUT /me/layout': { items: [] },
    'PUT /layouts/posts/:postCode': { items: [] },
    'POST /apps/:id/versions/:version/approve': {},
    'POST /apps/:id/versions/:version/reject': { reason: '权限矩阵' },
    'POST /apps/:id/rollback': { version: '9.9.9' },
    'PUT /apps/:id/rollout': {},
    'PUT /apps/:id/visibility': {},
  };
  if (key === 'POST /versions') return { url, payload: zip(), headers: { 'content-type': 'application/zip' } };
  if (key === 'GET /parts/impact') return { url: `${url}?app=${APP}&version=1.0.0` };
  const body = bodies[key];
  return body ? { url, payload: body } : { url };
}

describe('app store: who may do what (README table × seeded accounts)', () => {
  let t: TestApp;
  let table: Map<string, ReadonlySet<string>>;
  const cookies = new Map<string, string>();
  const as = async (user: string) => cookies.get(user) ?? cookies.set(user, await t.login(user)).get(user) ?? '';
  const call = async (user: string | null, method: InjectOptions['method'], url: string, payload?: object) =>
    t.request({ method, url: `${STORE}${url}`, ...(user ? { cookie: await as(user) } : {}), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await createTestApp('pglite');
    table = readRightsTable(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'), ACCOUNTS);
    const dev = await as('dev01');
    const up = await t.request({ method: 'POST', url: `${STORE}/versions`, payload: zip(), headers: { 'content-type': 'application/zip' }, cookie: dev });
    expect(up.statusCode, up.body).toBe(201);
    expect((await call('dev01', 'POST', `/apps/${APP}/versions/1.0.0/submit`)).statusCode).toBe(204);
    expect((await call('rev01', 'POST', `/apps/${APP}/versions/1.0.0/approve`, {})).statusCode).toBe(200);
  }, 60_000);
  afterAll(async () => t?.close());

  it('lists every app-store route, and only those', () => {
    const routes = t.app.routeInventory
      .filter((r) => r.url.startsWith(`${STORE}/`) && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url.slice(STORE.length)}`);
    expect([...table.keys()].sort()).toEqual([...routes].sort());
  });

  it('answers every (account, route) as the table says: zero mismatches', async () => {
    const mismatches: string[] = [];
    for (const [key, allowed] of table) {
      const [method = 'GET', route = ''] = key.split(' ');
      const anonymous = await t.request({ method: method as InjectOptions['method'], ...requestFor(method, route) });
      if (anonymous.statusCode !== 401) mismatches.push(`anonymous ${key}: got ${anonymous.statusCode}, want 401`);
      for (const user of ACCOUNTS) {
        const res = await t.request({ method: method as InjectOptions['method'], cookie: await as(user), ...requestFor(method, route) });
        const ok = allowed.has(user) ? res.statusCode !== 401 && res.statusCode !== 403 : res.statusCode === 403;
        if (!ok) mismatches.push(`${user} ${key}: got ${res.statusCode}, want ${allowed.has(user) ? 'not 401/403' : 403}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('shows a developer only the apps they uploaded, and lets them submit only their own versions', async () => {
    const other = zipOf(makeBundle({ id: 'rev-own-app', category: '测试' }));
    const up = await t.request({ method: 'POST', url: `${STORE}/versions`, payload: other, headers: { 'content-type': 'application/zip' }, cookie: await as('rev01') });
    expect(up.statusCode, up.body).toBe(201);
    const mine = storeAppSummarySchema.array().parse((await call('dev01', 'GET', '/apps')).json());
    expect(mine.map((a) => a.id)).toEqual([APP]);
    expect((await call('dev01', 'GET', '/apps/rev-own-app')).statusCode).toBe(404);
    expect((await call('dev01', 'GET', '/apps/rev-own-app/events')).statusCode).toBe(404);
    const submit = await call('dev01', 'POST', '/apps/rev-own-app/versions/1.0.0/submit');
    expect(submit.statusCode).toBe(404);
    // A version of their app uploaded by someone else is not theirs to submit.
    const theirs = await t.request({ method: 'POST', url: `${STORE}/versions`, payload: zip('2.0.0'), headers: { 'content-type': 'application/zip' }, cookie: await as('rev01') });
    expect(theirs.statusCode, theirs.body).toBe(201);
    const refused = await call('dev01', 'POST', `/apps/${APP}/versions/2.0.0/submit`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('只能提交自己上传的版本');
    expect((await call('rev01', 'POST', `/apps/${APP}/versions/2.0.0/submit`)).statusCode).toBe(204);
    const all = storeAppSummarySchema.array().parse((await call('rev01', 'GET', '/apps')).json());
    expect(all.map((a) => a.id)).toEqual(expect.arrayContaining([APP, 'rev-own-app']));
    expect((await call('rev01', 'GET', '/apps/rev-own-app/events')).statusCode).toBe(200);
  });

  it('refuses the issue’s reproduction: dev01 takes an app offline, online, or sets a post layout (403)', async () => {
    for (const [method, url, body] of [
      ['POST', `/apps/${APP}/offline`, undefined],
      ['POST', `/apps/${APP}/online`, undefined],
      ['PUT', '/layouts/posts/YK_ACCEPT', { items: [] }],
      ['POST', `/apps/${APP}/rollback`, { version: '1.0.0' }],
      ['PUT', `/apps/${APP}/visibility`, { hiddenOrgUnitCodes: [] }],
    ] as const) {
      const res = await call('dev01', method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('WB_ERR_NOT_ALLOWED');
    }
  });
});
