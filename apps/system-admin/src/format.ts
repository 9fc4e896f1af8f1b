// 系统管理's times, in the platform's business time zone (Asia/Shanghai) whatever the browser's zone (issue 21
// item 7), through the SDK's one formatter set (seconds for the audit log and the outbox).
import { formatDate, formatSeconds, formatTime } from '@wb/sdk/react';

export { formatDate, formatSeconds, formatTime };

/** The business year now (for 节假日): the year in Asia/Shanghai. */
export function businessYear(now: Date = new Date()): number {
  return Number(formatDate(now).slice(0, 4));
}

/** An exclusive end (`validTo`, the first day no longer valid) shown as the last valid day. */
export function lastValidDay(validTo: string): string {
  const end = new Date(validTo);
  return Number.isNaN(end.getTime()) ? '—' : formatDate(new Date(end.getTime() - 86_400_000));
}
