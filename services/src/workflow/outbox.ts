/**
 * Transactional outbox with named consumers (docs/quality.md D3, ADR 0024). Domain events are rows of `wf_outbox`,
 * written in the transaction of the change they describe — a rolled-back transaction leaves none. After commit
 * (`kick`, from `engine.runInTransaction`) and on the periodic tick, the dispatcher
 *
 * 1. fans out each new event once: one `wf_outbox_delivery` row per registered consumer whose topics match,
 *    and marks the event published (`published_at`);
 * 2. delivers the due rows: each consumer's handler runs in the dispatcher's transaction under a savepoint —
 *    success deletes the row (a handler's own writes commit with it), failure rolls the handler back and
 *    schedules a retry with exponential backoff, and after `maxAttempts` the row is DEAD (a dead letter,
 *    retried or discarded from 系统管理).
 *
 * At-least-once: a crash after a handler's outside effect (a push message) but before commit runs it again,
 * so handlers must be idempotent (events carry their `id`). Several server instances share the work: rows
 * are taken with FOR UPDATE SKIP LOCKED, so no two instances handle the same delivery at once. Order is by
 * due time, then event id — a retried delivery may come after later events of its consumer.
 *
 * Consumers are registered in code at start (`consume`), the same on every instance; an instance delivers
 * only to the consumers it knows and leaves the others' rows to the instances that do (rolling deploys).
 */
import type { Db, Queryable } from '@wb/server-kit';

export interface OutboxEvent {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** Handles one event for one consumer, in the dispatcher's transaction (`tx`): must be idempotent. */
export type OutboxHandler = (event: OutboxEvent, tx: Queryable) => void | Promise<void>;

export interface OutboxOptions {
  /** The clock (`next_at` of retries, fan-out time); default: the system clock. */
  now?: () => Date;
  /** Attempts before a delivery is dead; default 8. */
  maxAttempts?: number;
  /** Delay before the first retry, doubled after each failure, ms; default 1000. */
  backoffBaseMs?: number;
  /** Longest delay between retries, ms; default 10 minutes. */
  backoffMaxMs?: number;
}

export interface OutboxSettings {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_OUTBOX_SETTINGS: OutboxSettings = { maxAttempts: 8, backoffBaseMs: 1000, backoffMaxMs: 600_000 };

interface Consumer {
  name: string;
  /** Topics, or `*` for every topic. */
  topics: ReadonlySet<string>;
  handler: OutboxHandler;
}

export interface DeadLetterRow {
  id: string;
  consumer: string;
  eventId: string;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  failedAt: string;
}

export interface Outbox {
  emit(tx: Queryable, topic: string, payload: Record<string, unknown>, now: Date): Promise<void>;
  emitMany(tx: Queryable, events: ReadonlyArray<{ topic: string; payload: Record<string, unknown> }>, now: Date): Promise<void>;
  /**
   * Registers a consumer by a stable `name` for `topics` (`*`: all). Register at start, before events are
   * written: an event gets deliveries for the consumers known when it is fanned out. Returns an unregister
   * function (its pending rows wait for an instance that has it).
   */
  consume(name: string, topics: readonly string[], handler: OutboxHandler): () => void;
  consumers(): string[];
  /** Fans out new events and delivers the due ones; returns how many deliveries succeeded. */
  publishPending(db: Db): Promise<number>;
  /** Schedules `publishPending` after the current tick (after the caller's commit); errors are dropped (the tick retries). */
  kick(db: Db): void;
  configure(settings: Partial<OutboxSettings>): void;
  readonly settings: Readonly<OutboxSettings>;
  /** Dead letters, newest failure first. */
  deadLetters(q: Queryable, query: { consumer?: string | undefined; page: number; pageSize: number }): Promise<{ items: DeadLetterRow[]; total: number }>;
  /** Per consumer (registered here or with rows): pending and dead deliveries. */
  stats(q: Queryable): Promise<Array<{ name: string; pending: number; dead: number }>>;
  /** A dead letter gets a fresh set of attempts, due now. False when there is no such dead letter. */
  retry(q: Queryable, deliveryId: string, now: Date): Promise<boolean>;
  /** A dead letter is dropped (its event goes with retention). False when there is no such dead letter. */
  discard(q: Queryable, deliveryId: string): Promise<boolean>;
}

const FANOUT_BATCH = 500;
const DELIVERY_BATCH = 100;
/**
 * A delivery transaction takes no further delivery once it has been open this long: the rows it locked but did not
 * reach stay PENDING for the next transaction. On the embedded database a transaction holds the one connection, and
 * every statement of it waits for a turn of the server's busy event loop: 100 deliveries in one transaction held
 * it for 5 s under P13's load, and every request's query waited behind it (client time-outs; ADR 0074).
 */
export const DELIVERY_TX_BUDGET_MS = 25;

/**
 * The INSERT of `events` into `wf_outbox`, its values appended to `params`; `createdAt` names the parameter of the
 * events' time (e.g. `$1::timestamptz`). For callers that write the events inside a larger statement (engine/journal.ts).
 */
export function insertEventsSql(events: ReadonlyArray<{ topic: string; payload: Record<string, unknown> }>, params: unknown[], createdAt: string): string {
  const values = events.map((e) => {
    params.push(e.topic, JSON.stringify(e.payload));
    return `($${params.length - 1}, $${params.length}::jsonb, ${createdAt})`;
  });
  return `INSERT INTO wf_outbox (topic, payload, created_at) VALUES ${values.join(', ')}`;
}

/** Inserts events into `wf_outbox` in the caller's transaction (one INSERT). */
export async function insertEvents(tx: Queryable, events: ReadonlyArray<{ topic: string; payload: Record<string, unknown> }>, now: Date): Promise<void> {
  if (events.length === 0) return;
  const params: unknown[] = [now];
  await tx.query(insertEventsSql(events, params, '$1::timestamptz'), params);
}

/** Delay before attempt `attempts + 1` after `attempts` failures: base × 2^(attempts − 1), capped. */
export function backoffMs(attempts: number, settings: Pick<OutboxSettings, 'backoffBaseMs' | 'backoffMaxMs'>): number {
  return Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, Math.min(30, attempts - 1)));
}

