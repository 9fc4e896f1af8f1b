/**
 * Transactional outbox (QUALITY.md D3): domain events are rows of `wf_outbox`, written in the transaction of
 * the change they describe — a rolled-back transaction leaves none. After commit a dispatcher hands the
 * unpublished rows to the in-process subscribers and marks them published. A crash between commit and
 * dispatch leaves them unpublished; the next dispatch (on start, on the periodic tick, after the next write)
 * delivers them: at-least-once delivery, so subscribers must be idempotent (events carry their `id`).
 * Two server instances never deliver the same row at once: rows are taken with FOR UPDATE SKIP LOCKED.
 */
import type { Db, Queryable } from '@wb/server-kit';

export interface OutboxEvent {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

export type OutboxSubscriber = (event: OutboxEvent) => void | Promise<void>;

const BATCH = 100;

export function createOutbox(): {
  emit(tx: Queryable, topic: string, payload: Record<string, unknown>, now: Date): Promise<void>;
  emitMany(tx: Queryable, events: ReadonlyArray<{ topic: string; payload: Record<string, unknown> }>, now: Date): Promise<void>;
  subscribe(topic: string, handler: OutboxSubscriber): () => void;
  publishPending(db: Db): Promise<number>;
  kick(db: Db): void;
} {
  const subscribers = new Map<string, Set<OutboxSubscriber>>();
  let running: Promise<number> | null = null;
  let again = false;

  async function publishBatch(db: Db): Promise<number> {
    return db.transaction(async (tx) => {
      const rows = await tx.query<{ id: number; topic: string; payload: Record<string, unknown>; created_at: Date }>(
        `SELECT id, topic, payload, created_at FROM wf_outbox WHERE published_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      let delivered = 0;
      for (const row of rows) {
        const event: OutboxEvent = { id: Number(row.id), topic: row.topic, payload: row.payload, createdAt: new Date(row.created_at).toISOString() };
        const targets = [...(subscribers.get(row.topic) ?? []), ...(subscribers.get('*') ?? [])];
        try {
          for (const handler of targets) await handler(event);
          await tx.query('UPDATE wf_outbox SET published_at = now(), attempts = attempts + 1 WHERE id = $1', [row.id]);
          delivered++;
        } catch (error) {
          await tx.query('UPDATE wf_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [row.id, String((error as Error).message ?? error).slice(0, 500)]);
          // Keep order per topic: stop this batch at the first failure; the next dispatch retries.
          break;
        }
      }
      return delivered;
    });
  }

  async function publishAll(db: Db): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await publishBatch(db);
      total += n;
      if (n < BATCH) return total;
    }
  }

  function publishPending(db: Db): Promise<number> {
    // One dispatch at a time per process; a request meanwhile runs once more afterwards.
    if (running) {
      again = true;
      return running;
    }
    running = publishAll(db).finally(() => {
      running = null;
      if (again) {
        again = false;
        void publishPending(db).catch(() => undefined);
      }
    });
    return running;
  }

  return {
    async emit(tx, topic, payload, now) {
      await tx.query('INSERT INTO wf_outbox (topic, payload, created_at) VALUES ($1, $2::jsonb, $3)', [topic, JSON.stringify(payload), now]);
    },
    async emitMany(tx, events, now) {
      if (events.length === 0) return;
      const params: unknown[] = [now];
      const values = events.map((e) => {
        params.push(e.topic, JSON.stringify(e.payload));
        return `($${params.length - 1}, $${params.length}::jsonb, $1)`;
      });
      await tx.query(`INSERT INTO wf_outbox (topic, payload, created_at) VALUES ${values.join(', ')}`, params);
    },
    subscribe(topic, handler) {
      const set = subscribers.get(topic) ?? new Set();
      set.add(handler);
      subscribers.set(topic, set);
      return () => set.delete(handler);
    },
    publishPending,
    kick(db) {
      setImmediate(() => {
        void publishPending(db).catch(() => undefined);
      });
    },
  };
}
