/**
 * `npm run seed -- --customers 1000000 [--seed 20260101]`: migrates and seeds the database of DATABASE_URL
 * (PostgreSQL) or DATA_DIR (embedded PGlite, default ./.data). Each step skips when its data exists.
 *
 * To seed another module, add a step: its migrations run first, then `run`.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createDb, migrate, type Db, type Migration } from '@wb/server-kit';
import { customerMigrations } from '../customer/index.ts';
import { ticketMigrations } from '../ticket/index.ts';
import { billingMigrations } from '../billing/index.ts';
import { seedBilling } from './billing.ts';
import { DEFAULT_CUSTOMERS, DEFAULT_SEED, MAX_CUSTOMERS, seedCustomers } from './customers.ts';
import { seedTickets } from './tickets.ts';

export interface SeedCliOptions {
  customers: number;
  seed: number;
}

export interface SeedStep {
  name: string;
  migrations: readonly Migration[];
  run(db: Db, options: SeedCliOptions): Promise<string>;
}

export const SEED_STEPS: readonly SeedStep[] = [
  {
    name: 'customers',
    migrations: customerMigrations,
    async run(db, options) {
      const report = await seedCustomers(db, options);
      if (report.skipped) return `skipped: ${report.customers} customers already present`;
      const perSecond = Math.round(report.customers / Math.max(report.elapsedMs / 1000, 0.001));
      return `${report.customers} customers, ${report.meters} meters, ${report.tgs} 台区 in ${report.elapsedMs} ms (${perSecond}/s)`;
    },
  },
  {
    // 95598 tickets (issue 12): twelve months archived at the research mix, scaled with the customers, and 停电信息.
    // Open tickets need the workflow engine: the server's first start seeds those.
    name: 'tickets',
    migrations: ticketMigrations,
    async run(db, options) {
      const report = await seedTickets(db, null, { now: new Date(), seed: options.seed });
      if (report.skipped) return 'skipped: tickets already present';
      return `${report.archived} archived tickets, ${report.outages} outage notices in ${report.elapsedMs} ms`;
    },
  },
  {
    // 电费账务 (issue 13): twelve months of readings, receivables and payments, arrears, 停复电.
    name: 'billing',
    migrations: billingMigrations,
    async run(db, options) {
      const report = await seedBilling(db, { now: new Date(), seed: options.seed });
      if (report.skipped) return 'skipped: receivables already present';
      return `${report.accounts} accounts, ${report.readings} readings, ${report.receivables} receivables, ${report.payments} payments (${Math.round(report.onTimeShare * 1000) / 10} % on time), ${report.arrearsCustomers} in arrears, ${report.cutoffs} cut off, in ${report.elapsedMs} ms`;
    },
  },
];

function integerOption(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new Error(`--${name} must be an integer from 0 to ${max}, got "${raw}"`);
  return value;
}

export function parseSeedArgs(args: readonly string[], env: Record<string, string | undefined>): SeedCliOptions {
  const { values } = parseArgs({
    args: [...args],
    options: { customers: { type: 'string' }, seed: { type: 'string' } },
    strict: true,
  });
  return {
    customers: integerOption(values.customers ?? env.SEED_CUSTOMERS, 'customers', DEFAULT_CUSTOMERS, MAX_CUSTOMERS),
    seed: integerOption(values.seed ?? env.SEED, 'seed', DEFAULT_SEED, 2 ** 31 - 1),
  };
}

async function main(): Promise<void> {
  const options = parseSeedArgs(process.argv.slice(2), process.env);
  // The same variables as the server (services/src/config.ts) for where the database lives.
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = process.env.DATA_DIR?.trim() || './.data';
  const db = await createDb({ databaseUrl, dataDir });
  try {
    console.log(`seeding ${databaseUrl ? 'PostgreSQL' : `PGlite in ${dataDir}`} (seed ${options.seed})`);
    for (const step of SEED_STEPS) {
      await migrate(db, step.migrations);
      console.log(`${step.name}: ${await step.run(db, options)}`);
    }
  } finally {
    await db.close();
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
