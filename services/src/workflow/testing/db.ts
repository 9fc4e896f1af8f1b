/**
 * A database for engine-level tests and the P7 benchmark: identity and workflow tables, the demo org tree and
 * accounts. PostgreSQL gets its own schema and a pool of `poolMax` connections (D1 asks for ≥ 20), dropped on close.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, migrate } from '@wb/server-kit';
import type { Db, DbKind } from '@wb/server-kit';
import { createTestDb, testDatabaseUrl } from '@wb/server-kit/testing';
import { identityMigrations } from '../../identity/index.ts';
import { seedIdentity } from '../../seed/index.ts';
import { workflowMigrations } from '../migrations.ts';

export async function createWorkflowDb(kind: DbKind, poolMax = 25): Promise<Db> {
  let db: Db;
  if (kind === 'postgres') {
    const url = testDatabaseUrl();
    const schema = `wb_wf_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema},public`);
    const inner = await createDb({ databaseUrl: scoped.toString(), poolMax });
    db = Object.assign(Object.create(inner) as Db, {
      async close() {
        await inner.close();
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await cleanup.end();
      },
    });
  } else {
    db = await createTestDb('pglite');
  }
  await migrate(db, [...identityMigrations, ...workflowMigrations]);
  await seedIdentity(db, { demoPassword: 'Bench#Pass-2026', demo: true, scryptN: 2 ** 10 });
  return db;
}
