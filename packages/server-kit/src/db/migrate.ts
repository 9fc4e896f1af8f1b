import { createHash } from 'node:crypto';
import { ensureExtensions } from './extensions.ts';
import type { Db, Executor, Migration } from './types.ts';

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id         text PRIMARY KEY,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

function checksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

/**
 * Serializes migrating processes: two servers starting at once on one PostgreSQL database (or schema)
 * must not both apply a migration. Transaction-scoped, so it is released by COMMIT/ROLLBACK.
 */
async function lock(tx: Executor): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '/schema_migrations'))`);
}

function assertUniqueIds(migrations: readonly Migration[]): void {
  const seen = new Set<string>();
  for (const { id } of migrations) {
    if (seen.has(id)) throw new Error(`duplicate migration id ${id}`);
    seen.add(id);
  }
}

function assertUnchanged(migration: Migration, applied: string | undefined): void {
  if (applied !== undefined && applied !== checksum(migration)) {
    throw new Error(
      `migration ${migration.id} was changed after it was applied; add a new migration instead ` +
        '(during development: delete the database, e.g. ./.data)',
    );
  }
}

/** Applies the migration if no other process did meanwhile; true when this call applied it. */
async function applyOne(db: Db, migration: Migration): Promise<boolean> {
  return db.transaction(async (tx) => {
    await lock(tx);
    const [row] = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE id = $1', [migration.id]);
    if (row) {
      assertUnchanged(migration, row.checksum);
      return false;
    }
    await tx.exec(migration.sql);
    await tx.query('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [migration.id, checksum(migration)]);
    return true;
  });
}

/**
 * Applies the not yet applied `migrations` in array order, each in its own transaction, and records them in
 * `schema_migrations`. Refuses a migration whose SQL changed after it was applied. Extensions a migration
 * declares are installed (or checked) first, see `ensureExtensions`. Returns the applied ids.
 */
export async function migrate(db: Db, migrations: readonly Migration[]): Promise<string[]> {
  assertUniqueIds(migrations);
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.exec(CREATE_TABLE);
  });
  const rows = await db.query<{ id: string; checksum: string }>('SELECT id, checksum FROM schema_migrations');
  const known = new Map(rows.map((r) => [r.id, r.checksum]));
  const applied: string[] = [];
  for (const migration of migrations) {
    assertUnchanged(migration, known.get(migration.id));
    if (known.has(migration.id)) continue;
    if (migration.extensions?.length) await ensureExtensions(db, migration.extensions);
    if (await applyOne(db, migration)) applied.push(migration.id);
  }
  return applied;
}
