import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { NotificationList } from '@wb/contracts/workflow';
import { createWorkflowClient, loadWorkflowContracts } from '../inbox/workflow-client.ts';
import { isPushOpen, subscribePush } from './push.ts';

/** How often the bell asks for notifications (and on every window focus). */
export const NOTIFICATION_POLL_MS = 60_000;

export interface NotificationsState {
  list: NotificationList | null;
  refresh(): Promise<void>;
  /** Marks one read (at once in the badge, then on the server). */
  markRead(id: string): Promise<void>;
  markAllRead(): Promise<void>;
}

/**
 * `GET /notifications` now, on every message of the push stream (a new task reaches the bell within a second,
 * ADR 0024), when the window regains focus, and every `NOTIFICATION_POLL_MS` while the stream is not
 * connected (the fallback) — only while `enabled` (the user holds wf:task:handle). A failed request keeps the
 * last list (the next one tries again).
 */
export function useNotifications(enabled: boolean, pollMs = NOTIFICATION_POLL_MS): NotificationsState {
  const client = useMemo(() => createWorkflowClient(), []);
  const [list, setList] = useState<NotificationList | null>(null);
  const inFlight = useRef<AbortController | null>(null);

  const refresh = useCallback(async (): Promise<void> => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    try {
      const { notificationListSchema } = await loadWorkflowContracts();
      setList(await client.get('/notifications', { schema: notificationListSchema, signal: controller.signal }));
    } catch {
      // Keep the last list; the bell is not worth an error message.
    }
  }, [client]);

  useEffect(() => {
    if (!enabled) return;
    const onFocus = (): void => void refresh();
    // The first poll right after mount, from a task like the others (no state change inside the effect itself).
    const first = window.setTimeout(onFocus, 0);
    const timer = window.setInterval(() => {
      if (!isPushOpen()) void refresh();
    }, pollMs);
    window.addEventListener('focus', onFocus);
    const unsubscribe = subscribePush(onFocus);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
      unsubscribe();
      inFlight.current?.abort();
    };
  }, [enabled, pollMs, refresh]);

  const markRead = useCallback(
    async (id: string): Promise<void> => {
      const now = new Date().toISOString();
      setList((current) => {
        if (!current) return current;
        const target = current.items.find((n) => n.id === id);
        if (!target || target.readAt) return current;
        return { items: current.items.map((n) => (n.id === id ? { ...n, readAt: now } : n)), unread: Math.max(0, current.unread - 1) };
      });
      try {
        await client.post(`/notifications/${encodeURIComponent(id)}/read`, {});
      } finally {
        await refresh();
      }
    },
    [client, refresh],
  );

  const markAllRead = useCallback(async (): Promise<void> => {
    const now = new Date().toISOString();
    setList((current) => (current ? { items: current.items.map((n) => ({ ...n, readAt: n.readAt ?? now })), unread: 0 } : current));
    try {
      await client.post('/notifications/read-all', {});
    } finally {
      await refresh();
    }
  }, [client, refresh]);

  return { list, refresh, markRead, markAllRead };
}
