import { describe, expect, it } from 'vitest';
import { addWorkingDays, cstDate, cstDayStart, dueDate, isWorkday, warnDate } from './calendar.ts';

const holidays = new Map<string, boolean>([
  ['2026-10-01', false],
  ['2026-10-02', false],
  ['2026-10-05', false],
  ['2026-10-10', true], // Saturday make-up workday
]);

describe('working-day calendar (China Standard Time)', () => {
  it('knows weekends, holidays and make-up workdays', () => {
    expect(isWorkday('2026-03-06', holidays)).toBe(true); // Friday
    expect(isWorkday('2026-03-07', holidays)).toBe(false); // Saturday
    expect(isWorkday('2026-10-01', holidays)).toBe(false); // Thursday, holiday
    expect(isWorkday('2026-10-10', holidays)).toBe(true); // Saturday, make-up
    // 2026-03-01T20:00Z is already Monday 04:00 in CST.
    expect(cstDate(new Date('2026-03-01T20:00:00Z'))).toBe('2026-03-02');
  });

  it('starts a China-time day at 16:00 UTC of the day before', () => {
    expect(cstDayStart(new Date('2026-03-01T20:00:00Z')).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(cstDayStart(new Date('2026-03-01T15:59:59.999Z')).toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(cstDayStart(new Date('2026-03-01T16:00:00Z')).toISOString()).toBe('2026-03-01T16:00:00.000Z');
  });

  it('counts working days across a weekend and across holidays, keeping the time of day', () => {
    // Friday 2026-03-06 10:00 CST + 1wd → Monday 2026-03-09 10:00 CST.
    expect(addWorkingDays(new Date('2026-03-06T02:00:00Z'), 1, holidays).toISOString()).toBe('2026-03-09T02:00:00.000Z');
    // Wednesday 2026-09-30 + 2wd: Oct 1, 2 holidays, Oct 3, 4 weekend, Oct 5 holiday → Oct 6, Oct 7.
    expect(addWorkingDays(new Date('2026-09-30T01:00:00Z'), 2, holidays).toISOString()).toBe('2026-10-07T01:00:00.000Z');
    // Friday Oct 9 + 1wd → Saturday Oct 10 (make-up workday).
    expect(addWorkingDays(new Date('2026-10-09T01:00:00Z'), 1, holidays).toISOString()).toBe('2026-10-10T01:00:00.000Z');
  });

  it('computes due dates in minutes or working days, and the warning at 80 %', () => {
    const from = new Date('2026-03-02T01:00:00Z');
    expect(dueDate(from, { kind: 'ms', ms: 45 * 60_000 }, holidays)?.toISOString()).toBe('2026-03-02T01:45:00.000Z');
    expect(dueDate(from, undefined, holidays)).toBeNull();
    const due = dueDate(from, { kind: 'wd', days: 5 }, holidays)!;
    expect(due.toISOString()).toBe('2026-03-09T01:00:00.000Z');
    expect(warnDate(from, new Date(from.getTime() + 100 * 60_000))?.toISOString()).toBe('2026-03-02T02:20:00.000Z');
  });
});