const errorText = (error: unknown): string => String((error as Error)?.message ?? error).slice(0, 1000);

export function createOutbox(options: OutboxOptions = {}): Outbox {
  const clock = options.now ?? (() => new Date());
  const settings: OutboxSettings = {
    maxAttempts: options.maxAttempts ?? DEFAULT_OUTBOX_SETTINGS.maxAttempts,
    backoffBaseMs: options.backoffBaseMs ?? DEFAULT_OUTBOX_SETTINGS.backoffBaseMs,
    backoffMaxMs: options.backoffMaxMs ?? DEFAULT_OUTBOX_SETTINGS.backoffMaxMs,
  };
  const consumers = new Map<string, Consumer>();
  let running: Promise<number> | null = null;
  let again = false;
  let retryTimer: NodeJS.Timeout | null = null;

  /**
   * Step 1: one delivery row per matching consumer for each new event; the event is then published. `upTo`: the
   * highest event id this pass takes (events written after the pass began wait for the next one).
   */
  async function fanOut(db: Db, upTo?: string): Promise<number> {
    // An outbox without consumers (a seeding tool's engine) leaves events to the instances that have them.
    if (consumers.size === 0) return 0;
    return db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; topic: string }>(
        `SELECT id::text AS id, topic FROM wf_outbox WHERE published_at IS NULL AND ($1::bigint IS NULL OR id <= $1::bigint)
          ORDER BY id LIMIT ${FANOUT_BATCH} FOR UPDATE SKIP LOCKED`,
        [upTo ?? null],
      );
      if (rows.length === 0) return 0;
      const now = clock();
      const eventIds: string[] = [];
      const names: string[] = [];
      for (const row of rows) {
        for (const c of consumers.values()) {
          if (c.topics.has('*') || c.topics.has(row.topic)) {
            eventIds.push(row.id);
            names.push(c.name);
          }
        }
      }
      if (eventIds.length > 0) {
        await tx.query(
          `INSERT INTO wf_outbox_delivery (event_id, consumer, next_at, updated_at)
           SELECT e, c, $3, $3 FROM unnest($1::bigint[], $2::text[]) AS u (e, c) ON CONFLICT (consumer, event_id) DO NOTHING`,
          [eventIds, names, now],
        );
      }
      await tx.query('UPDATE wf_outbox SET published_at = $2 WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id), now]);
      return rows.length;
    });
  }

  /** Step 2: a batch of the deliveries of the consumers registered here that were due at `dueBy` (the pass's cut-off). */
  async function deliverBatch(db: Db, dueBy: Date): Promise<{ more: boolean; delivered: number; failed: number }> {
    const names = [...consumers.keys()];
    if (names.length === 0) return { more: false, delivered: 0, failed: 0 };
    return db.transaction(async (tx) => {
      const now = clock();
      const rows = await tx.query<{ id: string; consumer: string; attempts: number; event_id: string; topic: string; payload: Record<string, unknown>; created_at: Date }>(
        `SELECT d.id::text AS id, d.consumer, d.attempts, d.event_id::text AS event_id, o.topic, o.payload, o.created_at
           FROM wf_outbox_delivery d JOIN wf_outbox o ON o.id = d.event_id
          WHERE d.status = 'PENDING' AND d.next_at <= $1 AND d.consumer = ANY($2::text[])
          ORDER BY d.next_at, d.id LIMIT ${DELIVERY_BATCH} FOR UPDATE OF d SKIP LOCKED`,
        [dueBy, names],
      );
      let delivered = 0;
      let failed = 0;
      let reached = 0;
      const started = performance.now();
      for (const row of rows) {
        if (reached > 0 && performance.now() - started > DELIVERY_TX_BUDGET_MS) break;
        reached++;
        const consumer = consumers.get(row.consumer);
        if (!consumer) continue; // unregistered meanwhile: its row waits
        const event: OutboxEvent = { id: Number(row.event_id), topic: row.topic, payload: row.payload, createdAt: new Date(row.created_at).toISOString() };
        await tx.query('SAVEPOINT wf_outbox_delivery');
        try {
          await consumer.handler(event, tx);
          await tx.query('RELEASE SAVEPOINT wf_outbox_delivery');
          await tx.query('DELETE FROM wf_outbox_delivery WHERE id = $1', [row.id]);
          delivered++;
        } catch (error) {
          await tx.query('ROLLBACK TO SAVEPOINT wf_outbox_delivery');
          const attempts = Number(row.attempts) + 1;
          const dead = attempts >= settings.maxAttempts;
          await tx.query(
            `UPDATE wf_outbox_delivery SET attempts = $2, last_error = $3, updated_at = $4, status = $5, next_at = $6 WHERE id = $1`,
            [row.id, attempts, errorText(error), now, dead ? 'DEAD' : 'PENDING', dead ? now : new Date(now.getTime() + backoffMs(attempts, settings))],
          );
          failed++;
        }
      }
      // `more`: a full batch was locked or the time budget left rows for the next transaction.
      return { more: rows.length === DELIVERY_BATCH || reached < rows.length, delivered, failed };
    });
  }

  /** After failures, the dispatcher wakes itself at the earliest retry instead of waiting for the tick. */
  async function scheduleRetry(db: Db): Promise<void> {
    const names = [...consumers.keys()];
    const [row] = await db.query<{ next_at: Date | null }>(
      `SELECT min(next_at) AS next_at FROM wf_outbox_delivery WHERE status = 'PENDING' AND consumer = ANY($1::text[])`,
      [names],
    );
    if (!row?.next_at) return;
    const delay = Math.max(0, Math.min(60_000, new Date(row.next_at).getTime() - clock().getTime()));
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void publishPending(db).catch(() => undefined);
    }, delay + 5);
    retryTimer.unref();
  }

  /**
   * One pass: fans out and delivers what was there when it began, then ends. Under a steady load other instances
   * keep adding events and due deliveries; a pass that took those too could run for minutes — and the catch-up
   * before an instance listens (ADR 0077) is a pass, so a restarted instance of a busy cluster never became ready
   * (issue 16's rolling restart). What arrives meanwhile is the next pass's (a kick during a pass starts one).
   */
  async function publishAll(db: Db): Promise<number> {
    if ((await fanOut(db)) === FANOUT_BATCH) {
      // A backlog: its end is fixed now (one index step), so that the loop drains it rather than chases it.
      const [last] = await db.query<{ id: string | null }>('SELECT max(id)::text AS id FROM wf_outbox');
      while ((await fanOut(db, last?.id ?? undefined)) === FANOUT_BATCH);
    }
    // Deliveries this pass fanned out are due by now; ones fanned out or retried later are not this pass's.
    const dueBy = clock();
    let total = 0;
    let anyFailed = false;
    for (;;) {
      const { more, delivered, failed } = await deliverBatch(db, dueBy);
      total += delivered;
      anyFailed ||= failed > 0;
      if (!more) break;
    }
    if (anyFailed) await scheduleRetry(db);
    return total;
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
    settings,
    configure(next) {
      Object.assign(settings, Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)));
    },
    async emit(tx, topic, payload, now) {
      await insertEvents(tx, [{ topic, payload }], now);
    },
    emitMany: insertEvents,
    consume(name, topics, handler) {
      if (!/^[a-z][a-z0-9.:-]{0,63}$/.test(name)) throw new Error(`outbox: consumer name "${name}" must be lower-case letters, digits, . : -`);
      if (consumers.has(name)) throw new Error(`outbox: consumer ${name} registered twice`);
      if (topics.length === 0) throw new Error(`outbox: consumer ${name} has no topics`);
      const entry: Consumer = { name, topics: new Set(topics), handler };
      consumers.set(name, entry);
      return () => {
        if (consumers.get(name) === entry) consumers.delete(name);
      };
    },
    consumers: () => [...consumers.keys()],
    publishPending,
    kick(db) {
      setImmediate(() => {
        void publishPending(db).catch(() => undefined);
      });
    },
    async deadLetters(q, query) {
      const consumer = query.consumer ?? null;
      const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM wf_outbox_delivery WHERE status = 'DEAD' AND ($1::text IS NULL OR consumer = $1)`, [consumer]);
      const rows = await q.query<{ id: string; consumer: string; event_id: string; topic: string; payload: Record<string, unknown>; attempts: number; last_error: string | null; created_at: Date; updated_at: Date }>(
        `SELECT d.id::text AS id, d.consumer, d.event_id::text AS event_id, o.topic, o.payload, d.attempts, d.last_error, o.created_at, d.updated_at
           FROM wf_outbox_delivery d JOIN wf_outbox o ON o.id = d.event_id
          WHERE d.status = 'DEAD' AND ($1::text IS NULL OR d.consumer = $1)
          ORDER BY d.updated_at DESC, d.id DESC LIMIT $2 OFFSET $3`,
        [consumer, query.pageSize, (query.page - 1) * query.pageSize],
      );
      return {
        total: Number(count?.n ?? 0),
        items: rows.map((r) => ({
          id: r.id,
          consumer: r.consumer,
          eventId: r.event_id,
          topic: r.topic,
          payload: r.payload,
          attempts: Number(r.attempts),
          lastError: r.last_error,
          createdAt: new Date(r.created_at).toISOString(),
          failedAt: new Date(r.updated_at).toISOString(),
        })),
      };
    },
    async stats(q) {
      const rows = await q.query<{ consumer: string; pending: number; dead: number }>(
        `SELECT consumer, count(*) FILTER (WHERE status = 'PENDING')::int AS pending, count(*) FILTER (WHERE status = 'DEAD')::int AS dead
           FROM wf_outbox_delivery GROUP BY consumer`,
      );
      const byName = new Map(rows.map((r) => [r.consumer, { name: r.consumer, pending: Number(r.pending), dead: Number(r.dead) }]));
      for (const name of consumers.keys()) if (!byName.has(name)) byName.set(name, { name, pending: 0, dead: 0 });
      return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
    },
    async retry(q, deliveryId, now) {
      const rows = await q.query(
        `UPDATE wf_outbox_delivery SET status = 'PENDING', attempts = 0, next_at = $2, updated_at = $2 WHERE id = $1::bigint AND status = 'DEAD' RETURNING id`,
        [deliveryId, now],
      );
      return rows.length > 0;
    },
    async discard(q, deliveryId) {
      const rows = await q.query(`DELETE FROM wf_outbox_delivery WHERE id = $1::bigint AND status = 'DEAD' RETURNING id`, [deliveryId]);
      return rows.length > 0;
    },
  };
}
