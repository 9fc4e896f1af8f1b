// 系统管理's times, in the platform's business time zone (Asia/Shanghai) whatever the browser's zone (issue 21
// item 7): minutes and dates through the SDK's formatters; the audit log and the outbox also need seconds, which
// the SDK's set has no formatter for, so this one pins the same zone.
import { BUSINESS_TIME_ZONE, formatDate, formatTime } from '@wb/sdk/react';

export { formatDate, formatTime };

const SECONDS_FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2026-11-27 09:30:05` in Asia/Shanghai, or `—` for no (or an invalid) time. */
export function formatSeconds(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) return '—';
  const p: Record<string, string> = {};
  for (const part of SECONDS_FORMAT.formatToParts(at)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The business year now (for 节假日): the year in Asia/Shanghai. */
export function businessYear(now: Date = new Date()): number {
  return Number(formatDate(now).slice(0, 4));
}

/** An exclusive end (`validTo`, the first day no longer valid) shown as the last valid day. */
export function lastValidDay(validTo: string): string {
  const end = new Date(validTo);
  return Number.isNaN(end.getTime()) ? '—' : formatDate(new Date(end.getTime() - 86_400_000));
}
