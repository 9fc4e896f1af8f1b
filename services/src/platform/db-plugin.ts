import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createDb } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';

export interface DbPluginOptions {
  /** Use this database (tests). The caller keeps ownership and closes it. */
  db?: Db | undefined;
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  poolMax?: number | undefined;
}

/** Decorates `app.db`: PGlite in `<dataDir>/pg`, or PostgreSQL when `databaseUrl` is set; closed with the app. */
async function dbPlugin(app: FastifyInstance, options: DbPluginOptions): Promise<void> {
  const db =
    options.db ??
    (await createDb({
      databaseUrl: options.databaseUrl,
      dataDir: options.dataDir,
      poolMax: options.poolMax,
      onPoolError: (err) => app.log.error({ err }, 'idle PostgreSQL client error'),
    }));
  app.decorate('db', db);
  if (!options.db) app.addHook('onClose', async () => db.close());
}

export default fp(dbPlugin, { name: 'wb-db', fastify: '5.x' });
