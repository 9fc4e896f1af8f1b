/**
 * Retention of the workflow's bookkeeping tables (issue 10, ADR 0024), run on the engine's periodic tick:
 * - `wf_outbox`: published events older than `outboxDays` with no delivery left (a dead letter keeps its
 *   event until it is retried and handled, or discarded);
 * - `wf_idempotency`: Idempotency-Key records older than `idempotencyHours` (a retry after that is a new request);
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
  idempotency: number;
  notifications: number;
}

export async function runRetention(db: Db, now: Date, settings: RetentionSettings = DEFAULT_RETENTION): Promise<RetentionReport> {
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
    const idempotency = await tx.query(
      `DELETE FROM wf_idempotency WHERE (username, key) IN (SELECT username, key FROM wf_idempotency WHERE created_at < $1 LIMIT ${BATCH}) RETURNING key`,
      [new Date(now.getTime() - settings.idempotencyHours * 3_600_000)],
    );
    const notifications = await tx.query(
      `DELETE FROM wf_notification WHERE id IN (SELECT id FROM wf_notification WHERE read_at IS NOT NULL AND read_at < $1 LIMIT ${BATCH}) RETURNING id`,
      [new Date(now.getTime() - settings.readNotificationDays * DAY)],
    );
    return { ran: true, outbox: outbox.length, idempotency: idempotency.length, notifications: notifications.length };
  });
}
