/**
 * `Idempotency-Key` on creating writes (docs/quality.md D2, ADR 0026), one implementation: inside the write's
 * transaction, a per-(user, key) advisory lock serializes concurrent retries; a key seen before with the
 * same request answers what the first request stored (`replayed`), with another request → 422; a new key
 * runs the write and stores its answer in the same transaction, so a rolled-back write leaves no record.
 *
 * The record table is the owning module's (`<prefix>_idempotency`): columns `key`, `username`,
 * `request_hash`, `created_at`, primary key (username, key), plus the module's answer columns.
 */
import { createHash } from 'node:crypto';
import { ErrorCode } from '@wb/contracts';
import { AppError } from '../errors.ts';
import type { Queryable } from '../db/types.ts';

/** Where a module keeps its idempotency records and how its answer is stored. */
export interface IdempotencyStore<T> {
  /** e.g. `yk_idempotency`. */
  table: string;
  /** The answer columns, e.g. `['app_no']`. */
  columns: readonly string[];
  toRow(answer: T): unknown[];
  fromRow(row: Record<string, unknown>): T;
  /** The 422 message (Chinese) for a key reused with another request. */
  reusedMessage?: string;
}

export interface IdempotentRequest {
  username: string;
  /** From `idempotencyKeyOf(request)`; undefined runs the write without a record. */
  key: string | undefined;
  /** What makes two requests the same (usually the parsed body). */
  body: unknown;
  now: Date;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * The three statements' texts are fixed per store (a handful in the whole server), so they go prepared: named per
 * connection on PostgreSQL (ADR 0097), parsed and planned once instead of on every creating write.
 */
const PREPARED = { prepare: true } as const;

/** SHA-256 of the JSON of `value`: two requests are the same when their hashes are. */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** Runs `write` once per (user, key) in `tx`; see the module comment. */
export async function idempotent<T>(
  tx: Queryable,
  store: IdempotencyStore<T>,
  request: IdempotentRequest,
  write: () => Promise<T>,
): Promise<{ answer: T; replayed: boolean }> {
  if (request.key === undefined) return { answer: await write(), replayed: false };
  for (const name of [store.table, ...store.columns]) if (!IDENTIFIER.test(name)) throw new Error(`idempotency: bad identifier ${name}`);
  const hash = requestHash(request.body);
  await tx.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':wb-idem:' || $1 || ':' || $2))", [store.table, `${request.username}:${request.key}`], PREPARED);
  const [seen] = await tx.query<Record<string, unknown>>(
    `SELECT request_hash, ${store.columns.join(', ')} FROM ${store.table} WHERE username = $1 AND key = $2`,
    [request.username, request.key],
    PREPARED,
  );
  if (seen) {
    if (seen['request_hash'] !== hash) throw new AppError(422, ErrorCode.Unprocessable, store.reusedMessage ?? '该 Idempotency-Key 已用于另一个请求');
    return { answer: store.fromRow(seen), replayed: true };
  }
  const answer = await write();
  const values = store.toRow(answer);
  const placeholders = values.map((_, i) => `$${i + 5}`).join(', ');
  await tx.query(
    `INSERT INTO ${store.table} (key, username, request_hash, created_at, ${store.columns.join(', ')}) VALUES ($1, $2, $3, $4, ${placeholders})`,
    [request.key, request.username, hash, request.now, ...values],
    PREPARED,
  );
  return { answer, replayed: false };
}
