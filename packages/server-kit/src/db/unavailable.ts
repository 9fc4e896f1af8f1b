/**
 * Database faults that are the database's absence, not the request's fault (docs/quality.md R10, ADR 0020):
 * the server answers them 503 with Retry-After and reports itself not ready, and the pool reconnects by itself.
 */
import { ErrorCode } from '@wb/contracts';
import { AppError } from '../errors.ts';

/** Socket errors of a connection that failed or broke. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTCONN']);

/**
 * SQLSTATEs: class 08 (connection exception); 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
 * cannot_connect_now (starting up, shutting down, in recovery); 53300 too_many_connections.
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** node-postgres and pg-pool report a lost or never-made connection by message only. */
const MESSAGES = [/^Connection terminated/, /^timeout exceeded when trying to connect/, /not queryable/, /^Client was closed and is not queryable/, /did not answer within/];

function isUnavailableOne(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code)))) return true;
  return MESSAGES.some((pattern) => pattern.test(error.message));
}

/** Whether `error` (or an error in its `cause` chain, or an AggregateError's parts) says the database is unreachable. */
export function isDbUnavailableError(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === undefined || current === null || seen.has(current)) continue;
    seen.add(current);
    if (isUnavailableOne(current)) return true;
    if (current instanceof AggregateError) queue.push(...current.errors);
    if (current instanceof Error) queue.push(current.cause);
  }
  return false;
}

/** Thrown at start when PostgreSQL does not answer in time (DB_CONNECT_TIMEOUT_MS). */
export class DbConnectTimeoutError extends Error {
  constructor(target: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(`PostgreSQL at ${target} did not answer within ${timeoutMs} ms (DB_CONNECT_TIMEOUT_MS): is the server up and is this its port?`, options);
    this.name = 'DbConnectTimeoutError';
  }
}

/** Seconds a client should wait before retrying while the database is away. */
const DB_RETRY_AFTER_SECONDS = 5;

/** The 503 (WB_ERR_SERVICE_UNAVAILABLE, Retry-After) for a database fault, or null for any other error. */
export function dbUnavailableError(error: unknown): AppError | null {
  if (!isDbUnavailableError(error)) return null;
  return new AppError(503, ErrorCode.ServiceUnavailable, '数据库暂时不可用，请稍后重试', undefined, {
    cause: error,
    headers: { 'retry-after': String(DB_RETRY_AFTER_SECONDS) },
  });
}
