import type { ReactElement } from 'react';
import { Button, Result, Typography } from 'antd';
import { ResponseError } from '@wb/contracts';

export interface ServiceErrorProps {
  error: unknown;
  title: string;
  retrying: boolean;
  onRetry(): void;
}

/**
 * A failed service call, for any micro-app (docs/quality.md R6): the service's own message, its stable code, and
 * a retry. Only a `ResponseError` message is shown; anything else gets a generic text (no internals leak). A 404 or
 * 403 is an answer, not a failure: its message as the title, no retry.
 */
export function ServiceError({ error, title, retrying, onRetry }: ServiceErrorProps): ReactElement {
  const known = error instanceof ResponseError;
  // Not found, or not the user's to see: the service's words are the answer and asking again changes nothing
  // (a 户号 typed wrong at the counter is not "加载失败", and 重试 would only say it again).
  if (known && (error.status === 404 || error.status === 403)) {
    return <Result status="info" title={error.message} subTitle={<Typography.Text type="secondary">{error.code}</Typography.Text>} />;
  }
  return (
    <Result
      status="warning"
      title={title}
      subTitle={
        <>
          {known ? error.message : '发生未知错误，请稍后重试'}
          {known && <Typography.Text type="secondary">（{error.code}）</Typography.Text>}
        </>
      }
      extra={
        <Button type="primary" loading={retrying} onClick={onRetry}>
          重试
        </Button>
      }
    />
  );
}

/** What `QueryError` reads of a TanStack query (`useQuery`'s result, one of `useQueries`'). */
export interface RetryableQuery {
  error: unknown;
  isFetching: boolean;
  refetch(): Promise<unknown>;
}

/**
 * A failed query as `ServiceError` shows it: the query's error, and 重试 refetching that query (spinning while it
 * fetches). The one way a screen answers a read that failed.
 */
export function QueryError({ query, title }: { query: RetryableQuery; title: string }): ReactElement {
  return <ServiceError error={query.error} title={title} retrying={query.isFetching} onRetry={() => void query.refetch()} />;
}
