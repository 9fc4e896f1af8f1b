import { useCallback, useEffect, useRef, useState } from 'react';
import type { Feed } from '@wb/contracts';
import { useFirstContentSettled } from '../layout/first-content.ts';
import { useFeed } from '../layout/shell-context.ts';
import type { NotificationList } from '@wb/contracts/workflow';
import type * as HeaderQueryModule from './notifications-query.ts';
import type { Watch } from './notifications-query.ts';

/** How often the bell and the 我的待办 count ask while the push stream is not connected (and on every window focus). */
export const NOTIFICATION_POLL_MS = 60_000;

type HeaderQueries = typeof HeaderQueryModule;

/**
 * A header query kept fresh by the shell's workflow QueryClient (`notifications-query.ts`, loaded with the first
 * request so that React Query stays out of the first paint, docs/quality.md P3). Null until known or disabled.
 */
export function useHeaderQuery<T>(
  enabled: boolean,
  start: (queries: HeaderQueries, feed: Feed, onValue: (value: T) => void) => Watch<T>,
): { value: T | null; watch: { readonly current: Watch<T> | null } } {
  // The shell's workflow QueryClient is the feed's: a post switch or a new session starts over.
  const feed = useFeed();
  // Not before the first page's micro-app has mounted: its load and mount come first on a slow CPU (P1, ADR 0068).
  const ready = useFirstContentSettled();
  const [value, setValue] = useState<T | null>(null);
  const watch = useRef<Watch<T> | null>(null);
  const begin = useRef(start);
  useEffect(() => {
    begin.current = start;
  });
  useEffect(() => {
    if (!enabled || !ready) return;
    let gone = false;
    void import('./notifications-query.ts').then((queries) => {
      if (!gone) watch.current = begin.current(queries, feed, setValue);
    });
    return () => {
      gone = true;
      watch.current?.stop();
      watch.current = null;
    };
  }, [enabled, ready, feed]);
  return { value: enabled ? value : null, watch };
}

export interface NotificationsState {
  list: NotificationList | null;
  refresh(): Promise<void>;
  /** Marks one read (at once in the badge, then on the server). */
  markRead(id: string): Promise<void>;
  markAllRead(): Promise<void>;
}

/**
 * `GET /notifications` at once, on every message of the push stream (a new task reaches the bell within a
 * second, ADR 0024), when the window regains focus, and by React Query's `refetchInterval` every `pollMs` while
 * the stream is not connected (the fallback) — only while `enabled` (the user holds wf:task:handle). In the
 * workflow key space of the inbox (ADR 0037): an inbox action refreshes the bell too. A failed request keeps
 * the last list.
 */
export function useNotifications(enabled: boolean, pollMs = NOTIFICATION_POLL_MS): NotificationsState {
  const { value: list, watch } = useHeaderQuery<NotificationList>(enabled, (queries, feed, onList) => queries.watchNotifications(feed, pollMs, onList));

  const refresh = useCallback(async (): Promise<void> => {
    await watch.current?.refresh();
  }, [watch]);

  const markRead = useCallback(
    async (id: string): Promise<void> => {
      const now = new Date().toISOString();
      const { postWorkflow } = await import('./notifications-query.ts');
      await watch.current?.change(
        (current) => {
          const target = current.items.find((n) => n.id === id);
          if (!target || target.readAt) return current;
          return { items: current.items.map((n) => (n.id === id ? { ...n, readAt: now } : n)), unread: Math.max(0, current.unread - 1) };
        },
        () => postWorkflow(`/notifications/${encodeURIComponent(id)}/read`),
      );
    },
    [watch],
  );

  const markAllRead = useCallback(async (): Promise<void> => {
    const now = new Date().toISOString();
    const { postWorkflow } = await import('./notifications-query.ts');
    await watch.current?.change(
      (current) => ({ items: current.items.map((n) => ({ ...n, readAt: n.readAt ?? now })), unread: 0 }),
      () => postWorkflow('/notifications/read-all'),
    );
  }, [watch]);

  return { list, refresh, markRead, markAllRead };
}
