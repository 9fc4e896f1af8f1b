/**
 * 违约金 (late-payment penalty), a pure function of the rules (`BillingSettings`, configuration): per day from
 * the day after the due date up to and including `asOf`, on the open amount; 居民 at the resident rate; others
 * at the current-year rate for days in the receivable's own year and at the earlier-years rate for days in later
 * years; at least the minimum once any day has accrued. Dates are `YYYY-MM-DD` (China calendar days).
 */
import type { BillingSettings } from '@wb/contracts/billing';

const DAY = 86_400_000;

const dayNumber = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);

/** Days late (after `dueDate`, up to `asOf`): 0 when not yet late. */
export function daysLate(dueDate: string, asOf: string): number {
  return Math.max(0, dayNumber(asOf) - dayNumber(dueDate));
}

/** Last day of the month of a `YYYYMM` (the default due date of a receivable issued in that month). */
export function monthEnd(ym: string): string {
  const y = Number(ym.slice(0, 4));
  const m = Number(ym.slice(4, 6));
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * The penalty in 分 on `owedFen` for a receivable of month `ym`, for the days after `from` (its due date, or the
 * day up to which penalty was already charged) up to `asOf`, before the minimum. `resident` selects the 居民
 * rate; other customers pay the current-year rate up to 31 December of the receivable's year and the
 * earlier-years rate after it. Rounded half up once.
 */
export function penaltyRawFen(owedFen: number, ym: string, from: string, asOf: string, resident: boolean, rates: BillingSettings['penaltyPerMille']): number {
  const days = daysLate(from, asOf);
  if (days === 0 || owedFen <= 0) return 0;
  let perMilleDays: number;
  if (resident) {
    perMilleDays = days * rates.resident;
  } else {
    const yearEnd = `${ym.slice(0, 4)}-12-31`;
    const first = Math.min(days, Math.max(0, dayNumber(yearEnd) - dayNumber(from)));
    perMilleDays = first * rates.currentYear + (days - first) * rates.earlierYears;
  }
  // owed × Σ(rate ‰) / 1000, half up; rates may be fractional in configuration: scale by 1000 to stay exact.
  const scaled = Math.round(perMilleDays * 1000);
  return Math.floor((2 * owedFen * scaled + 1_000_000) / 2_000_000);
}

/** A receivable's total penalty with the minimum applied (a receivable that owes any penalty owes at least it). */
export function withPenaltyMinimum(totalFen: number, minimumFen: number): number {
  return totalFen > 0 ? Math.max(totalFen, minimumFen) : 0;
}

/** The whole penalty of `owedFen` due on `dueDate` as of `asOf`, minimum included. */
export function penaltyFen(owedFen: number, ym: string, dueDate: string, asOf: string, resident: boolean, settings: Pick<BillingSettings, 'penaltyPerMille' | 'penaltyMinimumFen'>): number {
  if (daysLate(dueDate, asOf) === 0 || owedFen <= 0) return 0;
  return withPenaltyMinimum(penaltyRawFen(owedFen, ym, dueDate, asOf, resident, settings.penaltyPerMille), settings.penaltyMinimumFen);
}
