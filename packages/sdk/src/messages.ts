/**
 * The workbench's one catalogue of shared labels and formatters (issue 21 item 7): every app and the shell show an
 * SLA state, a task's time or a masked phone number the same way. App-specific words stay in the app; anything a
 * second app would copy belongs here.
 */
import type { SlaState } from '@wb/contracts/workflow';

/** The business's time zone: China has no daylight saving, but the browser's own zone may be anything. */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

/**
 * SLA state → tag colour and label: the inbox, the notification bell and every app's lists. Status colours, whose
 * text and tint the workbench theme sets to WCAG AA contrast (ADR 0068); antd's preset green/orange miss it.
 */
export const SLA_TAGS: Readonly<Record<SlaState, { color: string; label: string }>> = {
  NORMAL: { color: 'success', label: '正常' },
  WARNING: { color: 'warning', label: '即将超期' },
  OVERDUE: { color: 'error', label: '已超期' },
  PAUSED: { color: 'default', label: '已暂停' },
};

const PARTS_FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function businessParts(at: Date): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const p of PARTS_FORMAT.formatToParts(at)) parts[p.type] = p.value;
  return parts;
}

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const at = value instanceof Date ? value : new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** `2026-11-27 09:30` in Asia/Shanghai whatever the browser's zone, or `—` for no (or an invalid) time. */
export function formatTime(value: string | number | Date | null | undefined): string {
  const at = toDate(value);
  if (!at) return '—';
  const p = businessParts(at);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `2026-11-27 09:30:05` in Asia/Shanghai, or `—`: audit trails and logs, where the second matters. */
export function formatSeconds(value: string | number | Date | null | undefined): string {
  const at = toDate(value);
  if (!at) return '—';
  const p = businessParts(at);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** `2026-11-27` in Asia/Shanghai, or `—`. */
export function formatDate(value: string | number | Date | null | undefined): string {
  const at = toDate(value);
  if (!at) return '—';
  const p = businessParts(at);
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * A time as a `datetime-local` input's value (`2026-11-27T09:30`) on the business's wall clock, whatever the
 * browser's zone: a 抢修员 types the Beijing time of the arrival, not his PC's.
 */
export function businessDateTimeInput(value: string | number | Date = new Date()): string {
  const at = toDate(value);
  if (!at) return '';
  const p = businessParts(at);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * A `datetime-local` value read as Beijing time (UTC+8; China keeps no daylight saving) → an ISO instant, or
 * `undefined` for an empty or malformed value. The inverse of {@link businessDateTimeInput}.
 */
export function fromBusinessDateTimeInput(local: unknown): string | undefined {
  if (typeof local !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(local.trim());
  if (!m) return undefined;
  const at = new Date(`${m[1]}T${m[2]}${m[3] ?? ':00'}+08:00`);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** Today's date in the business's time zone (`2026-11-27`), e.g. the default of a date field. */
export function businessToday(now: Date = new Date()): string {
  return formatDate(now);
}

/**
 * A remaining time as staff say it: `还剩 1小时5分`, `已超 20分`, `还剩 2天3小时`. Seconds are dropped; under a
 * minute reads `不足1分`.
 */
export function formatRemaining(ms: number): string {
  const overdue = ms < 0;
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const text = minutes === 0 ? '不足1分' : days > 0 ? `${days}天${hours}小时` : hours > 0 ? `${hours}小时${mins}分` : `${mins}分`;
  return overdue ? `已超 ${text}` : `还剩 ${text}`;
}

/** 138****5678: phone numbers are shown masked unless revealed; anything that is not 11 digits is left as it is. */
export function maskMobile(mobile: string): string {
  return /^\d{11}$/.test(mobile) ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : mobile;
}
