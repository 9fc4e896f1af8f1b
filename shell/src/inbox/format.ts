/** China Standard Time (UTC+8, no daylight saving): the workbench's business time zone. */
const CST_OFFSET_MS = 8 * 3_600_000;

/**
 * `2026-11-27 09:30` in Asia/Shanghai whatever the browser's zone (issue 10: notifications showed raw UTC), or
 * `—` for no time.
 */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '—';
  const at = new Date(value).getTime();
  if (Number.isNaN(at)) return '—';
  return new Date(at + CST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
