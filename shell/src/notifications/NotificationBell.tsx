import { BellOutlined } from '@ant-design/icons';
import { Dropdown } from 'antd';
import { lazy, Suspense, useMemo, useState, type ReactElement } from 'react';
import type { SessionUser } from '@wb/contracts';
import { createAccess } from '@wb/sdk';
import { TASK_HANDLE_PERMISSION } from '../inbox/workflow-client.ts';
import { useShellEnv } from '../layout/shell-context.ts';
import { CountBubble, countLabel } from './CountBubble.tsx';
import { useNotifications } from './use-notifications.ts';

// The list is its own chunk; the badge (this file) is small and shows as soon as the first poll answers.
const NotificationPanel = lazy(() => import('./NotificationPanel.tsx'));

/** The header bell: unread count, and the latest notifications in a dropdown. Only for wf:task:handle holders. */
export function NotificationBell({ user, pollMs }: { user: SessionUser; pollMs?: number }): ReactElement | null {
  const allowed = useMemo(() => createAccess(user).can(TASK_HANDLE_PERMISSION), [user]);
  const notifications = useNotifications(allowed, pollMs);
  const { navigate } = useShellEnv();
  const [open, setOpen] = useState(false);
  if (!allowed) return null;
  const unread = notifications.list?.unread ?? 0;

  return (
    <Dropdown
      trigger={['click']}
      open={open}
      onOpenChange={setOpen}
      popupRender={() => (
        <Suspense fallback={<div style={{ width: 360, height: 80, background: '#fff' }} />}>
          <NotificationPanel
            list={notifications.list}
            onOpen={(notification) => {
              setOpen(false);
              void notifications.markRead(notification.id).catch(() => undefined);
              if (notification.link) navigate(notification.link);
            }}
            onReadAll={() => void notifications.markAllRead().catch(() => undefined)}
          />
        </Suspense>
      )}
    >
      <button
        type="button"
        data-testid="wb-bell"
        aria-label={unread > 0 ? `通知，${countLabel(unread)} 条未读` : '通知'}
        style={{ background: 'none', border: 0, cursor: 'pointer', padding: '0 8px', lineHeight: 1 }}
      >
        <span style={{ position: 'relative', display: 'inline-block' }}>
          <BellOutlined aria-hidden style={{ color: '#fff', fontSize: 18 }} />
          <span style={{ position: 'absolute', top: -8, insetInlineStart: 10 }}>
            <CountBubble count={unread} testId="wb-bell-count" />
          </span>
        </span>
      </button>
    </Dropdown>
  );
}
