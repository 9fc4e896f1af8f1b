import { QueryClient } from '@tanstack/react-query';
import type { QueryClientConfig } from '@tanstack/react-query';
import { ResponseError } from '@wb/contracts';

declare module '@tanstack/react-query' {
  /**
   * Every query and mutation error of the workbench is a `ResponseError` (ADR 0027): the SDK client throws
   * nothing else (network failures are status 0, a schema mismatch is the service's fault, cancellation is
   * not an error). `error.status`, `error.code` and `error.fields` need no `instanceof` check.
   */
  interface Register {
    defaultError: ResponseError;
  }
}

/** Retries only what a retry can fix: network failures (status 0) and 5xx, at most twice. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (!(error instanceof ResponseError)) return false;
  const transient = error.status === 0 || error.status >= 500;
  return transient && failureCount < 2;
}

/**
 * A fresh QueryClient per mount (no cache shared between apps or between mounts).
 * Defaults: 30 s staleTime; no refetch on window focus (agents switch windows all day, and a silent
 * refetch would reorder the rows under their cursor); retries per `shouldRetry`.
 */
export function createWorkbenchQueryClient(config: QueryClientConfig = {}): QueryClient {
  return new QueryClient({
    ...config,
    defaultOptions: {
      ...config.defaultOptions,
      queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: shouldRetry, ...config.defaultOptions?.queries },
      mutations: { retry: false, ...config.defaultOptions?.mutations },
    },
  });
}
