/**
 * Keeping the facts (ADR 0047, 0071). `refresh` is the incremental path: the items an event names are read from
 * their source, and each item's new contributions replace its old ones as a delta on `ind_fact` and its month
 * rollup `ind_fact_month` (the item row is locked first, so two instances refreshing one item serialize).
 * Re-reading an item that did not change adds nothing, so a repeated or reordered delivery leaves the same facts.
 * `rebuild` recomputes every fact from the sources.
 */
import type { Db, Queryable } from '@wb/server-kit';
import type { HolidayMap } from '../workflow/index.ts';
import { sumContributions, type Contribution, type ItemFacts } from './facts.ts';
import { readBillReceivables, readItems, type SourceKind } from './sources.ts';

/** Memory for the rebuild's hashes and sorts (its transaction only). */
const REBUILD_WORK_MEM = '64MB';

const factKey = (c: Pick<Contribution, 'orgUnitCode' | 'day' | 'metric'>): string => `${c.orgUnitCode}|${c.day}|${c.metric}`;

/** The month rollup of day facts (`ind_fact_month`): sums by metric × unit × `YYYY-MM`, in key order. */
function monthsOf(facts: Iterable<Contribution>): Contribution[] {
  const out = new Map<string, Contribution>();
  for (const c of facts) {
    const month = { ...c, day: c.day.slice(0, 7) };
    const key = factKey(month);
    const prev = out.get(key);
    if (prev) {
      prev.value += c.value;
      if (c.orgPath) prev.orgPath = c.orgPath;
    } else out.set(key, month);
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
}

/**
 * Adds `deltas` to the facts by day and by month (upserts in key order, so two transactions touching the same
 * rows lock them in the same order); rows that come to 0 are removed — by their keys, not by a scan.
 */
async function addFacts(tx: Queryable, deltas: Iterable<Contribution>): Promise<void> {
  const days = [...deltas].filter((d) => d.value !== 0).sort((a, b) => {
    const x = factKey(a);
    const y = factKey(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const months = monthsOf(days).filter((m) => m.value !== 0);
  for (const [table, column, rows] of [['ind_fact', 'day', days], ['ind_fact_month', 'ym', months]] as const) {
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      const returned = await tx.query<{ metric: string; org_unit_code: string; k: string; zero: boolean }>(
        `INSERT INTO ${table} AS t (metric, org_unit_code, org_path, ${column}, value)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
         ON CONFLICT (metric, org_unit_code, ${column}) DO UPDATE SET value = t.value + EXCLUDED.value,
           org_path = CASE WHEN EXCLUDED.org_path <> '' THEN EXCLUDED.org_path ELSE t.org_path END
         RETURNING t.metric, t.org_unit_code, t.${column} AS k, t.value = 0 AS zero`,
        [chunk.map((c) => c.metric), chunk.map((c) => c.orgUnitCode), chunk.map((c) => c.orgPath), chunk.map((c) => c.day), chunk.map((c) => c.value)],
      );
      const zero = returned.filter((r) => r.zero);
      if (zero.length) {
        await tx.query(
          `DELETE FROM ${table} t USING unnest($1::text[], $2::text[], $3::text[]) AS z(metric, org_unit_code, k)
            WHERE t.metric = z.metric AND t.org_unit_code = z.org_unit_code AND t.${column} = z.k AND t.value = 0`,
          [zero.map((z) => z.metric), zero.map((z) => z.org_unit_code), zero.map((z) => z.k)],
        );
      }
    }
  }
}

async function writeItems(tx: Queryable, items: readonly ItemFacts[], now: Date): Promise<void> {
  for (let i = 0; i < items.length; i += 2000) {
    const chunk = items.slice(i, i + 2000);
    await tx.query(
      `INSERT INTO ind_item (kind, item_key, org_unit_code, org_path, title, link, open_due_at, contributions, marks, updated_at)
       SELECT x.kind, x.item_key, x.org_unit_code, x.org_path, x.title, x.link, x.open_due_at, x.contributions, x.marks, $2
         FROM jsonb_to_recordset($1::jsonb) AS x(kind text, item_key text, org_unit_code text, org_path text, title text, link text,
              open_due_at timestamptz, contributions jsonb, marks jsonb)
       ON CONFLICT (kind, item_key) DO UPDATE SET org_unit_code = EXCLUDED.org_unit_code, org_path = EXCLUDED.org_path,
         title = EXCLUDED.title, link = EXCLUDED.link, open_due_at = EXCLUDED.open_due_at, contributions = EXCLUDED.contributions,
         marks = EXCLUDED.marks, updated_at = EXCLUDED.updated_at`,
      [
        JSON.stringify(chunk.map((it) => ({
          kind: it.kind, item_key: it.key, org_unit_code: it.orgUnitCode, org_path: it.orgPath, title: it.title, link: it.link,
          open_due_at: it.openDueAt, contributions: it.contributions, marks: it.marks,
        }))),
        now,
      ],
    );
  }
}

/**
 * Re-reads the named items from their source and applies the change of their contributions. `receivablesOnly`: bill
 * items among `keys` whose receivables changed but no reading (coalesce.ts): their reading counts are kept as stored
 * and only their receivables are read (ADR 0090).
 */
export async function refresh(tx: Queryable, kind: SourceKind, keys: readonly string[], holidays: HolidayMap, now: Date, receivablesOnly: ReadonlySet<string> = new Set()): Promise<number> {
  const unique = [...new Set(keys)].sort();
  if (unique.length === 0) return 0;
  // Lock (or create) the items' rows first: the read and the delta are then one step per item.
  await tx.query(
    `INSERT INTO ind_item (kind, item_key, org_unit_code, org_path, title, updated_at)
     SELECT $1, k, '', '', '', $3 FROM unnest($2::text[]) AS k ON CONFLICT (kind, item_key) DO NOTHING`,
    [kind, unique, now],
  );
  const old = await tx.query<{ item_key: string; contributions: Contribution[] | string }>(
    'SELECT item_key, contributions FROM ind_item WHERE kind = $1 AND item_key = ANY($2::text[]) ORDER BY item_key FOR UPDATE',
    [kind, unique],
  );
  const partial = kind === 'bill' ? unique.filter((k) => receivablesOnly.has(k)) : [];
  const full = partial.length ? unique.filter((k) => !receivablesOnly.has(k)) : unique;
  const stored = (c: Contribution[] | string): Contribution[] => (typeof c === 'string' ? (JSON.parse(c) as Contribution[]) : c);
  const fresh = [
    ...(full.length ? await readItems(tx, kind, full, holidays) : []),
    ...(partial.length ? await readBillReceivables(tx, partial, new Map(old.map((o) => [o.item_key, stored(o.contributions)]))) : []),
  ];
  const freshKeys = new Set(fresh.map((f) => f.key));
  const deltas = new Map<string, Contribution>();
  const add = (c: Contribution, sign: 1 | -1): void => {
    const key = factKey(c);
    const prev = deltas.get(key);
    if (prev) {
      prev.value += sign * c.value;
      if (c.orgPath) prev.orgPath = c.orgPath;
    } else deltas.set(key, { ...c, value: sign * c.value });
  };
  for (const o of old) for (const c of stored(o.contributions)) add(c, -1);
  for (const f of fresh) for (const c of f.contributions) add(c, 1);
  await addFacts(tx, deltas.values());
  await writeItems(tx, fresh, now);
  const gone = unique.filter((k) => !freshKeys.has(k));
  if (gone.length) await tx.query('DELETE FROM ind_item WHERE kind = $1 AND item_key = ANY($2::text[])', [kind, gone]);
  return fresh.length;
}

export const SOURCE_KINDS: readonly SourceKind[] = ['yk', 'ticket', 'bill', 'order', 'unit'];

/**
 * Facts of a rebuild: the tables were emptied in the same transaction, so plain inserts (no upsert, no zeros); the
 * months are summed from the days by the database (one statement).
 */
async function insertFacts(tx: Queryable, facts: Iterable<Contribution>): Promise<void> {
  const rows = [...facts].filter((f) => f.value !== 0);
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await tx.query(
      `INSERT INTO ind_fact (metric, org_unit_code, org_path, day, value)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])`,
      [chunk.map((c) => c.metric), chunk.map((c) => c.orgUnitCode), chunk.map((c) => c.orgPath), chunk.map((c) => c.day), chunk.map((c) => c.value)],
    );
  }
  await tx.query(
    `INSERT INTO ind_fact_month (metric, org_unit_code, org_path, ym, value)
     SELECT metric, org_unit_code, max(org_path), substr(day, 1, 7), sum(value) FROM ind_fact
      GROUP BY metric, org_unit_code, substr(day, 1, 7) HAVING sum(value) <> 0`,
  );
}

/**
 * Recomputes every fact and item from the sources, in one transaction (readers see the old facts until commit).
 * The sources' set-based reads (billing's sums by unit × month over every receivable and reading) get the memory to
 * hash in (`work_mem`, this transaction only) instead of spilling to disk (P17).
 */
export async function rebuild(db: Db, holidays: (q: Queryable) => Promise<HolidayMap>, now: Date, kinds: ReadonlySet<SourceKind>): Promise<{ items: number; facts: number }> {
  return db.transaction(async (tx) => {
    // Refreshes by the consumer wait until this commits (and then apply their delta to the rebuilt rows); two
    // rebuilds run one after the other.
    await tx.query('LOCK TABLE ind_item, ind_fact, ind_fact_month IN SHARE ROW EXCLUSIVE MODE');
    await tx.query(`SET LOCAL work_mem = '${REBUILD_WORK_MEM}'`);
    const calendar = await holidays(tx);
    await tx.query('DELETE FROM ind_fact');
    await tx.query('DELETE FROM ind_fact_month');
    await tx.query('DELETE FROM ind_item');
    let items = 0;
    const all: ItemFacts[] = [];
    for (const kind of SOURCE_KINDS) {
      if (!kinds.has(kind)) continue;
      const read = await readItems(tx, kind, null, calendar);
      await writeItems(tx, read, now);
      items += read.length;
      all.push(...read);
    }
    const facts = sumContributions(all);
    await insertFacts(tx, facts.values());
    await tx.query(
      `INSERT INTO ind_state (key, value) VALUES ('built_at', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [now.toISOString()],
    );
    return { items, facts: facts.size };
  });
}

/**
 * Every fact, sorted (tests compare the incremental result with a rebuild): the days, then the months (`day` holds
 * `YYYY-MM`). Zero rows are listed too: neither table should keep one.
 */
export async function allFacts(q: Queryable): Promise<Array<{ metric: string; org_unit_code: string; day: string; value: number }>> {
  const rows = await q.query<{ metric: string; org_unit_code: string; day: string; value: string }>(
    `SELECT metric, org_unit_code, day, value::text AS value FROM (
       SELECT 1 AS t, metric, org_unit_code, day, value FROM ind_fact
       UNION ALL SELECT 2, metric, org_unit_code, ym, value FROM ind_fact_month
     ) f ORDER BY t, metric, org_unit_code, day`,
  );
  return rows.map((r) => ({ ...r, value: Number(r.value) }));
}
