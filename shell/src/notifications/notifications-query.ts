import { QueryObserver, type QueryKey } from '@tanstack/react-query';
import type { Feed } from '@wb/contracts';
import type { NotificationList } from '@wb/contracts/workflow';
import { workflowQueryKeys } from '@wb/sdk';
import { shellQueryClient } from '../inbox/shell-queries.ts';
import { createWorkflowClient, loadWorkflowContracts } from '../inbox/workflow-client.ts';
import { isPushOpen, subscribePush, subscribePushState } from './push.ts';

/** The header's queries in the workflow key space (under `workflowQueryKeys.all`, so inbox actions refresh them). */
export const headerKeys = {
  notifications: [...workflowQueryKeys.all, 'notifications'] as const,
  /** Under the inbox prefix: claiming or completing a task in the inbox refreshes the count. */
  todoCount: [...workflowQueryKeys.inbox, 'count', 'todo'] as const,
};

export interface Watch<T> {
  /** Refetches now (cancelling one in flight). */
  refresh(): Promise<void>;
  stop(): void;
  /** Writes the cached value (an optimistic change), then asks the server again after `send`. */
  change(update: (current: T) => T, send: () => Promise<unknown>): Promise<void>;
}

/**
 * One query the header keeps fresh: `refetchInterval` of `pollMs` only while the push stream is not connected
 * (ADR 0024's fallback), a refetch on every push message and on window focus. A failed request keeps the last
 * value (no retries: the next push, focus or poll tries again).
 */
function watch<T>(feed: Feed, queryKey: QueryKey, load: (signal: AbortSignal) => Promise<T>, pollMs: number, onValue: (value: T) => void): Watch<T> {
  const client = shellQueryClient(feed);
  const observer = new QueryObserver<T>(client, {
    queryKey,
    queryFn: ({ signal }) => load(signal),
    staleTime: 0,
    retry: false,
    refetchInterval: () => (isPushOpen() ? false : pollMs),
  });
  const stopObserving = observer.subscribe((result) => {
    if (result.data !== undefined) onValue(result.data);
  });
  const refresh = async (): Promise<void> => {
    await observer.refetch();
  };
  const onFocus = (): void => void refresh();
  window.addEventListener('focus', onFocus);
  const stopPush = subscribePush(() => void client.invalidateQueries({ queryKey, exact: true }));
  // The stream opened or was refused: the observer computes `refetchInterval` again (stops or starts polling).
  const stopState = subscribePushState(() => observer.setOptions(observer.options));
  return {
    refresh,
    stop() {
      stopObserving();
      window.removeEventListener('focus', onFocus);
      stopPush();
      stopState();
      void client.cancelQueries({ queryKey, exact: true });
    },
    async change(update, send) {
      const current = client.getQueryData<T>(queryKey);
      if (current !== undefined) client.setQueryData<T>(queryKey, update(current));
      try {
        await send();
      } finally {
        await client.invalidateQueries({ queryKey, exact: true });
      }
    },
  };
}

/** The bell's `GET /notifications`. */
export function watchNotifications(feed: Feed, pollMs: number, onList: (list: NotificationList) => void): Watch<NotificationList> {
  const workflow = createWorkflowClient();
  return watch(
    feed,
    headerKeys.notifications,
    async (signal) => {
      const { notificationListSchema } = await loadWorkflowContracts();
      return workflow.get('/notifications', { schema: notificationListSchema, signal });
    },
    pollMs,
    onList,
  );
}

/** The 我的待办 count: the inbox's `todo` count (one row asked for). */
export function watchTodoCount(feed: Feed, pollMs: number, onCount: (count: number) => void): Watch<number> {
  const workflow = createWorkflowClient();
  return watch(
    feed,
    headerKeys.todoCount,
    async (signal) => {
      const { inboxPageSchema } = await loadWorkflowContracts();
      const page = await workflow.get('/inbox', { query: { box: 'todo', pageSize: 1 }, schema: inboxPageSchema, signal });
      return page.counts.todo;
    },
    pollMs,
    onCount,
  );
}

/** Posts through the workflow client (the bell's mark-read calls). */
export function postWorkflow(path: string): Promise<unknown> {
  return createWorkflowClient().post(path, {});
}
