import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '@wb/server-kit';
import type { AppConfig } from '../config.ts';
import { isIdentityEmpty, seedIdentity } from './identity.ts';

/**
 * First start: an empty database gets the org tree, posts, roles and (in demo mode) the demo accounts.
 * Later starts keep the data. INTEGRATION: the customer seed (`config.seedCustomers`, `config.seed`) is
 * called here too.
 */
export async function seedOnFirstStart(db: Db, config: AppConfig, log: FastifyBaseLogger): Promise<boolean> {
  if (!(await isIdentityEmpty(db))) return false;
  log.info({ demo: config.demo }, 'empty database: seeding identity');
  const { createdUsers } = await seedIdentity(db, { demoPassword: config.demoPassword, demo: config.demo });
  log.info({ createdUsers }, 'identity seeded');
  return true;
}
