/**
 * Coalesced refreshes (ADR 0076). Billing's fact events name a 供电所 × 应收年月 (and the 供电所 for 在册户数), and
 * refreshing such an item re-reads the unit's whole month through billing's port: every receivable and reading of
 * the unit that month, tens of milliseconds each time. A burst of payments names the same few unit-months again and
 * again (P16: 200 customers paying, each notification one event), so the consumer does not refresh them: it marks
 * them (`ind_dirty`, one INSERT, never waits on a lock) and a drainer refreshes each marked item once per interval,
 * however many events marked it. The dashboards lag by that interval (ADR 0076 says how long).
 *
 * No event is lost:
 * - a mark is written by the consumer, after the billing transaction that changed the month committed (the outbox
 *   delivers an event only after its transaction committed);
 * - a drain deletes the marks it takes (`FOR UPDATE SKIP LOCKED`, so two instances never take the same one) and only
 *   then reads the sources, statement by statement (READ COMMITTED): every change behind a deleted mark committed
 *   before the DELETE, so the later reads see it;
 * - a mark committed after the DELETE began is not among the deleted ones and waits for the next drain;
 * - a failed drain rolls back, its marks included: they stay for the next one.
 * A refresh re-reads the state and replaces the item's contributions as a delta (store.ts), so refreshing an item
 * twice, or one that did not change, adds nothing.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Db, Queryable } from '@wb/server-kit';
import type { HolidayMap } from '../workflow/index.ts';
import type { SourceKind } from './sources.ts';
import { SOURCE_KINDS, refresh } from './store.ts';

/** Item kinds refreshed by the drainer instead of at each event: billing's unit-months and units. */
export const COALESCED_KINDS: ReadonlySet<SourceKind> = new Set<SourceKind>(['bill', 'unit']);

/**
 * A bill mark's key ends with this when the event changed the month's receivables but no reading (a payment or its
 * 冲正): the drain then reads only the receivables and keeps the stored reading counts, unless another mark of the
 * same month asks for a full read (ADR 0090). A payment never changes a reading, and the reading counts were half of
 * a drain's reads under P16.
 */
export const RECEIVABLES_ONLY = '#receivables';

/** Default interval between two drains of one instance, ms: the dashboards' lag behind billing's events. */
export const DEFAULT_REFRESH_EVERY_MS = 1_000;

/** Marks taken by one drain transaction (it refreshes the distinct items among them). */
const DRAIN_BATCH = 500;

/** A drain also runs this often without being asked (marks of a stopped instance, or of a failed drain), ms. */
const SWEEP_MS = 30_000;

/**
 * The INSERT of marks for `items`, its values appended to `params`; `at` names the parameter of the marks' time. For
 * a caller that marks inside a larger statement (the consumer, with the 大屏's feed line).
 */
export function markDirtySql(items: ReadonlyArray<{ kind: SourceKind; key: string }>, params: unknown[], at: string): string {
  params.push(items.map((i) => i.kind), items.map((i) => i.key));
  return `INSERT INTO ind_dirty (kind, item_key, marked_at) SELECT m.kind, m.item_key, ${at} FROM unnest($${params.length - 1}::text[], $${params.length}::text[]) AS m (kind, item_key)`;
}

/** Marks items for the drainer, in the caller's transaction (one INSERT; plain rows, so it never waits). */
export async function markDirty(tx: Queryable, items: ReadonlyArray<{ kind: SourceKind; key: string }>, at: Date): Promise<void> {
  if (items.length === 0) return;
  const params: unknown[] = [at];
  await tx.query(markDirtySql(items, params, '$1::timestamptz'), params);
}

export interface DrainResult {
  /** Marks taken (events' items, duplicates included). */
  marks: number;
  /** Distinct items refreshed. */
  items: number;
}

/** Refreshes every marked item once (one transaction per batch of marks) and removes the marks. */
export async function drainDirty(db: Db, holidays: (q: Queryable) => Promise<HolidayMap>, now: () => Date): Promise<DrainResult> {
  const total: DrainResult = { marks: 0, items: 0 };
  for (;;) {
    const step = await db.transaction(async (tx): Promise<DrainResult> => {
      const taken = await tx.query<{ kind: SourceKind; item_key: string }>(
        `DELETE FROM ind_dirty WHERE id IN (SELECT id FROM ind_dirty ORDER BY id LIMIT ${DRAIN_BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING kind, item_key`,
      );
      if (taken.length === 0) return { marks: 0, items: 0 };
      const byKind = new Map<SourceKind, Set<string>>();
      const fullBills = new Set<string>();
      const receivablesOnly = new Set<string>();
      for (const m of taken) {
        const partial = m.kind === 'bill' && m.item_key.endsWith(RECEIVABLES_ONLY);
        const key = partial ? m.item_key.slice(0, -RECEIVABLES_ONLY.length) : m.item_key;
        if (m.kind === 'bill') (partial ? receivablesOnly : fullBills).add(key);
        const keys = byKind.get(m.kind) ?? new Set<string>();
        keys.add(key);
        byKind.set(m.kind, keys);
      }
      // A month also marked for a full read (a reading changed) is read in full.
      for (const key of fullBills) receivablesOnly.delete(key);
      const calendar = await holidays(tx);
      const at = now();
      let items = 0;
      for (const kind of SOURCE_KINDS) {
        const keys = byKind.get(kind);
        if (!keys) continue;
        items += keys.size;
        await refresh(tx, kind, [...keys], calendar, at, kind === 'bill' ? receivablesOnly : undefined);
      }
      return { marks: taken.length, items };
    });
    total.marks += step.marks;
    total.items += step.items;
    if (step.marks < DRAIN_BATCH) return total;
  }
}

export interface Drainer {
  /** Asks for a drain: within `everyMs`, unless one is already due. */
  schedule(): void;
  /** Stops the timers and waits for a running drain. */
  close(): Promise<void>;
}

/**
 * One drainer per instance: at most one drain at a time, started `everyMs` after the first mark that asked for it
 * (marks made meanwhile wait for the same drain). `everyMs` null: never by itself (tests drain by hand).
 */
export function createDrainer(options: {
  db: Db;
  holidays: (q: Queryable) => Promise<HolidayMap>;
  now: () => Date;
  everyMs: number | null;
  /** After a drain that refreshed something (committed). */
  onChange: () => void;
  onError: (error: unknown) => void;
}): Drainer {
  const { everyMs } = options;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let closed = false;

  const run = (): void => {
    timer = null;
    if (closed) return;
    if (running) {
      schedule();
      return;
    }
    running = drainDirty(options.db, options.holidays, options.now)
      .then((r) => {
        if (r.items > 0) options.onChange();
      })
      .catch((error: unknown) => {
        options.onError(error);
        schedule();
      })
      .finally(() => {
        running = null;
      });
  };

  // Marks are made inside the dispatcher's transaction: the drain must not inherit its async context (the Db's
  // guard would take the drain for a nested transaction), so the timer runs in the drainer's own, from its creation.
  const runOutside = AsyncResource.bind(run);

  function schedule(): void {
    if (closed || everyMs === null || timer) return;
    timer = setTimeout(runOutside, everyMs);
    timer.unref();
  }

  const sweep = everyMs === null ? null : setInterval(schedule, SWEEP_MS);
  sweep?.unref();
  // Marks left by an instance that stopped before its drain.
  schedule();

  return {
    schedule,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (sweep) clearInterval(sweep);
      await running;
    },
  };
}
