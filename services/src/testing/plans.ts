/**
 * Query plans of what a request runs, for tests that require an index to serve a filter (ADR 0113, ADR 0114):
 * `recordStatements(db, pattern)` keeps every statement whose text matches `pattern` (run on `db` or in one of its
 * transactions) until `stop()`; `plansOf` explains them as PostgreSQL would plan them on a table too large to
 * read whole (sequential scans off), so that a filter no index can serve shows as a filter, not as an index range.
 */
import { expect } from 'vitest';
import type { Db, Executor } from '@wb/server-kit';

export interface Recorded {
  sql: string;
  params: unknown[];
}

export interface Recording {
  readonly statements: readonly Recorded[];
  stop(): void;
}

export function recordStatements(db: Db, pattern: RegExp): Recording {
  const statements: Recorded[] = [];
  const record = (sql: string, params: unknown[] | undefined): void => {
    // A copy: a caller may go on adding parameters to the array for its next statement.
    if (pattern.test(sql)) statements.push({ sql, params: [...(params ?? [])] });
  };
  const wrap = (q: Executor): Executor =>
    new Proxy(q, {
      get(target, key, receiver) {
        if (key !== 'query') return Reflect.get(target, key, receiver) as unknown;
        return (sql: string, params?: unknown[], options?: Parameters<Executor['query']>[2]) => {
          record(sql, params);
          return target.query(sql, params, options);
        };
      },
    });
  const { query, transaction } = db;
  db.query = <T>(sql: string, params?: unknown[], options?: Parameters<Executor['query']>[2]): Promise<T[]> => {
    record(sql, params);
    return query.call(db, sql, params, options) as Promise<T[]>;
  };
  db.transaction = <T>(fn: (tx: Executor) => Promise<T>): Promise<T> => transaction.call(db, (tx) => fn(wrap(tx))) as Promise<T>;
  return {
    statements,
    stop() {
      db.query = query;
      db.transaction = transaction;
    },
  };
}

/** The plan of each statement, as one text, with sequential scans off for the statement. */
export async function plansOf(db: Db, statements: readonly Recorded[]): Promise<string[]> {
  const plans: string[] = [];
  for (const s of statements) {
    plans.push(
      await db.transaction(async (tx) => {
        await tx.exec('SET LOCAL enable_seqscan = off');
        const rows = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${s.sql}`, s.params);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      }),
    );
  }
  return plans;
}

/**
 * Runs `request` while recording the statements that match `pattern`, and requires each of them to read a range of
 * an `org_path` index under `orgPath` (a filter by unit, ADR 0114): a code matched anywhere in the path is a filter
 * over every row instead, and fails.
 */
export async function expectOrgPathRange(db: Db, pattern: RegExp, orgPath: string, request: () => Promise<unknown>): Promise<void> {
  const recording = recordStatements(db, pattern);
  try {
    await request();
  } finally {
    recording.stop();
  }
  const plans = await plansOf(db, recording.statements);
  expect(plans.length).toBeGreaterThan(0);
  // An org path is digits and slashes: nothing in it is special in a pattern.
  for (const plan of plans) expect(plan).toMatch(new RegExp(`Index Cond: .*org_path ~>=~ '${orgPath}/'`));
}
