import { QueryClient } from '@tanstack/react-query';
import { ResponseError, type Feed } from '@wb/contracts';

const clients = new WeakMap<Feed, QueryClient>();

/**
 * The shell's one QueryClient for workflow data (the SDK's `workflowQueryKeys` space, ADR 0027/0037): the inbox
 * page, the bell and the 我的待办 count read and invalidate the same cache, so an action in the inbox refreshes the
 * badge and the count too. One per feed — a post switch, a new session or a feed refresh hands a new one, so no
 * data of another data scope is ever shown; the old client goes with the old feed. Loaded with the inbox page or
 * the bell's first request, never in the first paint (docs/quality.md P3).
 */
export function shellQueryClient(feed: Feed): QueryClient {
  let client = clients.get(feed);
  if (!client) {
    client = new QueryClient({
      defaultOptions: {
        // No retries of refusals; no refetch on focus while someone reads a row (the bell asks on focus itself).
        queries: { staleTime: 10_000, refetchOnWindowFocus: false, retry: (count, error) => error instanceof ResponseError && error.status >= 500 && count < 2 },
        mutations: { retry: false },
      },
    });
    clients.set(feed, client);
  }
  return client;
}
