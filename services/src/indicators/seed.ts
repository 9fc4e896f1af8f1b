import type { Db } from '@wb/server-kit';
import { createHolidayCache } from '../workflow/index.ts';
import { availableSources, type SourceKind } from './sources.ts';
import { rebuild } from './store.ts';

/** The source kinds whose tables exist (a domain left out of the composition feeds nothing). */
export async function sourceKinds(db: Db): Promise<Set<SourceKind>> {
  const sources = await availableSources(db);
  const kinds = new Set<SourceKind>();
  if (sources.has('connection')) kinds.add('yk');
  if (sources.has('ticket')) kinds.add('ticket');
  if (sources.has('billing')) for (const k of ['bill', 'order', 'unit'] as const) kinds.add(k);
  return kinds;
}

/** The rebuild command (seed stage `indicators`, `POST /rebuild`): every fact from the sources. */
export async function rebuildIndicators(db: Db, now: Date): Promise<{ items: number; facts: number }> {
  const [table] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'ind_fact'`);
  if (!Number(table?.n)) return { items: 0, facts: 0 };
  const holidays = createHolidayCache(0);
  return rebuild(db, (q) => holidays.get(q), now, await sourceKinds(db));
}
