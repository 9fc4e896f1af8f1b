/**
 * SLA arithmetic. Working days follow the calendar of `wf_holiday`: Monday–Friday are workdays unless listed
 * as a holiday; a listed weekend day with `workday = true` is a make-up workday (调休上班). Days are counted in
 * China Standard Time (UTC+8, no daylight saving): N working days after a moment is the same time of day on
 * the N-th workday after its date. Minute/hour/day limits are wall-clock.
 */
import type { Queryable } from '@wb/server-kit';
import type { Sla } from './bpmn.ts';

const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** Share of the time limit after which a task is WARNING (QUALITY/issue 5: 80 %). */
export const WARNING_SHARE = 0.8;

/** date (YYYY-MM-DD) → workday? for the dates listed in wf_holiday. */
export type HolidayMap = ReadonlyMap<string, boolean>;

export function cstDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The moment a China Standard Time day begins (00:00 UTC+8) for the day `at` falls on: "today" for counts and calls. */
export function cstDayStart(at: Date): Date {
  return new Date(Date.parse(`${cstDate(at)}T00:00:00Z`) - CST_OFFSET_MS);
}

/** `2026-12-04 05:28` in China Standard Time: how times read in notification texts (never raw UTC, issue 10). */
export function cstDateTime(at: Date | null | undefined): string {
  if (!at) return '';
  return new Date(new Date(at).getTime() + CST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

export function isWorkday(date: string, holidays: HolidayMap): boolean {
  const listed = holidays.get(date);
  if (listed !== undefined) return listed;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

export function addWorkingDays(from: Date, days: number, holidays: HolidayMap): Date {
  let at = from.getTime();
  let left = days;
  // A bound keeps a calendar of holidays only from looping forever.
  for (let guard = 0; left > 0 && guard < 3660; guard++) {
    at += DAY_MS;
    if (isWorkday(cstDate(new Date(at)), holidays)) left--;
  }
  return new Date(at);
}

export function dueDate(from: Date, sla: Sla | undefined, holidays: HolidayMap): Date | null {
  if (!sla) return null;
  return sla.kind === 'ms' ? new Date(from.getTime() + sla.ms) : addWorkingDays(from, sla.days, holidays);
}

export function warnDate(from: Date, due: Date | null): Date | null {
  return due ? new Date(from.getTime() + Math.round((due.getTime() - from.getTime()) * WARNING_SHARE)) : null;
}

/** Holiday calendar cache: every instance reloads it at most `ttlMs` after a change elsewhere. */
export function createHolidayCache(ttlMs = 60_000): { get(q: Queryable): Promise<HolidayMap>; invalidate(): void } {
  let cached: { at: number; map: HolidayMap } | null = null;
  return {
    async get(q) {
      if (cached && Date.now() - cached.at < ttlMs) return cached.map;
      const rows = await q.query<{ date: string; workday: boolean }>('SELECT date, workday FROM wf_holiday');
      cached = { at: Date.now(), map: new Map(rows.map((r) => [String(r.date), r.workday])) };
      return cached.map;
    },
    invalidate() {
      cached = null;
    },
  };
}
