/**
 * Issue 16, ADR 0070: two app instances started at the same moment on one empty PostgreSQL database migrate and
 * seed it once between them. Each does what `runServer` does (build the app, which migrates; then the first-start
 * seed), with a pool of its own, concurrently: the migrations serialize on their advisory lock, the seed on a
 * session-level advisory lock; the second finds every stage recorded. PostgreSQL only (PGlite is one process per
 * data folder); in CI PostgreSQL is required (testDbKinds fails without it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createScratchDatabase, testDbKinds } from '@wb/server-kit/testing';
import type { ScratchDatabase } from '@wb/server-kit/testing';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { SEEDED_ACCOUNTS, seedOnFirstStart } from './seed/index.ts';
import { TEST_REGISTRY_DIRS } from './testing/harness.ts';

const hasPostgres = testDbKinds().includes('postgres');
const CUSTOMERS = 200;

describe.runIf(hasPostgres)('two instances starting at once on an empty PostgreSQL database (issue 16, ADR 0070)', () => {
  let scratch: ScratchDatabase | undefined;
  const apps: FastifyInstance[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    await scratch?.drop();
  }, 60_000);

  it('migrates and seeds once: the second instance waits, then finds the seed done', async () => {
    scratch = await createScratchDatabase(); // no migrations: an empty database, as an operator creates it
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: scratch.url, DB_POOL_MAX: '4', DEMO_MODE: 'true', SEED_CUSTOMERS: String(CUSTOMERS), SEED: '7' });
    const start = async (): Promise<boolean> => {
      const app = await buildApp(config, { registry: TEST_REGISTRY_DIRS, logger: false });
      apps.push(app);
      await app.ready();
      return seedOnFirstStart(app.db, config, app.log);
    };
    const seeded = await Promise.all([start(), start()]);
    // Exactly one of the two seeded; the other found the data (no error, no duplicate).
    expect(seeded.filter(Boolean)).toHaveLength(1);
    const db = apps[0]!.db;
    const [row] = await db.query<{ users: number; definitions: number; customers: number; applications: number }>(
      `SELECT (SELECT count(*) FROM sys_user WHERE username = ANY($1))::int AS users, (SELECT count(*) FROM wf_definition)::int AS definitions,
              (SELECT count(*) FROM customer)::int AS customers, (SELECT count(*) FROM yk_application)::int AS applications`,
      [SEEDED_ACCOUNTS.map((a) => a.username)],
    );
    // One set of process definitions (4 业扩, 3 95598, 4 billing… as first-start.test.ts counts), not two.
    expect(row).toMatchObject({ users: SEEDED_ACCOUNTS.length, definitions: 13 });
    // The applications in flight once: as many as the one seeding instance reported.
    const reports = new Map(
      (await db.query<{ stage: string; report: { applications?: number; customers?: number } | null }>('SELECT stage, report FROM seed_stage')).map((r) => [r.stage, r.report]),
    );
    expect(row?.applications).toBe(reports.get('applications')?.applications);
    // Customers once (later stages add a few of their own: 业扩 installations, 掌上电力's demo customers).
    expect(row?.customers).toBeGreaterThanOrEqual(CUSTOMERS);
    expect(row?.customers).toBeLessThan(2 * CUSTOMERS);
    expect(row?.applications).toBeGreaterThan(0);
  }, 300_000);
});
