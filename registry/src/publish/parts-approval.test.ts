/** The parts check again at approval (ADR 0037): a consumer may have become current after the provider's upload. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '@wb/contracts';
import type { ManifestInput, PartPropsSchema } from '@wb/contracts';
import { migrate } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import { registryMigrations } from '../migrations.ts';
import { createLifecycle, type Lifecycle } from '../store/lifecycle.ts';
import { OPEN_ACCESS, makeBundle, refusal } from '../testing.ts';
import { createPublisher } from './publisher.ts';
import type { Publisher } from './publisher.ts';

const consNoProps: PartPropsSchema = { type: 'object', properties: { consNo: { type: 'string', pattern: '^\\d{10}$' } }, required: ['consNo'], additionalProperties: false };
const narrowed: PartPropsSchema = { ...consNoProps, properties: { ...consNoProps.properties, org: { type: 'string' } }, required: ['consNo', 'org'] };
const card = (props: PartPropsSchema) => ({ id: 'card', title: '卡片', props, major: 1 });
const provider = (id: string, version: string, exposes: ManifestInput['exposes']) => makeBundle({ id, name: '提供方', version, access: OPEN_ACCESS, exposes });
const consumer = (id: string, uses: string) => makeBundle({ id, name: '使用方', version: '1.0.0', access: OPEN_ACCESS, uses: [{ app: uses, part: 'card', major: 1 }] });

describe.each(testDbKinds())('parts check at approval on %s', (kind) => {
  let db: Db;
  let publisher: Publisher;
  let lifecycle: Lifecycle;
  const dev = { username: 'dev' };
  const rev = { username: 'rev', reviewer: true };
  const appRow = async (id: string) => (await db.query<{ current_version: string | null }>('SELECT current_version FROM registry_app WHERE id = $1', [id]))[0];
  const versionStatus = async (id: string, version: string) =>
    (await db.query<{ status: string }>('SELECT status FROM registry_version WHERE app_id = $1 AND version = $2', [id, version]))[0]?.status;

  /** Provider 1.0.0 current; 2.0.0 narrowing `card` uploaded and submitted while no consumer used it; then a consumer goes current. */
  async function stage(prov: string, cons: string): Promise<void> {
    await publisher.publish({ files: provider(prov, '1.0.0', [card(consNoProps)]), actor: 'system', autoApprove: true });
    const upload = await publisher.publish({ files: provider(prov, '2.0.0', [card(narrowed)]), actor: 'dev' });
    expect(upload.partBreaks).toBeUndefined();
    await lifecycle.submit(dev, prov, '2.0.0');
    await publisher.publish({ files: consumer(cons, prov), actor: 'system', autoApprove: true });
  }

  beforeAll(async () => {
    db = await createTestDb(kind);
    await migrate(db, registryMigrations);
    publisher = createPublisher({ db, platformVersions: {}, sharedSpecifiers: new Set(), services: [] });
    lifecycle = createLifecycle({ db, changed: async () => undefined });
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it('refuses to make current a provider version that breaks a consumer which became current after the upload', async () => {
    await stage('ap-prov', 'ap-cons');
    const err = await refusal(lifecycle.approve(rev, 'ap-prov', '2.0.0', { release: 'current', opinion: '' }));
    expect(err.statusCode).toBe(409);
    expect(err.code).toBe(ErrorCode.Conflict);
    expect(err.message).toContain('「使用方」(ap-cons@1.0.0)');
    expect(err.message).toContain('新增必填属性 org');
    // Nothing half-written: still in review, the pointer did not move, the refusal is on record.
    expect(await versionStatus('ap-prov', '2.0.0')).toBe('IN_REVIEW');
    expect((await appRow('ap-prov'))?.current_version).toBe('1.0.0');
    const refused = await db.query(`SELECT 1 FROM registry_event WHERE action = 'approve-refused' AND app_id = 'ap-prov'`);
    expect(refused).toHaveLength(1);
    // A pilot serves it to users as well; approving without serving it is allowed.
    await refusal(lifecycle.approve(rev, 'ap-prov', '2.0.0', { release: 'pilot', pilot: { orgUnitCodes: [], postCodes: [], percent: 10 }, opinion: '' }));
    const published = await lifecycle.approve(rev, 'ap-prov', '2.0.0', { release: 'published', opinion: '' });
    expect(published.current).toBe(false);
    expect((await appRow('ap-prov'))?.current_version).toBe('1.0.0');
  });

  it('makes it current under the reviewer’s override and records the consumers and the reason', async () => {
    await stage('ov-prov', 'ov-cons');
    const done = await lifecycle.approve(rev, 'ov-prov', '2.0.0', { release: 'current', opinion: '', partsOverride: { reason: '使用方下周同步升级' } });
    expect(done.current).toBe(true);
    expect((await appRow('ov-prov'))?.current_version).toBe('2.0.0');
    const events = await db.query<{ actor: string; detail: { reason: string; at: string; breaks: Array<{ consumer: string }> } }>(
      `SELECT actor, detail FROM registry_event WHERE action = 'parts-override' AND app_id = 'ov-prov'`,
    );
    expect(events).toEqual([{ actor: 'rev', detail: expect.objectContaining({ reason: '使用方下周同步升级', at: 'approve', breaks: [expect.objectContaining({ consumer: 'ov-cons' })] }) }]);
  });

  it('does not ask again for breaks a reviewer already accepted at upload', async () => {
    await publisher.publish({ files: provider('up-prov', '1.0.0', [card(consNoProps)]), actor: 'system', autoApprove: true });
    await publisher.publish({ files: consumer('up-cons', 'up-prov'), actor: 'system', autoApprove: true });
    await publisher.publish({ files: provider('up-prov', '2.0.0', [card(narrowed)]), actor: 'rev', partsOverride: { reason: '已协调' } });
    await lifecycle.submit(rev, 'up-prov', '2.0.0');
    const done = await lifecycle.approve({ username: 'rev2', reviewer: true }, 'up-prov', '2.0.0', { release: 'current', opinion: '' });
    expect(done.current).toBe(true);
  });
});
