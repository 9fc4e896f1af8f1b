/** 组件管理 endpoints (ADR 0030): the parts catalogue with consumers and graph, and a rollback's impact. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partCatalogueSchema, partImpactSchema } from '@wb/contracts';
import type { PartPropsSchema } from '@wb/contracts';
import { migrate } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import type { FastifyInstance } from 'fastify';
import { registryMigrations } from '../migrations.ts';
import { buildTestApp } from '../test-app.ts';
import { OPEN_ACCESS, makeBundle } from '../testing.ts';
import { appStoreServicePlugin } from './service.ts';

const STORE = '/api/svc/appstore/v1';
const props: PartPropsSchema = { type: 'object', properties: { consNo: { type: 'string' } }, required: ['consNo'] };

describe.each(testDbKinds())('parts catalogue on %s', (kind) => {
  let db: Db;
  let app: FastifyInstance;
  let routeAccess: Map<string, unknown>;
  const get = (url: string, user = 'admin') => app.inject({ method: 'GET', url: `${STORE}${url}`, headers: { 'x-test-user': user } });

  beforeAll(async () => {
    db = await createTestDb(kind);
    await migrate(db, registryMigrations);
    ({ app, routeAccess } = await buildTestApp(db, {}, (instance) => {
      void instance.register(appStoreServicePlugin, { prefix: STORE });
    }));
    const publish = (manifest: Parameters<typeof makeBundle>[0]) =>
      app.registry.publisher.publish({ files: makeBundle({ access: OPEN_ACCESS, ...manifest }), actor: 'system', autoApprove: true });
    // 1.0.0 has no parts; 1.1.0 exposes two; a consumer uses one of them.
    await publish({ id: 'archive', name: '档案', version: '1.0.0' });
    await publish({
      id: 'archive',
      name: '档案',
      version: '1.1.0',
      exposes: [
        { id: 'c360', title: '客户360', props, permission: 'arch:view', channels: ['workbench'], major: 1 },
        { id: 'card', title: '客户卡片', props, major: 1 },
      ],
    });
    await publish({ id: 'intake', name: '受理', uses: [{ app: 'archive', part: 'c360', major: 1 }] });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('lists every exposed part with its provider, permission, channels, major and consumers, and the graph', async () => {
    const res = await get('/parts');
    expect(res.statusCode, res.body).toBe(200);
    const catalogue = partCatalogueSchema.parse(res.json());
    const c360 = catalogue.parts.find((p) => p.id === 'c360');
    expect(c360).toMatchObject({ appId: 'archive', appName: '档案', version: '1.1.0', title: '客户360', permission: 'arch:view', channels: ['workbench'], major: 1 });
    expect(c360?.consumers).toEqual([{ appId: 'intake', appName: '受理', version: '1.0.0', major: 1, satisfied: true }]);
    expect(catalogue.parts.find((p) => p.id === 'card')?.consumers).toEqual([]);
    expect(catalogue.edges).toEqual([{ from: 'intake', to: 'archive', parts: ['c360'] }]);
    expect(catalogue.unresolved).toEqual([]);
  });

  it('declares the catalogue access for the list and the reviewer access for the impact (enforced by the gateway)', () => {
    expect(routeAccess.get(`GET ${STORE}/parts`)).toEqual({ permission: 'store:app:manage' });
    expect(routeAccess.get(`GET ${STORE}/parts/impact`)).toEqual({ permission: 'store:app:review' });
  });

  it('warns that rolling the provider back to a version without the part breaks its consumer', async () => {
    const res = await get('/parts/impact?app=archive&version=1.0.0');
    expect(res.statusCode, res.body).toBe(200);
    const impact = partImpactSchema.parse(res.json());
    expect(impact.breaks).toEqual([{ consumer: 'intake', consumerName: '受理', part: 'c360', major: 1, reason: '不再提供部件 archive/c360 的主版本 1' }]);
    const same = partImpactSchema.parse((await get('/parts/impact?app=archive&version=1.1.0')).json());
    expect(same.breaks).toEqual([]);
    expect((await get('/parts/impact?app=archive&version=9.9.9')).statusCode).toBe(404);
  });
});
