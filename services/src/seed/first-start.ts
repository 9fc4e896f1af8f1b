import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '@wb/server-kit';
import type { AppConfig } from '../config.ts';
import { seedConnectionsOnFirstStart } from '../connection/index.ts';
import { seedCustomers } from './customers.ts';
import { isIdentityEmpty, seedIdentity } from './identity.ts';

/**
 * First start: an empty database gets the org tree, posts, roles and (in demo mode) the demo accounts.
 * Later starts keep the data. Customers (`SEED_CUSTOMERS`, deterministic for `SEED`) are seeded with them.
 */
export async function seedOnFirstStart(db: Db, config: AppConfig, log: FastifyBaseLogger): Promise<boolean> {
  if (!(await isIdentityEmpty(db))) return false;
  log.info({ demo: config.demo }, 'empty database: seeding identity');
  const { createdUsers } = await seedIdentity(db, { demoPassword: config.demoPassword, demo: config.demo });
  log.info({ createdUsers }, 'identity seeded');
  const customers = await seedCustomers(db, { customers: config.seedCustomers, seed: config.seed });
  log.info(customers, 'customers seeded');
  // 业扩报装: the four process definitions and about 50 applications in flight (needs the customer archive).
  const connections = await seedConnectionsOnFirstStart(db);
  log.info(connections, 'connection processes deployed and applications seeded');
  return true;
}
