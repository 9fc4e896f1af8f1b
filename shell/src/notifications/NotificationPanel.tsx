import { Button, Empty, Tag, Typography } from 'antd';
import type { ReactElement } from 'react';
import type { Notification, NotificationList } from '@wb/contracts/workflow';
import { formatTime } from '@wb/sdk/react';

/** Notification kind → tag. */
export const NOTIFICATION_KINDS: Readonly<Record<Notification['kind'], { color: string; label: string }>> = {
  ASSIGNED: { color: 'blue', label: '新任务' },
  REMINDER: { color: 'gold', label: '催办' },
  WARNING: { color: 'orange', label: '即将超期' },
  OVERDUE: { color: 'red', label: '已超期' },
  ESCALATION: { color: 'volcano', label: '升级' },
  CC: { color: 'cyan', label: '抄送' },
  RETURNED: { color: 'magenta', label: '退回' },
};

export interface NotificationPanelProps {
  list: NotificationList | null;
  onOpen(notification: Notification): void;
  onReadAll(): void;
}

/** The bell's dropdown: newest first, unread in bold; a click marks read and follows the link. */
export default function NotificationPanel({ list, onOpen, onReadAll }: NotificationPanelProps): ReactElement {
  const items = list?.items ?? [];
  return (
    <div
      data-testid="wb-notifications"
      style={{ width: 360, maxHeight: 420, overflowY: 'auto', background: '#fff', borderRadius: 8, boxShadow: '0 6px 16px rgba(0,0,0,0.12)' }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '8px 12px', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong>通知</Typography.Text>
        <Button type="link" size="small" disabled={!list || list.unread === 0} onClick={onReadAll}>
          全部已读
        </Button>
      </div>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" style={{ padding: 16 }} />
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((notification) => {
            const kind = NOTIFICATION_KINDS[notification.kind];
            const unread = notification.readAt === null;
            return (
              <li key={notification.id}>
                <button
                  type="button"
                  data-testid="wb-notification"
                  data-unread={unread ? 'true' : 'false'}
                  onClick={() => onOpen(notification)}
                  style={{ display: 'block', width: '100%', textAlign: 'start', background: unread ? '#f6faff' : '#fff', border: 0, borderBottom: '1px solid #f5f5f5', padding: '8px 12px', cursor: 'pointer', font: 'inherit' }}
                >
                  <div>
                    <Tag color={kind.color}>{kind.label}</Tag>
                    <Typography.Text strong={unread}>{notification.title}</Typography.Text>
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {notification.body} · {formatTime(notification.createdAt)}
                  </Typography.Text>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
