/** Publish-time checks of 界面部件 (ADR 0030): declared uses must exist; providers must not break current consumers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '@wb/contracts';
import type { ManifestInput, PartPropsSchema } from '@wb/contracts';
import { migrate } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import { registryMigrations } from '../migrations.ts';
import { OPEN_ACCESS, makeBundle, refusal } from '../testing.ts';
import { bootstrapPublish } from './bootstrap.ts';
import { createPublisher } from './publisher.ts';
import type { Publisher } from './publisher.ts';

const consNoProps: PartPropsSchema = { type: 'object', properties: { consNo: { type: 'string', pattern: '^\\d{10}$' } }, required: ['consNo'], additionalProperties: false };
const card = (props: PartPropsSchema = consNoProps, major = 1) => ({ id: 'card', title: '卡片', props, permission: 'prov:card:view', major });
const provider = (version: string, exposes: ManifestInput['exposes']) => makeBundle({ id: 'prov', name: '提供方', version, access: OPEN_ACCESS, exposes });
const consumer = (version: string, major = 1, id = 'cons') => makeBundle({ id, name: '使用方', version, access: OPEN_ACCESS, uses: [{ app: 'prov', part: 'card', major }] });

describe.each(testDbKinds())('parts checks on %s', (kind) => {
  let db: Db;
  let publisher: Publisher;
  const events = async (action: string) =>
    db.query<{ actor: string; app_id: string; detail: { reason: string; breaks: Array<{ consumer: string }> } }>('SELECT actor, app_id, detail FROM registry_event WHERE action = $1', [action]);

  beforeAll(async () => {
    db = await createTestDb(kind);
    await migrate(db, registryMigrations);
    publisher = createPublisher({ db, platformVersions: {}, sharedSpecifiers: new Set(), services: [] });
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  // The life of one provider and its consumer, version by version: each step publishes on what the one before left.
  describe('one provider and its consumer', { shuffle: false }, () => {
    it('refuses a consumer whose used part no published provider version exposes, naming the part', async () => {
      const err = await refusal(publisher.publish({ files: consumer('1.0.0'), actor: 'dev' }));
      expect(err.statusCode).toBe(400);
      expect(err.code).toBe(ErrorCode.BadRequest);
      expect(err.message).toContain('prov/card（主版本 1）');
      expect(await db.query(`SELECT 1 FROM registry_version WHERE app_id = 'cons'`)).toEqual([]);
      // A draft (unreviewed) provider version does not count.
      await publisher.publish({ files: provider('1.0.0', [card()]), actor: 'dev' });
      expect((await refusal(publisher.publish({ files: consumer('1.0.0'), actor: 'dev' }))).message).toContain('prov/card');
    });

    it('accepts the consumer once an approved provider version exposes the part in that major, and not another major', async () => {
      await publisher.publish({ files: provider('1.1.0', [card()]), actor: 'system', autoApprove: true });
      const ok = await publisher.publish({ files: consumer('1.0.0'), actor: 'system', autoApprove: true });
      expect(ok.created).toBe(true);
      expect((await refusal(publisher.publish({ files: consumer('1.0.0', 2, 'cons-two'), actor: 'dev' }))).message).toContain('prov/card（主版本 2）');
    });

    it('accepts a provider version that only widens the contract', async () => {
      const wider: PartPropsSchema = { ...consNoProps, properties: { ...consNoProps.properties, compact: { type: 'boolean' } } };
      const r = await publisher.publish({ files: provider('1.2.0', [card(wider)]), actor: 'system', autoApprove: true });
      expect(r.created).toBe(true);
      expect(r.partBreaks).toBeUndefined();
    });

    it('refuses a provider version that removes a used part or breaks its props, naming the consumer', async () => {
      const removed = await refusal(publisher.publish({ files: provider('2.0.0', []), actor: 'dev' }));
      expect(removed.statusCode).toBe(409);
      expect(removed.code).toBe(ErrorCode.Conflict);
      expect(removed.message).toContain('「使用方」(cons@1.0.0)');
      expect(removed.message).toContain('不再提供部件 prov/card 的主版本 1');
      const narrowed: PartPropsSchema = { ...consNoProps, properties: { ...consNoProps.properties, org: { type: 'string' } }, required: ['consNo', 'org'] };
      const broke = await refusal(publisher.publish({ files: provider('2.0.1', [card(narrowed)]), actor: 'dev' }));
      expect(broke.message).toContain('使用方');
      expect(broke.message).toContain('新增必填属性 org');
      expect(broke.message).toContain('删除了属性 compact');
      expect(await db.query(`SELECT 1 FROM registry_version WHERE app_id = 'prov' AND version LIKE '2.%'`)).toEqual([]);
      const refused = await events('publish-refused');
      expect(refused.some((e) => e.app_id === 'prov')).toBe(true);
    });

    it('publishes a breaking version under a reviewer override and audits the consumers and reason', async () => {
      const r = await publisher.publish({ files: provider('3.0.0', [card(consNoProps, 2)]), actor: 'rev', partsOverride: { reason: '使用方已同步升级' } });
      expect(r.created).toBe(true);
      expect(r.partBreaks?.map((b) => b.consumer)).toEqual(['cons']);
      const audited = await events('parts-override');
      expect(audited).toHaveLength(1);
      expect(audited[0]).toMatchObject({ actor: 'rev', app_id: 'prov', detail: { reason: '使用方已同步升级', breaks: [{ consumer: 'cons' }] } });
    });
  });

  it('publishes an optional use without a provider, so two apps may use each other’s parts (ADR 0039)', async () => {
    const slot = { id: 'slot', title: '栏目', props: consNoProps, major: 1 };
    // 客户档案 fills a slot with the tickets app's part (optional) while the tickets app uses its 客户360 (required).
    const archive = makeBundle({ id: 'mut-a', name: '档案', access: OPEN_ACCESS, exposes: [card()], uses: [{ app: 'mut-b', part: 'slot', major: 1, optional: true }] });
    expect((await publisher.publish({ files: archive, actor: 'system', autoApprove: true })).created).toBe(true);
    const tickets = makeBundle({ id: 'mut-b', name: '工单', access: OPEN_ACCESS, exposes: [slot], uses: [{ app: 'mut-a', part: 'card', major: 1 }] });
    expect((await publisher.publish({ files: tickets, actor: 'system', autoApprove: true })).created).toBe(true);
    // Once a provider serves it, an optional use still guards its contract: removing the part is a break.
    const removed = await refusal(publisher.publish({ files: makeBundle({ id: 'mut-b', name: '工单', version: '2.0.0', access: OPEN_ACCESS, uses: [{ app: 'mut-a', part: 'card', major: 1 }] }), actor: 'dev' }));
    expect(removed.statusCode).toBe(409);
    expect(removed.message).toContain('「档案」(mut-a@');
  });

  it('first-start publishing does not depend on the order of providers and consumers', async () => {
    const dir = (await import('node:fs/promises')).mkdtemp;
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { writeFile, mkdir } = await import('node:fs/promises');
    const root = await dir(join(tmpdir(), 'parts-boot-'));
    const write = async (name: string, files: Map<string, Uint8Array>) => {
      await mkdir(join(root, name), { recursive: true });
      for (const [path, bytes] of files) await writeFile(join(root, name, path), bytes);
      return join(root, name);
    };
    const uses = [{ app: 'boot-prov', part: 'card', major: 1 }];
    const consumerDir = await write('c', makeBundle({ id: 'boot-cons', access: OPEN_ACCESS, uses }));
    const providerDir = await write('p', makeBundle({ id: 'boot-prov', access: OPEN_ACCESS, exposes: [card()] }));
    const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const results = await bootstrapPublish(publisher, [consumerDir, providerDir], silent);
    expect(results.map((r) => [r.appId, r.outcome])).toEqual([
      ['boot-cons', 'created'],
      ['boot-prov', 'created'],
    ]);
  });
});
