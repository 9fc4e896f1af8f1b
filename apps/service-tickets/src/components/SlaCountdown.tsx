import { Space, Tag, Typography } from 'antd';
import type { TicketSla } from '@wb/contracts/ticket';
import { SLA_TAGS, formatRemaining, formatTime, useNow } from '@wb/sdk/react';

export interface SlaCountdownProps {
  sla: TicketSla | null;
  /**
   * When the answer carrying `sla.remainingMs` arrived (TanStack Query's `dataUpdatedAt`). The countdown runs from
   * the server's remaining time, not from `dueAt` against the browser's clock, so a skewed PC clock shows the
   * right time left.
   */
  receivedAt: number;
}

/** The running clock of a ticket (到达现场, 联系客户, …): its state and the time left, ticking every second. */
export function SlaCountdown({ sla, receivedAt }: SlaCountdownProps) {
  const now = useNow();
  if (!sla) return <Typography.Text type="secondary">—</Typography.Text>;
  if (sla.remainingMs === null) {
    const tag = SLA_TAGS[sla.state];
    return (
      <Space size={4}>
        <Tag color={tag.color}>{tag.label}</Tag>
        <Typography.Text type="secondary">{sla.label}已计时结束</Typography.Text>
      </Space>
    );
  }
  const remaining = sla.remainingMs - Math.max(0, now - receivedAt);
  const state = remaining < 0 && sla.state !== 'PAUSED' ? 'OVERDUE' : sla.state;
  const tag = SLA_TAGS[state];
  return (
    <Space size={4} wrap>
      <Tag color={tag.color}>{tag.label}</Tag>
      <Typography.Text type={state === 'OVERDUE' ? 'danger' : undefined} title={`${sla.label}时限 ${formatTime(sla.dueAt)}`}>
        {sla.label} {formatRemaining(remaining)}
      </Typography.Text>
    </Space>
  );
}
