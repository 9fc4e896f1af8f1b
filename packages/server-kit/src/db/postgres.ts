import pg from 'pg';
import type { PoolClient, PoolConfig } from 'pg';
import { trackCommit } from './on-commit.ts';
import { registerSessionLocker } from './session-lock.ts';
import { createTxGuard } from './tx-guard.ts';
import type { Db, Executor } from './types.ts';

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

function wrapClient(client: PoolClient): Executor {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params)).rows as T[];
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
  let closed = false;
  const db: Db = {
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      guard.assertOutside();
      return (await pool.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      guard.assertOutside();
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Executor) => Promise<T>) {
      guard.assertOutside();
      const client = await pool.connect();
      let broken: Error | undefined;
      const executor = wrapClient(client);
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
