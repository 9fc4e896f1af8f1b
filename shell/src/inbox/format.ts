import dayjs from 'dayjs';

/** `2026-11-27 09:30`, or `—` for no time. */
export function formatTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—';
}
