import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { platformDescriptorSchema } from '@wb/contracts/appstore';
import { migrate } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { createTestDb } from '@wb/server-kit/testing';
import { registryMigrations } from './migrations.ts';
import { buildTestApp } from './test-app.ts';

/** Issue 11 item 3: `GET /api/registry/platform`, what a team outside the repository builds against. */
describe('platform descriptor', () => {
  let db: Db;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await createTestDb('pglite');
    await migrate(db, registryMigrations);
    const rolloutTargets = async () => ({
      orgUnits: [{ code: '33401', name: '国网江州供电公司', parentCode: null }, { code: '3340101', name: '江北县供电公司', parentCode: '33401' }],
      posts: [{ code: 'KF_AGENT', name: '客服代表' }],
    });
    ({ app } = await buildTestApp(db, { rolloutTargets }));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db.close();
  });

  it('needs a session', async () => {
    expect((await app.inject({ url: '/api/registry/platform' })).statusCode).toBe(401);
  });

  it('lists shared modules with versions, the props contract, formats, channels, zones and rollout targets', async () => {
    const res = await app.inject({ url: '/api/registry/platform', headers: { 'x-test-user': 'nobody' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const d = platformDescriptorSchema.parse(res.json());
    expect(d.sharedModules).toContainEqual({ specifier: 'antd/es/button', package: 'antd', version: '6.6.8' });
    expect(d.sharedPackages).toContainEqual({ package: 'react', version: '19.2.0', range: '^19' });
    expect(d.props.map((p) => p.name)).toEqual(expect.arrayContaining(['domElement', 'name', 'basePath', 'navigate', 'leaveGuards']));
    expect(d.lifecycles).toEqual(['bootstrap', 'mount', 'unmount']);
    expect(d.formats).toEqual([
      expect.objectContaining({ format: 'esm', runnable: true }),
      expect.objectContaining({ format: 'systemjs', runnable: true }),
    ]);
    expect(d.channels).toEqual(['workbench', 'mobile', 'kiosk', 'screen', 'customer']);
    expect(d.zones).toEqual(['intranet', 'internet']);
    expect(d.orgUnits.map((o) => o.code)).toEqual(['33401', '3340101']);
    expect(d.posts).toEqual([{ code: 'KF_AGENT', name: '客服代表' }]);
    expect(d.appStoreApi).toBe('/api/svc/appstore/v1');
  });
});
