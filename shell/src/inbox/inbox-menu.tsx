import type { MenuProps } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import type { SessionUser } from '@wb/contracts';
import { createAccess } from '@wb/sdk';
import { menuIcon } from '../layout/icons.tsx';
import { CountBubble } from '../notifications/CountBubble.tsx';
import { NOTIFICATION_POLL_MS, useHeaderQuery } from '../notifications/use-notifications.ts';
import { withBasename } from '../routing/channel.ts';
import { INBOX_PATH } from '../routing/paths.ts';
import { TASK_HANDLE_PERMISSION } from './workflow-client.ts';

type MenuItem = NonNullable<MenuProps['items']>[number];

/** Side-menu key of the shell's own 我的待办 entry (app entries are `<appId>:<key>`). */
export const INBOX_MENU_KEY = 'shell:inbox';
export { INBOX_PATH };

/**
 * The number of open tasks (待办), read from the inbox counts through the shell's workflow QueryClient (ADR 0037):
 * on mount, when the path changes (a task may just have been claimed or completed in an app), on every message of
 * the push stream, on window focus, by `refetchInterval` while the stream is not connected (the fallback), and
 * whenever the inbox invalidates its queries. Null until known or when disabled.
 */
export function useTodoCount(enabled: boolean, pathname: string): number | null {
  const { value, watch } = useHeaderQuery<number>(enabled, (queries, feed, onCount) => queries.watchTodoCount(feed, NOTIFICATION_POLL_MS, onCount));
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void watch.current?.refresh();
  }, [pathname, watch]);
  return value;
}

/** Whether `user` handles tasks (wf:task:handle): the 我的待办 entry of the side menu and the phone's bottom bar. */
export function useInboxAllowed(user: SessionUser | null): boolean {
  return useMemo(() => !!user && createAccess(user).can(TASK_HANDLE_PERMISSION), [user]);
}

/** The 我的待办 menu entry with the 待办 count, for holders of wf:task:handle; null for others. */
export function useInboxMenuItem(user: SessionUser | null, pathname: string, basename: string): MenuItem | null {
  const allowed = useInboxAllowed(user);
  const count = useTodoCount(allowed, pathname);
  if (!allowed) return null;
  return {
    key: INBOX_MENU_KEY,
    // An icon the menu already bundles (first-paint budget).
    icon: menuIcon('ProfileOutlined'),
    label: (
      <a href={withBasename(INBOX_PATH, basename)} tabIndex={-1} data-testid="wb-menu-inbox">
        我的待办 <CountBubble count={count ?? 0} testId="wb-menu-inbox-count" />
      </a>
    ),
  };
}
