/**
 * Pure fact arithmetic of the indicators (ADR 0047): what one business item contributes to the facts by org unit ×
 * day. The same functions serve the incremental path (an event names an item; its contributions replace the old
 * ones as a delta) and the rebuild (every item from the sources), so both must give the same facts.
 *
 * Days are China Standard Time dates; working days follow the workflow calendar (`wf_holiday`).
 */
import type { BillMonthForIndicators } from '../billing/index.ts';
import type { ApplicationForIndicators } from '../connection/index.ts';
import { cstDate, isWorkday, type HolidayMap } from '../workflow/index.ts';

/** One contribution: `value` added to fact `metric` of `orgUnitCode` on `day` (YYYY-MM-DD). */
export interface Contribution {
  orgUnitCode: string;
  orgPath: string;
  day: string;
  metric: string;
  value: number;
}

/** A mark: the item stands behind indicator `code`'s figure on `day` (drill-down lists). */
export interface Mark {
  code: string;
  day: string;
}

export interface ItemFacts {
  kind: 'yk' | 'ticket' | 'bill' | 'order' | 'unit';
  key: string;
  orgUnitCode: string;
  orgPath: string;
  title: string;
  link: string | null;
  /** Open with a due time (real-time overdue lists), else null. */
  openDueAt: string | null;
  contributions: Contribution[];
  marks: Mark[];
}

/** Stock facts (not per day, e.g. 在册户数) are kept on this day. */
export const STOCK_DAY = '2000-01-01';

/** Working days after `from`'s date up to and including `to`'s date (CST); 0 when `to` is not later. */
export function workdaysBetween(from: Date, to: Date, holidays: HolidayMap): number {
  const start = cstDate(from);
  const end = cstDate(to);
  let n = 0;
  let day = Date.parse(`${start}T00:00:00Z`) + 86_400_000;
  const last = Date.parse(`${end}T00:00:00Z`);
  for (let guard = 0; day <= last && guard < 20_000; guard++, day += 86_400_000) {
    if (isWorkday(new Date(day).toISOString().slice(0, 10), holidays)) n++;
  }
  return n;
}

// ---- 业扩报装 ------------------------------------------------------------------------------------------------------

/** 2023 承诺: working days from 受理 to 装表接电 per variant. */
export const YK_COMMITMENT_DAYS: Readonly<Record<string, number>> = {
  'yk-lv-resident': 5,
  'yk-lv-nonresident': 6,
  'yk-hv-single': 22,
  'yk-hv-dual': 32,
};
export const YK_CATEGORY_LABELS: Readonly<Record<string, string>> = {
  'yk-lv-resident': '低压居民',
  'yk-lv-nonresident': '低压非居民',
  'yk-hv-single': '高压单电源',
  'yk-hv-dual': '高压双电源',
};

/** An application as the connection module's port hands it out, with what the history adds. */
export interface YkSource extends Omit<ApplicationForIndicators, 'instanceId'> {
  /** When 装表接电 was completed (the last completion of node `install`), null before. */
  installedAt: Date | null;
  /** Suspension intervals (客户原因暂停): [suspended, resumed or null while suspended]. */
  pauses: ReadonlyArray<readonly [Date, Date | null]>;
}

/** Working days from 受理 to 装表接电, less the working days suspended in between. */
export function ykConnectWorkdays(s: YkSource, holidays: HolidayMap): number | null {
  if (!s.installedAt) return null;
  let days = workdaysBetween(s.acceptedAt, s.installedAt, holidays);
  for (const [from, to] of s.pauses) {
    const end = to && to < s.installedAt ? to : s.installedAt;
    if (from < end) days -= workdaysBetween(from, end, holidays);
  }
  return Math.max(0, days);
}

export function ykFacts(s: YkSource, holidays: HolidayMap): ItemFacts {
  const base = { orgUnitCode: s.orgUnitCode, orgPath: s.orgPath };
  const contributions: Contribution[] = [];
  const marks: Mark[] = [];
  const wd = ykConnectWorkdays(s, holidays);
  if (wd !== null && s.installedAt && s.status !== 'TERMINATED') {
    const day = cstDate(s.installedAt);
    const limit = YK_COMMITMENT_DAYS[s.variant] ?? 0;
    const onTime = wd <= limit;
    contributions.push(
      { ...base, day, metric: 'yk.connected', value: 1 },
      { ...base, day, metric: `yk.connected.${s.variant}`, value: 1 },
      { ...base, day, metric: `yk.connect_wd.${s.variant}`, value: wd },
    );
    if (onTime) contributions.push({ ...base, day, metric: 'yk.connected_ontime', value: 1 });
    else marks.push({ code: 'YK_ONTIME', day });
    marks.push({ code: 'YK_DURATION', day });
  }
  const open = s.status === 'RUNNING' || s.status === 'SUSPENDED';
  return {
    kind: 'yk',
    key: s.appNo,
    ...base,
    title: `${s.appNo} ${s.consName}（${YK_CATEGORY_LABELS[s.variant] ?? s.variant}）`,
    link: `/app/new-connection/applications/${s.appNo}`,
    // A suspended application's clock stands still: never overdue while suspended.
    openDueAt: open && s.status === 'RUNNING' && s.dueAt ? s.dueAt.toISOString() : null,
    contributions,
    marks,
  };
}

// ---- 95598 工单 ----------------------------------------------------------------------------------------------------

export interface TicketClock {
  clock: string;
  dueAt: string;
  stoppedAt: string | null;
}

export interface TicketSource {
  ticketNo: string;
  type: string;
  typeName: string;
  orgUnitCode: string;
  orgPath: string;
  acceptedAt: Date;
  closedAt: Date | null;
  revisitOutcome: string | null;
  clocks: readonly TicketClock[];
}

