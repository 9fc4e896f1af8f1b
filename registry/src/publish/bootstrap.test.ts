import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import { registryMigrations } from '../migrations.ts';
import { LIFECYCLE_SOURCE, registryFixtures } from '../testing.ts';
import { bootstrapPublish } from './bootstrap.ts';
import type { BootstrapLogger } from './bootstrap.ts';
import { createPublisher } from './publisher.ts';

function recordingLogger(): BootstrapLogger & { lines: Array<[string, string]> } {
  const lines: Array<[string, string]> = [];
  return {
    lines,
    info: (_o, msg) => lines.push(['info', msg]),
    warn: (_o, msg) => lines.push(['warn', msg]),
    error: (_o, msg) => lines.push(['error', msg]),
  };
}

describe.each(testDbKinds())('bootstrapPublish on %s', (kind) => {
  let db: Db;
  let tmp: string;

  beforeAll(async () => {
    db = await createTestDb(kind);
    await migrate(db, registryMigrations);
    tmp = await mkdtemp(join(tmpdir(), 'wb-registry-'));
  }, 60_000);
  afterAll(async () => {
    await db.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('publishes built app folders as system, is idempotent, and keeps a changed same-version bundle out loudly', async () => {
    const publisher = createPublisher({ db, platformVersions: { react: '19.2.0', antd: '6.6.8' }, sharedSpecifiers: new Set(['react', 'antd/es/button']), services: registryFixtures.services });
    const hello = join(tmp, 'hello-world');
    await cp(registryFixtures.appDirs[0], hello, { recursive: true });
    const dirs = [hello, registryFixtures.appDirs[1], join(tmp, 'not-built')];

    const first = await bootstrapPublish(publisher, dirs, recordingLogger());
    expect(first.map((r) => [r.appId, r.outcome])).toEqual([
      ['hello-world', 'created'],
      ['secret-tool', 'created'],
      [undefined, 'skipped'],
    ]);
    const rows = await db.query("SELECT id, current_version FROM registry_app WHERE id IN ('hello-world', 'secret-tool') ORDER BY id");
    expect(rows).toEqual([
      { id: 'hello-world', current_version: '1.0.0' },
      { id: 'secret-tool', current_version: '2.1.0' },
    ]);
    const versions = await db.query<{ published_by: string; status: string }>("SELECT published_by, status FROM registry_version WHERE app_id = 'secret-tool'");
    expect(versions).toEqual([{ published_by: 'system', status: 'PUBLISHED' }]);

    expect((await bootstrapPublish(publisher, dirs.slice(0, 2), recordingLogger())).map((r) => r.outcome)).toEqual(['unchanged', 'unchanged']);

    await writeFile(join(hello, 'hello-world-2f9c.js'), `${LIFECYCLE_SOURCE}export const rebuilt = true;\n`);
    const log = recordingLogger();
    const [changed] = await bootstrapPublish(publisher, [hello], log);
    expect(changed?.outcome).toBe('kept-existing');
    expect(log.lines.find(([level]) => level === 'warn')?.[1]).toMatch(/KEEPING the already-published bundle.*Bump "version"/);
  });

  it('logs and skips a refused app without stopping the others', async () => {
    const publisher = createPublisher({ db, platformVersions: { react: '18.3.1' }, sharedSpecifiers: new Set(['react']), services: [] });
    const log = recordingLogger();
    const results = await bootstrapPublish(publisher, [registryFixtures.appDirs[1]], log);
    expect(results[0]?.outcome).toBe('refused');
    expect(log.lines).toContainEqual(['error', expect.stringContaining('应用要求 react ^19，平台提供 18.3.1')]);
  });
});
