// 系统管理's times, in the platform's business time zone (Asia/Shanghai) whatever the browser's zone (issue 21
// item 7), through the SDK's one formatter set (seconds for the audit log and the outbox).
import { formatDate, formatSeconds, formatTime } from '@wb/sdk/react';

export { formatDate, formatSeconds, formatTime };

/** The business year now (for 节假日): the year in Asia/Shanghai. */
export function businessYear(now: Date = new Date()): number {
  return Number(formatDate(now).slice(0, 4));
}

/**
 * A post assignment's validity in China time to the minute (ADR 0073): `2026-03-01 00:00 起 ~ 2026-12-31 23:59 止`.
 * The end is the minute from which it no longer counts.
 */
export function validityText(validFrom: string | null, validTo: string | null): string {
  const from = validFrom ? `${formatTime(validFrom)} 起` : '即日起';
  const to = validTo ? `${formatTime(validTo)} 止` : '长期';
  return `${from} ~ ${to}`;
}
