import type { MenuProps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { SessionUser } from '@wb/contracts';
import { createAccess } from '@wb/sdk';
import { menuIcon } from '../layout/icons.tsx';
import { CountBubble } from '../notifications/CountBubble.tsx';
import { isPushOpen, subscribePush } from '../notifications/push.ts';
import { INBOX_PATH } from '../routing/paths.ts';
import { createWorkflowClient, loadWorkflowContracts, TASK_HANDLE_PERMISSION } from './workflow-client.ts';

type MenuItem = NonNullable<MenuProps['items']>[number];

/** Side-menu key of the shell's own 我的待办 entry (app entries are `<appId>:<key>`). */
export const INBOX_MENU_KEY = 'shell:inbox';
export { INBOX_PATH };

const REFRESH_MS = 60_000;

/**
 * The number of open tasks (待办), read from the inbox counts: on mount, when the path changes (a task may
 * just have been claimed or completed), on every message of the push stream, on window focus, and every
 * minute while the stream is not connected (the fallback). Null until known or when disabled.
 */
export function useTodoCount(enabled: boolean, pathname: string): number | null {
  const client = useMemo(() => createWorkflowClient(), []);
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const load = (): void => {
      loadWorkflowContracts()
        .then(({ inboxPageSchema }) => client.get('/inbox', { query: { box: 'todo', pageSize: 1 }, schema: inboxPageSchema, signal: controller.signal }))
        .then((page) => setCount(page.counts.todo))
        .catch(() => undefined);
    };
    load();
    const timer = window.setInterval(() => {
      if (!isPushOpen()) load();
    }, REFRESH_MS);
    window.addEventListener('focus', load);
    const unsubscribe = subscribePush(load);
    return () => {
      controller.abort();
      window.clearInterval(timer);
      window.removeEventListener('focus', load);
      unsubscribe();
    };
  }, [client, enabled, pathname]);
  return enabled ? count : null;
}

/** The 我的待办 menu entry with the 待办 count, for holders of wf:task:handle; null for others. */
export function useInboxMenuItem(user: SessionUser | null, pathname: string): MenuItem | null {
  const allowed = useMemo(() => !!user && createAccess(user).can(TASK_HANDLE_PERMISSION), [user]);
  const count = useTodoCount(allowed, pathname);
  if (!allowed) return null;
  return {
    key: INBOX_MENU_KEY,
    // An icon the menu already bundles (first-paint budget).
    icon: menuIcon('ProfileOutlined'),
    label: (
      <span data-testid="wb-menu-inbox">
        我的待办 <CountBubble count={count ?? 0} testId="wb-menu-inbox-count" />
      </span>
    ),
  };
}
