import { join } from 'node:path';
import { createPgliteDb } from './pglite.ts';
import { createPostgresDb } from './postgres.ts';
import type { Db } from './types.ts';
import { DbConnectTimeoutError } from './unavailable.ts';

/** DB_CONNECT_TIMEOUT_MS's default: how long a new PostgreSQL connection may take before it fails. */
const DEFAULT_DB_CONNECT_TIMEOUT_MS = 10_000;

export interface CreateDbOptions {
  /** `postgres://…`: use PostgreSQL through a pool. Otherwise PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite only: the cluster lives in `<dataDir>/pg`. In memory when absent. */
  dataDir?: string | undefined;
  /**
   * PGlite only: run the cluster in a worker thread (default; ADR 0065) or on this thread (`'main'`).
   */
  pgliteThread?: 'worker' | 'main' | undefined;
  /** PostgreSQL only: pool size. Default 10. */
  poolMax?: number | undefined;
  /**
   * PostgreSQL only: ms a new connection (TCP and startup) may take, at start and for every pooled connection
   * later. Default 10,000. A server that accepts and never answers then fails the start with a clear error.
   */
  connectTimeoutMs?: number | undefined;
  /** PostgreSQL only: errors of idle pooled clients. Default: logged to stderr. */
  onPoolError?: ((error: Error) => void) | undefined;
}

export async function createDb(options: CreateDbOptions = {}): Promise<Db> {
  if (options.databaseUrl) {
    const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_DB_CONNECT_TIMEOUT_MS;
    const db = createPostgresDb(
      { connectionString: options.databaseUrl, max: options.poolMax ?? 10, connectionTimeoutMillis: connectTimeoutMs },
      options.onPoolError ? { onPoolError: options.onPoolError } : {},
    );
    // Fail at start, not at the first request, when the server is unreachable or the URL is wrong.
    await db.query('SELECT 1').catch(async (error: unknown) => {
      await db.close();
      if (error instanceof Error && /timeout/i.test(error.message)) {
        throw new DbConnectTimeoutError(describeTarget(options.databaseUrl ?? ''), connectTimeoutMs, { cause: error });
      }
      throw error;
    });
    return db;
  }
  return createPgliteDb({
    ...(options.dataDir ? { dataDir: join(options.dataDir, 'pg') } : {}),
    thread: options.pgliteThread ?? 'worker',
  });
}

/** host:port/database of a URL, without the credentials (it goes into logs and errors). */
export function describeTarget(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}
