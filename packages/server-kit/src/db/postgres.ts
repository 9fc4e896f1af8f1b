import { createHash } from 'node:crypto';
import pg from 'pg';
import type { PoolClient, PoolConfig, QueryConfig } from 'pg';
import { trackCommit } from './on-commit.ts';
import { registerSessionLocker } from './session-lock.ts';
import { createTxGuard } from './tx-guard.ts';
import type { Db, Executor, QueryOptions } from './types.ts';

const INT8_OID = 20;
const DATE_OID = 1082;
const TIMESTAMP_OID = 1114;

/**
 * Parsers that make node-postgres return what PGlite returns, so code and tests behave alike:
 * int8 (count(*), bigserial) as number (exact up to 2^53), date as 'YYYY-MM-DD', and timestamp without
 * time zone read as UTC (node-postgres would use the server process's local time zone).
 */
const sameAsPglite = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === DATE_OID) return (value: string) => value;
    if (oid === TIMESTAMP_OID) return (value: string) => (/^\d{4}-/.test(value) ? new Date(`${value.replace(' ', 'T')}Z`) : value);
    return pg.types.getTypeParser(oid, format);
  },
} as PoolConfig['types'];

export interface PostgresDbHooks {
  /** Runs after the pool has ended (test helper drops its schema here). */
  afterClose?: () => Promise<void>;
  /** Idle-client errors (server restart, network); without a listener they would crash the process. */
  onPoolError?: (error: Error) => void;
}

/** Statements a `Db` names (as PGlite's cluster keeps, ADR 0094); any further text runs unnamed. */
export const MAX_PREPARED_PG = 200;

/**
 * `{ prepare: true }` on PostgreSQL (ADR 0097): the statement goes as node-pg's named statement, its name derived from
 * a hash of the text. node-pg parses a name once per pooled connection (`parsedStatements`) and from then on sends
 * only Bind and Execute to it, so PostgreSQL keeps the analysis and, from the sixth run, the generic plan when it
 * costs no more than the custom ones. A statement that fails to parse is not kept (node-pg forgets the name).
 */
function statementNamer(): (sql: string, options: QueryOptions | undefined) => string | QueryConfig {
  const names = new Map<string, string>();
  return (sql, options) => {
    if (!options?.prepare) return sql;
    let name = names.get(sql);
    if (name === undefined) {
      if (names.size >= MAX_PREPARED_PG) return sql;
      name = `wb_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`;
      names.set(sql, name);
    }
    return { name, text: sql };
  };
}

/**
 * The session no longer knows a name node-pg believes parsed (SQLSTATE 26000, e.g. after `DEALLOCATE`), or a table
 * under a kept plan changed its columns (0A000, "cached plan must not change result type"): the connection's statements
 * are stale, so it is destroyed instead of going back to the pool, and the next transaction prepares afresh.
 */
const staleStatements = (error: unknown): boolean => ['26000', '0A000'].includes((error as { code?: string })?.code ?? '');

function wrapClient(client: PoolClient, named: ReturnType<typeof statementNamer>, onStale: (error: Error) => void): Executor {
  return {
    async query<T>(sql: string, params?: unknown[], options?: QueryOptions) {
      const statement = named(sql, options);
      try {
        return (await client.query(statement, params)).rows as T[];
      } catch (error) {
        if (typeof statement !== 'string' && staleStatements(error)) onStale(error as Error);
        throw error;
      }
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

export function createPostgresDb(config: PoolConfig, hooks: PostgresDbHooks = {}): Db {
  const pool = new pg.Pool({ ...config, types: sameAsPglite });
  pool.on('error', hooks.onPoolError ?? ((error) => console.error('[db] idle PostgreSQL client error', error)));
  const guard = createTxGuard();
  const named = statementNamer();
  let closed = false;
  const db: Db = {
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[], options?: QueryOptions) {
      guard.assertOutside();
      // A pooled query that fails is released with its error, so a connection with stale statements is destroyed.
      return (await pool.query(named(sql, options), params)).rows as T[];
    },
    async exec(sql: string) {
      guard.assertOutside();
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Executor) => Promise<T>) {
      guard.assertOutside();
      const client = await pool.connect();
      let broken: Error | undefined;
      const executor = wrapClient(client, named, (error) => {
        broken = error;
      });
      const tracked = trackCommit(executor);
      try {
        await client.query('BEGIN');
        const result = await guard.run(() => fn(executor));
        await client.query('COMMIT');
        tracked.committed();
        return result;
      } catch (error) {
        // A failed ROLLBACK leaves the connection in an unknown state: destroy it rather than reuse it.
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        tracked.discard();
        client.release(broken);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
      await hooks.afterClose?.();
    },
  };
  // withSessionLock (session-lock.ts): a connection of its own, outside the pool, so that the work under the lock
  // can use every pooled connection (even with DB_POOL_MAX=1); PostgreSQL releases the lock if this process dies.
  registerSessionLocker(db, async (name, fn) => {
    const client = new pg.Client({ ...config, types: sameAsPglite });
    client.on('error', hooks.onPoolError ?? ((error) => console.error('[db] lock connection error', error)));
    await client.connect();
    try {
      await client.query(`SELECT pg_advisory_lock(hashtext(current_schema() || '/' || $1))`, [name]);
      return await fn();
    } finally {
      // Ending the session releases the lock whether or not the unlock below got through.
      await client.query(`SELECT pg_advisory_unlock(hashtext(current_schema() || '/' || $1))`, [name]).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  });
  return db;
}
