/**
 * Keeping the facts (ADR 0047). `refresh` is the incremental path: the items an event names are read from their
 * source, and each item's new contributions replace its old ones as a delta on `ind_fact` (the item row is locked
 * first, so two instances refreshing one item serialize). Re-reading an item that did not change adds nothing,
 * so a repeated or reordered delivery leaves the same facts. `rebuild` recomputes every fact from the sources.
 */
import type { Db, Queryable } from '@wb/server-kit';
import type { HolidayMap } from '../workflow/index.ts';
import { sumContributions, type Contribution, type ItemFacts } from './facts.ts';
import { readItems, type SourceKind } from './sources.ts';

const factKey = (c: Pick<Contribution, 'orgUnitCode' | 'day' | 'metric'>): string => `${c.orgUnitCode}|${c.day}|${c.metric}`;

async function addFacts(tx: Queryable, deltas: Iterable<Contribution>): Promise<void> {
  const rows = [...deltas].filter((d) => d.value !== 0);
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await tx.query(
      `INSERT INTO ind_fact (metric, org_unit_code, org_path, day, value)
       SELECT x.metric, x.org_unit_code, x.org_path, x.day, x.value
         FROM jsonb_to_recordset($1::jsonb) AS x(metric text, org_unit_code text, org_path text, day text, value bigint)
       ON CONFLICT (metric, org_unit_code, day) DO UPDATE SET value = ind_fact.value + EXCLUDED.value,
         org_path = CASE WHEN EXCLUDED.org_path <> '' THEN EXCLUDED.org_path ELSE ind_fact.org_path END`,
      [JSON.stringify(chunk.map((c) => ({ metric: c.metric, org_unit_code: c.orgUnitCode, org_path: c.orgPath, day: c.day, value: c.value })))],
    );
  }
  if (rows.length) await tx.query('DELETE FROM ind_fact WHERE value = 0');
}

async function writeItems(tx: Queryable, items: readonly ItemFacts[], now: Date): Promise<void> {
  for (let i = 0; i < items.length; i += 500) {
    const chunk = items.slice(i, i + 500);
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

/** Re-reads the named items from their source and applies the change of their contributions. */
export async function refresh(tx: Queryable, kind: SourceKind, keys: readonly string[], holidays: HolidayMap, now: Date): Promise<number> {
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
  const fresh = await readItems(tx, kind, unique, holidays);
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
  for (const o of old) for (const c of typeof o.contributions === 'string' ? (JSON.parse(o.contributions) as Contribution[]) : o.contributions) add(c, -1);
  for (const f of fresh) for (const c of f.contributions) add(c, 1);
  await addFacts(tx, deltas.values());
  await writeItems(tx, fresh, now);
  const gone = unique.filter((k) => !freshKeys.has(k));
  if (gone.length) await tx.query('DELETE FROM ind_item WHERE kind = $1 AND item_key = ANY($2::text[])', [kind, gone]);
  return fresh.length;
}

export const SOURCE_KINDS: readonly SourceKind[] = ['yk', 'ticket', 'bill', 'order', 'unit'];

/** Recomputes every fact and item from the sources, in one transaction (readers see the old facts until commit). */
export async function rebuild(db: Db, holidays: (q: Queryable) => Promise<HolidayMap>, now: Date, kinds: ReadonlySet<SourceKind>): Promise<{ items: number; facts: number }> {
  return db.transaction(async (tx) => {
    // Refreshes by the consumer wait until this commits (and then apply their delta to the rebuilt rows); two
    // rebuilds run one after the other.
    await tx.query('LOCK TABLE ind_item, ind_fact IN SHARE ROW EXCLUSIVE MODE');
    const calendar = await holidays(tx);
    await tx.query('DELETE FROM ind_fact');
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
    await addFacts(tx, facts.values());
    await tx.query(
      `INSERT INTO ind_state (key, value) VALUES ('built_at', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [now.toISOString()],
    );
    return { items, facts: facts.size };
  });
}

/** Every fact, sorted (tests compare the incremental result with a rebuild). */
export async function allFacts(q: Queryable): Promise<Array<{ metric: string; org_unit_code: string; day: string; value: number }>> {
  const rows = await q.query<{ metric: string; org_unit_code: string; day: string; value: string }>(
    'SELECT metric, org_unit_code, day, value::text AS value FROM ind_fact WHERE value <> 0 ORDER BY metric, org_unit_code, day',
  );
  return rows.map((r) => ({ ...r, value: Number(r.value) }));
}
