/**
 * Retention of the workflow's bookkeeping tables (issue 10, ADR 0024), run on the engine's periodic tick:
 * - `wf_outbox`: published events older than `outboxDays` with no delivery left (a dead letter keeps its
 *   event until it is retried and handled, or discarded);
 * - `wf_idempotency` and the domains' Idempotency-Key tables (`WorkflowDomain.idempotencyTables`, e.g.
 *   `yk_idempotency`): records older than `idempotencyHours` (a retry after that is a new request);
 * - `wf_notification`: notifications read more than `readNotificationDays` ago (unread ones stay).
 *
 * Multi-instance safe: one instance at a time holds a transaction-scoped advisory lock, the others skip the
 * round; each table is trimmed in bounded batches so no run holds locks for long.
 */
import type { Db } from '@wb/server-kit';

export interface RetentionSettings {
  outboxDays: number;
  idempotencyHours: number;
  readNotificationDays: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { outboxDays: 7, idempotencyHours: 24, readNotificationDays: 30 };

const BATCH = 5000;
const DAY = 86_400_000;

export interface RetentionReport {
  /** False when another instance held the lock. */
  ran: boolean;
  outbox: number;
  /** Idempotency records deleted, all tables together. */
  idempotency: number;
  notifications: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * `idempotencyTables`: the Idempotency-Key tables to trim (the engine's `idempotencyTables()`: wf_idempotency and
 * the registered domains'); each has `username`, `key` and `created_at` (server-kit `idempotent`).
 */
export async function runRetention(db: Db, now: Date, settings: RetentionSettings = DEFAULT_RETENTION, idempotencyTables: readonly string[] = ['wf_idempotency']): Promise<RetentionReport> {
  for (const table of idempotencyTables) if (!IDENTIFIER.test(table)) throw new Error(`retention: unusual table name "${table}"`);
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':wb-wf-retention')) AS ok`);
    if (!lock?.ok) return { ran: false, outbox: 0, idempotency: 0, notifications: 0 };
    const outbox = await tx.query(
      `DELETE FROM wf_outbox WHERE id IN (
         SELECT o.id FROM wf_outbox o
          WHERE o.published_at IS NOT NULL AND o.created_at < $1
            AND NOT EXISTS (SELECT 1 FROM wf_outbox_delivery d WHERE d.event_id = o.id)
          LIMIT ${BATCH}) RETURNING id`,
      [new Date(now.getTime() - settings.outboxDays * DAY)],
    );
    let idempotency = 0;
    for (const table of idempotencyTables) {
      const deleted = await tx.query(
        `DELETE FROM ${table} WHERE (username, key) IN (SELECT username, key FROM ${table} WHERE created_at < $1 LIMIT ${BATCH}) RETURNING key`,
        [new Date(now.getTime() - settings.idempotencyHours * 3_600_000)],
      );
      idempotency += deleted.length;
    }
    const notifications = await tx.query(
      `DELETE FROM wf_notification WHERE id IN (SELECT id FROM wf_notification WHERE read_at IS NOT NULL AND read_at < $1 LIMIT ${BATCH}) RETURNING id`,
      [new Date(now.getTime() - settings.readNotificationDays * DAY)],
    );
    return { ran: true, outbox: outbox.length, idempotency, notifications: notifications.length };
  });
}
