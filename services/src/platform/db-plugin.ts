import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createDb, describeTarget } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';

export interface DbPluginOptions {
  /** Use this database (tests). The caller keeps ownership and closes it. */
  db?: Db | undefined;
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  poolMax?: number | undefined;
  /** PGlite only: PGLITE_THREAD (ADR 0065). */
  pgliteThread?: 'worker' | 'main' | undefined;
  /** PostgreSQL only: DB_CONNECT_TIMEOUT_MS. */
  connectTimeoutMs?: number | undefined;
}

/** Decorates `app.db`: PGlite in `<dataDir>/pg`, or PostgreSQL when `databaseUrl` is set; closed with the app. */
async function dbPlugin(app: FastifyInstance, options: DbPluginOptions): Promise<void> {
  if (!options.db) {
    // A start that waits for the database says so (issue 9 item 12: it used to hang without a word).
    if (options.databaseUrl) app.log.info({ database: describeTarget(options.databaseUrl), timeoutMs: options.connectTimeoutMs }, 'connecting to PostgreSQL');
    else app.log.info({ dataDir: options.dataDir ?? '(in memory)' }, 'opening the embedded database');
  }
  const db =
    options.db ??
    (await createDb({
      databaseUrl: options.databaseUrl,
      dataDir: options.dataDir,
      poolMax: options.poolMax,
      pgliteThread: options.pgliteThread,
      connectTimeoutMs: options.connectTimeoutMs,
      onPoolError: (err) => app.log.warn({ err }, 'idle PostgreSQL client error (the pool reconnects on demand)'),
    }));
  app.decorate('db', db);
  if (!options.db) app.addHook('onClose', async () => db.close());
}

export default fp(dbPlugin, { name: 'wb-db', fastify: '5.x' });