export function ticketFacts(s: TicketSource): ItemFacts {
  const base = { orgUnitCode: s.orgUnitCode, orgPath: s.orgPath };
  const contributions: Contribution[] = [];
  const marks: Mark[] = [];
  const clockFact = (clock: string, metric: string, code: string): void => {
    for (const c of s.clocks.filter((x) => x.clock === clock && x.stoppedAt)) {
      const stopped = new Date(c.stoppedAt as string);
      const day = cstDate(stopped);
      contributions.push({ ...base, day, metric, value: 1 });
      if (stopped.getTime() <= Date.parse(c.dueAt)) contributions.push({ ...base, day, metric: `${metric}_ontime`, value: 1 });
      else marks.push({ code, day });
    }
  };
  clockFact('finish', 'tk.finish', 'TK_TIMELY');
  if (s.type === 'REPAIR') clockFact('arrive', 'tk.arrive', 'TK_ARRIVE');
  if (s.type === 'COMPLAINT') {
    const day = cstDate(s.acceptedAt);
    contributions.push({ ...base, day, metric: 'tk.complaint', value: 1 });
    marks.push({ code: 'TK_COMPLAINT', day });
  }
  if (s.revisitOutcome && s.revisitOutcome !== 'UNREACHABLE' && s.closedAt) {
    const day = cstDate(s.closedAt);
    contributions.push({ ...base, day, metric: 'tk.revisit', value: 1 });
    if (s.revisitOutcome === 'SATISFIED') contributions.push({ ...base, day, metric: 'tk.revisit_satisfied', value: 1 });
    else marks.push({ code: 'TK_SATISFACTION', day });
  }
  return {
    kind: 'ticket',
    key: s.ticketNo,
    ...base,
    title: `${s.ticketNo}（${s.typeName}）`,
    link: `/app/service-tickets/tickets/${s.ticketNo}`,
    openDueAt: null,
    contributions,
    marks,
  };
}

// ---- 电费账务 ------------------------------------------------------------------------------------------------------

/** One 供电所 × 应收年月 of billing, as billing's port hands it out. */
export type BillMonthSource = BillMonthForIndicators;

export const ymDay = (ym: string): string => `${ym.slice(0, 4)}-${ym.slice(4, 6)}-01`;

export function billMonthFacts(s: BillMonthSource): ItemFacts {
  const base = { orgUnitCode: s.orgUnitCode, orgPath: s.orgPath };
  const day = ymDay(s.ym);
  const values: Array<[string, number]> = [
    ['bill.rcvbl', s.receivableFen],
    ['bill.rcved', s.paidFen],
    ['bill.owe', s.oweFen],
    ['bill.read', s.readings],
    ['bill.read_err', s.readingErrors],
  ];
  return {
    kind: 'bill',
    key: `${s.orgUnitCode}:${s.ym}`,
    ...base,
    title: `${s.ym}`,
    link: null,
    openDueAt: null,
    contributions: values.filter(([, v]) => v !== 0).map(([metric, value]) => ({ ...base, day, metric, value })),
    marks: [],
  };
}

export interface RestoreOrderSource {
  id: string;
  consNo: string;
  orgUnitCode: string;
  orgPath: string;
  status: string;
  dueAt: Date | null;
  doneAt: Date | null;
  /** Cancelled because the payment was reversed: not a 复电 that was owed. */
  cancelled: boolean;
}

export function restoreOrderFacts(s: RestoreOrderSource): ItemFacts {
  const base = { orgUnitCode: s.orgUnitCode, orgPath: s.orgPath };
  const contributions: Contribution[] = [];
  const marks: Mark[] = [];
  // A 复电 counts once the power is back (DONE): a failed remote 复电 goes on to 现场复电 and is still owed — open
  // (the order board keeps it), not a finished late one; its on-site completion decides on time or late.
  if (s.doneAt && !s.cancelled && s.status === 'DONE') {
    const day = cstDate(s.doneAt);
    contributions.push({ ...base, day, metric: 'bill.restore', value: 1 });
    if (!s.dueAt || s.doneAt <= s.dueAt) contributions.push({ ...base, day, metric: 'bill.restore_ontime', value: 1 });
    else marks.push({ code: 'BILL_RESTORE', day });
  }
  const owed = s.status === 'OPEN' || (s.status === 'FAILED' && !s.cancelled);
  return {
    kind: 'order',
    key: s.id,
    ...base,
    title: `复电工单 ${s.id}（户号 ${s.consNo}）`,
    link: `/app/billing/orders`,
    openDueAt: owed && s.dueAt ? s.dueAt.toISOString() : null,
    contributions,
    marks,
  };
}

/** 在册户数 of one org unit (a stock fact). */
export function unitFacts(s: { orgUnitCode: string; orgPath: string; accounts: number }): ItemFacts {
  const base = { orgUnitCode: s.orgUnitCode, orgPath: s.orgPath };
  return {
    kind: 'unit',
    key: s.orgUnitCode,
    ...base,
    title: s.orgUnitCode,
    link: null,
    openDueAt: null,
    contributions: s.accounts ? [{ ...base, day: STOCK_DAY, metric: 'unit.accounts', value: s.accounts }] : [],
    marks: [],
  };
}

/** Facts summed by org unit × day × metric (the rebuild's aggregation; the incremental path keeps the same sums). */
export function sumContributions(items: Iterable<ItemFacts>): Map<string, Contribution> {
  const out = new Map<string, Contribution>();
  for (const item of items) {
    for (const c of item.contributions) {
      const key = `${c.orgUnitCode}|${c.day}|${c.metric}`;
      const prev = out.get(key);
      if (prev) prev.value += c.value;
      else out.set(key, { ...c });
    }
  }
  return out;
}
