/**
 * The sources of the facts (ADR 0047): readers of the domains' own records, one item at a time (an event named it)
 * or all of them (rebuild). Each returns the item's facts through the pure functions of facts.ts, so an item read
 * for an event and the same item read during a rebuild contribute exactly the same facts.
 *
 * The records are read through each owning module's port (its index.ts, ADR 0026/0061), never from its tables;
 * dashboards read the facts.
 */
import { TICKET_TYPES } from '@wb/contracts/ticket';
import type { Queryable } from '@wb/server-kit';
import { accountCountsForIndicators, billMonthsForIndicators, restoreOrdersForIndicators } from '../billing/index.ts';
import { applicationsForIndicators } from '../connection/index.ts';
import { ticketsForIndicators } from '../ticket/index.ts';
import { instanceMilestones, type HolidayMap } from '../workflow/index.ts';
import { billMonthFacts, restoreOrderFacts, ticketFacts, unitFacts, ykFacts, type Contribution, type ItemFacts, type TicketSource } from './facts.ts';

/** 业扩: the applications (connection's port), then their milestones (the engine's port). `keys` null: all. */
export async function readYk(q: Queryable, keys: readonly string[] | null, holidays: HolidayMap): Promise<ItemFacts[]> {
  const rows = await applicationsForIndicators(q, keys);
  if (rows.length === 0) return [];
  const history = await instanceMilestones(q, rows.map((r) => r.instanceId).filter((x): x is string => x !== null), ['install']);
  const byInstance = new Map<string, typeof history>();
  for (const h of history) byInstance.set(h.instanceId, [...(byInstance.get(h.instanceId) ?? []), h]);
  return rows.map((r) => {
    let installedAt: Date | null = null;
    const pauses: Array<[Date, Date | null]> = [];
    for (const h of byInstance.get(r.instanceId ?? '') ?? []) {
      if (h.action === 'COMPLETE') installedAt = h.at;
      else if (h.action === 'SUSPEND') pauses.push([h.at, null]);
      else {
        const open = pauses.at(-1);
        if (open && open[1] === null) open[1] = h.at;
      }
    }
    const { instanceId: _instance, ...source } = r;
    return ykFacts({ ...source, installedAt, pauses }, holidays);
  });
}

export async function readTickets(q: Queryable, keys: readonly string[] | null): Promise<ItemFacts[]> {
  return (await ticketsForIndicators(q, keys)).map((r) =>
    ticketFacts({ ...r, typeName: TICKET_TYPES[r.type as keyof typeof TICKET_TYPES] ?? r.type } satisfies TicketSource),
  );
}

/** Billing month items `<orgUnitCode>:<ym>`; `keys` null: every unit and month. */
export async function readBillMonths(q: Queryable, keys: readonly string[] | null): Promise<ItemFacts[]> {
  const months = await billMonthsForIndicators(q, keys);
  const found = new Set(months.map((m) => `${m.orgUnitCode}:${m.ym}`));
  // A key asked for with nothing left still answers (empty facts), so its old contributions are taken back.
  const gone = (keys ?? []).filter((k) => !found.has(k)).map((k) => {
    const [orgUnitCode = '', ym = ''] = k.split(':');
    return { orgUnitCode, orgPath: '', ym, receivableFen: 0, paidFen: 0, oweFen: 0, readings: 0, readingErrors: 0 };
  });
  return [...months, ...gone].map(billMonthFacts);
}

/**
 * Billing month items whose receivables changed but no reading (payments and their 冲正, ADR 0090): the receivables
 * are read, the reading counts are the item's stored ones (`kept`, its current contributions). Exact as long as every
 * change of a reading marks its month for a full read (billing's `billing.reading.recorded`), which the drain does first.
 */
export async function readBillReceivables(q: Queryable, keys: readonly string[], kept: ReadonlyMap<string, readonly Contribution[]>): Promise<ItemFacts[]> {
  const months = new Map((await billMonthsForIndicators(q, keys, { readings: false })).map((m) => [`${m.orgUnitCode}:${m.ym}`, m]));
  return keys.map((k) => {
    const old = kept.get(k) ?? [];
    const stored = (metric: string): number => old.reduce((sum, c) => sum + (c.metric === metric ? c.value : 0), 0);
    const [orgUnitCode = '', ym = ''] = k.split(':');
    const m = months.get(k) ?? { orgUnitCode, orgPath: old.find((c) => c.orgPath)?.orgPath ?? '', ym, receivableFen: 0, paidFen: 0, oweFen: 0, readings: 0, readingErrors: 0 };
    return billMonthFacts({ ...m, readings: stored('bill.read'), readingErrors: stored('bill.read_err') });
  });
}

export async function readRestoreOrders(q: Queryable, keys: readonly string[] | null): Promise<ItemFacts[]> {
  return (await restoreOrdersForIndicators(q, keys)).map(restoreOrderFacts);
}

/** 在册户数 per org unit (billing accounts); `keys` null: every unit. */
export async function readUnits(q: Queryable, keys: readonly string[] | null): Promise<ItemFacts[]> {
  const rows = await accountCountsForIndicators(q, keys);
  const found = new Set(rows.map((r) => r.orgUnitCode));
  return [
    ...rows.map(unitFacts),
    ...(keys ?? []).filter((k) => !found.has(k)).map((k) => unitFacts({ orgUnitCode: k, orgPath: '', accounts: 0 })),
  ];
}

export type SourceKind = ItemFacts['kind'];

/** Which sources exist (their tables): a service left out of the composition feeds nothing (暂无数据源). */
export async function availableSources(q: Queryable): Promise<Set<'connection' | 'ticket' | 'billing'>> {
  const rows = await q.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_name IN ('yk_application', 'ticket', 'billing_receivable')`,
  );
  const names = new Set(rows.map((r) => r.name));
  const out = new Set<'connection' | 'ticket' | 'billing'>();
  if (names.has('yk_application')) out.add('connection');
  if (names.has('ticket')) out.add('ticket');
  if (names.has('billing_receivable')) out.add('billing');
  return out;
}

export async function readItems(q: Queryable, kind: SourceKind, keys: readonly string[] | null, holidays: HolidayMap): Promise<ItemFacts[]> {
  switch (kind) {
    case 'yk':
      return readYk(q, keys, holidays);
    case 'ticket':
      return readTickets(q, keys);
    case 'bill':
      return readBillMonths(q, keys);
    case 'order':
      return readRestoreOrders(q, keys);
    case 'unit':
      return readUnits(q, keys);
  }
}
