/**
 * The appstore service's optimistic concurrency (If-Match / ETag of GET /apps/:id) on every app-level edit,
 * mounted on the registry's test app (the real server mounts it behind the gateway; services/ tests the rest).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { registryMigrations } from '../migrations.ts';
import { buildTestApp } from '../test-app.ts';
import { makeBundle } from '../testing.ts';
import { appStoreServicePlugin } from './service.ts';

const STORE = '/api/svc/appstore/v1';

describe.each(testDbKinds())('appstore If-Match on %s', (kind) => {
  let db: Db;
  let app: FastifyInstance;

  const call = (method: InjectOptions['method'], url: string, payload?: object, ifMatch?: string) =>
    app.inject({
      method,
      url: `${STORE}${url}`,
      headers: { 'x-test-user': 'admin', ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) },
      ...(payload === undefined ? {} : { payload }),
    });
  const etag = async (app: string): Promise<string> => {
    const res = await call('GET', app);
    expect(res.statusCode, res.body).toBe(200);
    const value = res.headers.etag;
    expect(value).toMatch(/^"\d+"$/);
    return String(value);
  };
  /** A stale If-Match is refused with 412 and changes nothing; the fresh one passes; the ETag moves on. */
  async function guarded(app: string, method: InjectOptions['method'], path: string, payload?: object): Promise<void> {
    const url = `${app}${path}`;
    const before = await etag(app);
    const stale = `"${Number(before.slice(1, -1)) - 1}"`;
    const refused = await call(method, url, payload, stale);
    expect(refused.statusCode, `${method} ${url} with a stale If-Match`).toBe(412);
    expect(refused.json().error.code).toBe('WB_ERR_PRECONDITION_FAILED');
    expect(await etag(app)).toBe(before);
    const done = await call(method, url, payload, before);
    expect(done.statusCode, `${method} ${url}: ${done.body}`).toBeLessThan(300);
    expect(await etag(app)).not.toBe(before);
  }
  /** An app of the test's own with versions 1.0.0 and 1.1.0 (current); its URL under the store. */
  async function twoVersions(id: string): Promise<string> {
    for (const version of ['1.0.0', '1.1.0']) {
      await app.registry.publisher.publish({ files: makeBundle({ id, version }), actor: 'system', autoApprove: true });
    }
    return `/apps/${id}`;
  }

  beforeAll(async () => {
    db = await createTestDb(kind);
    await migrate(db, registryMigrations);
    ({ app } = await buildTestApp(db, {}, (instance) => {
      void instance.register(appStoreServicePlugin, { prefix: STORE });
    }));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('guards rollback, offline and online', async () => {
    const APP = await twoVersions('etag-rollback');
    await guarded(APP, 'POST', '/rollback', { version: '1.0.0' });
    await guarded(APP, 'POST', '/offline');
    await guarded(APP, 'POST', '/online');
  });

  it('guards rollout set, clear and promote, and visibility', async () => {
    // Rolled back to 1.0.0 first, so that 1.1.0 can be rolled out.
    const APP = await twoVersions('etag-rollout');
    expect((await call('POST', `${APP}/rollback`, { version: '1.0.0' })).statusCode).toBe(200);
    await guarded(APP, 'PUT', '/rollout', { version: '1.1.0', percent: 10 });
    await guarded(APP, 'DELETE', '/rollout');
    await guarded(APP, 'PUT', '/rollout', { version: '1.1.0', postCodes: ['KF_AGENT'] });
    await guarded(APP, 'POST', '/rollout/promote');
    await guarded(APP, 'PUT', '/visibility', { hiddenPostCodes: ['KF_AGENT'] });
  });

  it('moves the ETag when a version is approved as current', async () => {
    const APP = await twoVersions('etag-approve');
    await app.registry.publisher.publish({ files: makeBundle({ id: 'etag-approve', version: '1.2.0' }), actor: 'alice' });
    expect((await call('POST', `${APP}/versions/1.2.0/submit`)).statusCode).toBe(204);
    const before = await etag(APP);
    const approved = await call('POST', `${APP}/versions/1.2.0/approve`, { release: 'current' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await etag(APP)).not.toBe(before);
  });

  it('still accepts edits without If-Match, or with `*`; refuses a malformed one', async () => {
    const APP = await twoVersions('etag-edits');
    expect((await call('PUT', `${APP}/visibility`, { hiddenPostCodes: [] })).statusCode).toBe(200);
    expect((await call('PUT', `${APP}/visibility`, { hiddenPostCodes: [] }, '*')).statusCode).toBe(200);
    expect((await call('PUT', `${APP}/visibility`, { hiddenPostCodes: [] }, 'abc')).statusCode).toBe(400);
  });
});
