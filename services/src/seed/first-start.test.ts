import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db, DbKind } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import { allMigrationGroups, buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { AppConfig } from '../config.ts';
import { TEST_REGISTRY_DIRS } from '../testing/harness.ts';
import { SEED_STAGES, seedOnFirstStart } from './first-start.ts';
import { seedIdentity } from './identity.ts';

// docs/quality.md R9, issue 9 item 11: a crash during the first start's seeding is completed by the next start.
interface Counts {
  users: number;
  customers: number;
  definitions: number;
  applications: number;
  tickets: number;
  receivables: number;
}

async function counts(db: Db): Promise<Counts> {
  const [row] = await db.query<Counts>(`SELECT (SELECT count(*) FROM sys_user)::int AS users, (SELECT count(*) FROM customer)::int AS customers,
    (SELECT count(*) FROM wf_definition)::int AS definitions, (SELECT count(*) FROM yk_application)::int AS applications,
    (SELECT count(*) FROM ticket)::int AS tickets, (SELECT count(*) FROM billing_receivable)::int AS receivables`);
  return row!;
}

describe.each(testDbKinds())('first-start seed on %s', (kind: DbKind) => {
  let app: FastifyInstance | undefined;
  let db: Db | undefined;
  afterEach(async () => {
    await app?.close();
    await db?.close();
  });

  async function start(): Promise<{ app: FastifyInstance; db: Db; config: AppConfig }> {
    // Migrated from the template (ADR 0056), as every server test's database: what is tested is the seeding.
    db = await createTestDb(kind, { migrations: allMigrationGroups() });
    const config = loadConfig({ NODE_ENV: 'test', SEED_CUSTOMERS: '300' });
    app = await buildApp(config, { registry: TEST_REGISTRY_DIRS, db, logger: false });
    await app.ready();
    return { app, db, config };
  }

  // One database walks every crash point in turn (each start resumes where the last one stopped), so the costly
  // stages (业扩 applications through the engine, tickets, billing) are seeded once per database, not once per
  // crash point: the identity transaction committed but not recorded, then a crash right after stage customers,
  // then right after stage processes; the next start completes every stage once, a later one seeds nothing.
  it('completes a seed that crashed right after "identity seeded", and after a failure right after stage customers, then processes, the next run completes every stage once', async () => {
    const { app, db, config } = await start();
    // What the first start had done when it was killed: the identity transaction committed, nothing more.
    await seedIdentity(db, { demoPassword: config.demoPassword, demo: true, scryptN: 2 ** 10 });
    const identitySeeded = await counts(db);

    for (const failAfter of ['customers', 'processes'] as const) {
      const crash = new Error(`injected crash after ${failAfter}`);
      await expect(
        seedOnFirstStart(db, config, app.log, {
          afterStage: (stage) => {
            if (stage === failAfter) throw crash;
          },
        }),
      ).rejects.toBe(crash);
      const partial = await db.query<{ stage: string }>('SELECT stage FROM seed_stage ORDER BY finished_at');
      expect(partial.map((r) => r.stage)).toEqual(SEED_STAGES.slice(0, SEED_STAGES.indexOf(failAfter) + 1));
      // The committed identity was recorded as present, not seeded again.
      expect((await counts(db)).users).toBe(identitySeeded.users);
    }
    const [identityStage] = await db.query<{ report: unknown }>(`SELECT report FROM seed_stage WHERE stage = 'identity'`);
    expect(identityStage?.report).toBeNull();

    expect(await seedOnFirstStart(db, config, app.log)).toBe(true);
    const complete = await counts(db);
    // 4 业扩 variants, the 3 95598 ticket processes (issue 12, 联合办理 in ADR 0050) and billing's 4 (ADR 0049).
    expect(complete.definitions).toBe(13);
    expect(complete.tickets).toBeGreaterThan(0);
    expect(complete.customers).toBeGreaterThanOrEqual(300);
    expect(complete.users).toBeGreaterThan(10);
    expect(complete.users).toBe(identitySeeded.users);
    expect(complete.applications).toBeGreaterThan(0);
    // 电费账务 (issue 13): twelve months of receivables for every billed customer.
    expect(complete.receivables).toBeGreaterThanOrEqual(complete.customers * 12 * 0.95);
    const stages = await db.query<{ stage: string }>('SELECT stage FROM seed_stage');
    expect(stages.map((r) => r.stage).sort()).toEqual([...SEED_STAGES].sort());
    const [billing] = await db.query<{ report: { elapsedMs: number } }>(`SELECT report FROM seed_stage WHERE stage = 'billing'`);
    console.info(`billing seed stage for ${complete.customers} customers: ${billing?.report.elapsedMs} ms`);

    // A later start seeds nothing more (no second version of the process definitions, no extra applications).
    expect(await seedOnFirstStart(db, config, app.log)).toBe(false);
    expect(await counts(db)).toEqual(complete);
  }, 240_000);
});
