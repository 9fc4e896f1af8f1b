import type { SlaState } from '@wb/contracts/workflow';

/** SLA state → tag colour and label (the same everywhere the shell shows a task). */
export const SLA_TAGS: Readonly<Record<SlaState, { color: string; label: string }>> = {
  NORMAL: { color: 'green', label: '正常' },
  WARNING: { color: 'orange', label: '即将超期' },
  OVERDUE: { color: 'red', label: '已超期' },
  PAUSED: { color: 'default', label: '已暂停' },
};
