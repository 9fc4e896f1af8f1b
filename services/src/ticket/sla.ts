/**
 * The clocks of a ticket (ADR 0029). The limits are configuration (`ticket_sla_rule` over the contracts'
 * `DEFAULT_SLA_RULES`); a clock runs from its start (acceptance, or arrival for 恢复供电) to the moment that
 * stops it (接单 for 联系客户, arrival, restore time, 回单). Minutes and hours are wall-clock; working days follow
 * the workflow calendar (`engine.holidays`, 调休 included). WARNING from 80 % of the window, as the engine's.
 */
import { DEFAULT_SLA_RULES, SLA_CLOCKS, slaKeyOf, type AreaClass, type SlaClock, type SlaClockRule, type SlaRule, type TicketSla, type TicketType } from '@wb/contracts/ticket';
import type { Queryable } from '@wb/server-kit';
import { addWorkingDays } from '../workflow/index.ts';

export type HolidayMap = ReadonlyMap<string, boolean>;

/** One clock as the ticket row keeps it (`clocks` jsonb). */
export interface ClockRecord {
  clock: SlaClock;
  startAt: string;
  dueAt: string;
  stoppedAt: string | null;
}

const WARNING_SHARE = 0.8;

/** The effective rules: operators' rows over the defaults, by key. */
export async function loadSlaRules(q: Queryable): Promise<SlaRule[]> {
  const rows = await q.query<{ key: string; name: string; clocks: SlaClockRule[]; verified: boolean; source: string }>(
    'SELECT key, name, clocks, verified, source FROM ticket_sla_rule',
  );
  const overrides = new Map(rows.map((r) => [r.key, r]));
  const merged: SlaRule[] = DEFAULT_SLA_RULES.map((d) => {
    const o = overrides.get(d.key);
    return o ? { key: d.key, name: o.name, clocks: o.clocks, verified: o.verified, source: o.source } : d;
  });
  for (const r of rows) if (!merged.some((m) => m.key === r.key)) merged.push({ key: r.key, name: r.name, clocks: r.clocks, verified: r.verified, source: r.source });
  return merged;
}

export function ruleFor(rules: readonly SlaRule[], type: TicketType, subType: string | null): SlaRule | undefined {
  return rules.find((r) => r.key === slaKeyOf(type, subType));
}

/** Due time of one clock rule started at `from`. */
export function dueFrom(from: Date, rule: SlaClockRule, area: AreaClass, holidays: HolidayMap): Date {
  const amount = rule.byArea?.[area] ?? rule.amount;
  if (rule.unit === 'workdays') return addWorkingDays(from, amount, holidays);
  return new Date(from.getTime() + amount * (rule.unit === 'minutes' ? 60_000 : 3_600_000));
}

/** The clocks that start at acceptance (every one but 恢复供电, which starts at arrival). */
export function startClocks(rule: SlaRule | undefined, area: AreaClass, acceptedAt: Date, holidays: HolidayMap): ClockRecord[] {
  if (!rule) return [];
  return rule.clocks
    .filter((c) => c.clock !== 'restore')
    .map((c) => ({ clock: c.clock, startAt: acceptedAt.toISOString(), dueAt: dueFrom(acceptedAt, c, area, holidays).toISOString(), stoppedAt: null }));
}

/** Adds the 恢复供电 clock from the arrival time (repairs). */
export function startRestoreClock(clocks: ClockRecord[], rule: SlaRule | undefined, area: AreaClass, arrivedAt: Date, holidays: HolidayMap): ClockRecord[] {
  const restore = rule?.clocks.find((c) => c.clock === 'restore');
  if (!restore) return clocks;
  const rest = clocks.filter((c) => c.clock !== 'restore');
  return [...rest, { clock: 'restore', startAt: arrivedAt.toISOString(), dueAt: dueFrom(arrivedAt, restore, area, holidays).toISOString(), stoppedAt: null }];
}

/** Stops a running clock at `at` (a stopped one keeps its first stop). */
export function stopClock(clocks: ClockRecord[], clock: SlaClock, at: Date): ClockRecord[] {
  return clocks.map((c) => (c.clock === clock && !c.stoppedAt ? { ...c, stoppedAt: at.toISOString() } : c));
}

/** Runs a stopped clock again (退单: the unit works under the same limit). */
export function reopenClock(clocks: ClockRecord[], clock: SlaClock): ClockRecord[] {
  return clocks.map((c) => (c.clock === clock ? { ...c, stoppedAt: null } : c));
}

/** The clock as the API shows it at `now`: a stopped clock is OVERDUE when it stopped after its due time. */
export function clockView(c: ClockRecord, now: Date): TicketSla {
  const due = Date.parse(c.dueAt);
  const start = Date.parse(c.startAt);
  let state: TicketSla['state'];
  if (c.stoppedAt) state = Date.parse(c.stoppedAt) > due ? 'OVERDUE' : 'NORMAL';
  else if (now.getTime() >= due) state = 'OVERDUE';
  else if (now.getTime() >= start + (due - start) * WARNING_SHARE) state = 'WARNING';
  else state = 'NORMAL';
  return {
    clock: c.clock,
    label: SLA_CLOCKS[c.clock],
    state,
    dueAt: c.dueAt,
    remainingMs: c.stoppedAt ? null : due - now.getTime(),
    stoppedAt: c.stoppedAt,
  };
}

/** The clock a list shows: the running one due first, else the last one that stopped; null without clocks. */
export function currentClock(clocks: readonly ClockRecord[], now: Date): TicketSla | null {
  const running = clocks.filter((c) => !c.stoppedAt).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  if (running[0]) return clockView(running[0], now);
  const stopped = [...clocks].sort((a, b) => Date.parse(b.stoppedAt ?? '') - Date.parse(a.stoppedAt ?? ''));
  return stopped[0] ? clockView(stopped[0], now) : null;
}

/** Earliest due time of a running clock (the row's `next_due_at`), or null. */
export function nextDueAt(clocks: readonly ClockRecord[]): Date | null {
  const due = clocks.filter((c) => !c.stoppedAt).map((c) => Date.parse(c.dueAt));
  return due.length ? new Date(Math.min(...due)) : null;
}
