import { join } from 'node:path';
import { createPgliteDb } from './pglite.ts';
import { createPostgresDb } from './postgres.ts';
import type { Db } from './types.ts';

export interface CreateDbOptions {
  /** `postgres://…`: use PostgreSQL through a pool. Otherwise PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite only: the cluster lives in `<dataDir>/pg`. In memory when absent. */
  dataDir?: string | undefined;
  /** PostgreSQL only: pool size. Default 10. */
  poolMax?: number | undefined;
  /** PostgreSQL only: errors of idle pooled clients. Default: logged to stderr. */
  onPoolError?: ((error: Error) => void) | undefined;
}

export async function createDb(options: CreateDbOptions = {}): Promise<Db> {
  if (options.databaseUrl) {
    const db = createPostgresDb(
      { connectionString: options.databaseUrl, max: options.poolMax ?? 10 },
      options.onPoolError ? { onPoolError: options.onPoolError } : {},
    );
    // Fail at start, not at the first request, when the server is unreachable or the URL is wrong.
    await db.query('SELECT 1').catch(async (error: unknown) => {
      await db.close();
      throw error;
    });
    return db;
  }
  return createPgliteDb(options.dataDir ? { dataDir: join(options.dataDir, 'pg') } : {});
}
