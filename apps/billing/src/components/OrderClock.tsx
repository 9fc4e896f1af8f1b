import { Space, Tag, Typography } from 'antd';
import type { Order } from '@wb/contracts/billing';
import { SLA_TAGS, formatRemaining, formatTime, useNow } from '@wb/sdk/react';

/** Within this much of its limit an open order is 即将超期. */
export const WARNING_MS = 4 * 3_600_000;

/**
 * The 复电 clock of an order (24 h from the payment that cleared the arrears): state tag and time left, ticking
 * every second; 已超期 without a reload. A 停电 order has no limit, only its planned time. Orders carry `dueAt`
 * only (no remaining time from the server), so the browser's clock is the reference here.
 */
export function OrderClock({ order }: { order: Order }) {
  const now = useNow();
  if (order.status !== 'OPEN') {
    const late = order.overdue;
    return <Typography.Text type={late ? 'danger' : 'secondary'}>{order.doneAt ? `${formatTime(order.doneAt)} 完成${late ? '（超时）' : ''}` : '—'}</Typography.Text>;
  }
  if (!order.dueAt) return <Typography.Text type="secondary">计划 {formatTime(order.plannedAt)}</Typography.Text>;
  const remaining = Date.parse(order.dueAt) - now;
  const state = remaining < 0 ? 'OVERDUE' : remaining < WARNING_MS ? 'WARNING' : 'NORMAL';
  const tag = SLA_TAGS[state];
  return (
    <Space size={4} wrap>
      <Tag color={tag.color}>{tag.label}</Tag>
      <Typography.Text type={state === 'OVERDUE' ? 'danger' : undefined} title={`时限 ${formatTime(order.dueAt)}`}>
        {formatRemaining(remaining)}
      </Typography.Text>
    </Space>
  );
}
