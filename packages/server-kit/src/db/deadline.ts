/**
 * A request's deadline for its turn at the embedded database (P13, ADR 0088). PGlite has one connection: a request
 * that admission control let in (services' platform/admission.ts) can still queue behind other requests and behind
 * a background transaction, and past the client's patience. Admission runs each counted request inside
 * a `dbDeadline`; the embedded database's thread refuses a statement or transaction of that request that is
 * still waiting for the connection when the deadline passes — it never runs, and the request is answered 503
 * with Retry-After (`DbBusyError`) instead of hanging.
 *
 * Only the worker-thread PGlite (the server's default) reads the deadline; the in-thread PGlite (tests, tools) and
 * PostgreSQL (a pool whose queue is bounded by its own timeouts) ignore it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ErrorCode } from '@wb/contracts';
import { AppError } from '../errors.ts';

interface DeadlineScope {
  /** Epoch ms (`Date.now()`): the database's thread compares it with its own clock. Undefined: none (any more). */
  at: number | undefined;
  /** Only the first statement or transaction carries it (a request that may have written must finish). */
  once: boolean;
}

const scope = new AsyncLocalStorage<DeadlineScope>();

export interface DbDeadline {
  /** Runs `fn` (and everything it starts) under this deadline; again after the request's body was read, whose events run elsewhere. */
  enter<T>(fn: () => T): T;
  /** From now on, no deadline: the request was answered (work it left behind finishes at its own pace). */
  end(): void;
}

/**
 * A deadline (epoch ms) for a request's database turns. `once`: only the first statement or transaction is refused
 * when late — for requests that may write outside a transaction, where a refusal after a first write would leave
 * half of the work done. Safe (read-only) requests pass `once: false`: every turn is bounded.
 */
export function dbDeadline(at: number, options: { once: boolean }): DbDeadline {
  const entry: DeadlineScope = { at, once: options.once };
  return {
    enter: (fn) => scope.run(entry, fn),
    end: () => void (entry.at = undefined),
  };
}

/** The deadline the next database turn of the current request carries, if any (consumed when `once`). */
export function takeDbDeadline(): number | undefined {
  const entry = scope.getStore();
  const at = entry?.at;
  if (entry?.once) entry.at = undefined;
  return at;
}

/** The name the worker's refusal travels under; the server's thread rebuilds it as a `DbBusyError`. */
export const DB_BUSY_ERROR_NAME = 'DbBusyError';

/** Seconds a client should wait before retrying: as admission control's own 503. */
const BUSY_RETRY_AFTER_SECONDS = 1;

/** A turn at the database refused at its request's deadline: 503 WB_ERR_SERVICE_UNAVAILABLE with Retry-After: 1. */
export class DbBusyError extends AppError {
  constructor(options?: { cause?: unknown }) {
    super(503, ErrorCode.ServiceUnavailable, '系统繁忙，请稍后重试', undefined, {
      ...options,
      headers: { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) },
    });
    this.name = DB_BUSY_ERROR_NAME;
  }
}
