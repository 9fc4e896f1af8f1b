import type { SlaState } from '@wb/contracts/workflow';

/** SLA state → tag colour and label (the same colours as the shell's inbox). */
export const SLA_TAGS: Record<SlaState, { color: string; label: string }> = {
  NORMAL: { color: 'green', label: '正常' },
  WARNING: { color: 'orange', label: '临期' },
  OVERDUE: { color: 'red', label: '超期' },
  PAUSED: { color: 'default', label: '暂停计时' },
};

/** `2026-03-02T01:00:00Z` → `2026-03-02 09:00` (China time, the business's time zone). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** 138****5678: contact numbers are shown masked in lists. */
export function maskMobile(mobile: string): string {
  return /^\d{11}$/.test(mobile) ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : mobile;
}

/** zod issues → `{ field: message }`, first message per field (the same messages the server sends). */
export function issuesToFields(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}
