/**
 * Test helpers of the seed module. Tests that run real server processes (services/src/cluster.test.ts) seed a
 * database themselves, with far fewer rows than a first start; `markSeeded` records every first-start stage as
 * finished (`seed_stage`, ADR 0020), so that a server started on it — the compiled `services/dist/server.mjs`, which
 * seeds a first start — is a later start and seeds nothing, as an instance joining a running cluster.
 */
import { migrate } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { SEED_STAGES, seedStageMigrations } from './first-start.ts';

export async function markSeeded(db: Db, now: Date = new Date()): Promise<void> {
  await migrate(db, seedStageMigrations);
  for (const stage of SEED_STAGES) {
    await db.query('INSERT INTO seed_stage (stage, finished_at, report) VALUES ($1, $2, NULL) ON CONFLICT (stage) DO NOTHING', [stage, now]);
  }
}
