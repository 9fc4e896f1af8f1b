import type { FastifyBaseLogger } from 'fastify';
import { CONNECTION_VARIANTS } from '@wb/contracts/connection';
import { TICKET_PROCESSES } from '@wb/contracts/ticket';
import { migrate, withSessionLock } from '@wb/server-kit';
import type { Db, Migration } from '@wb/server-kit';
import type { AppConfig } from '../config.ts';
import { deployConnectionProcesses, seedConnections } from '../connection/index.ts';
import { deployTicketProcesses } from '../ticket/index.ts';
import { createWorkflowEngine } from '../workflow/index.ts';
import { seedCustomers } from './customers.ts';
import { isIdentityEmpty, seedIdentity } from './identity.ts';
import { seedTickets } from './tickets.ts';
import { seedBilling } from './billing.ts';
import { seedCustomerPortal } from './customer-portal.ts';
import { rebuildIndicators } from '../indicators/index.ts';

/**
 * The stages of the first start, in order; each records in `seed_stage` that it finished (docs/quality.md R9,
 * ADR 0020). A start runs every stage not recorded yet, so a start killed half-way is completed by the next.
 */
export const SEED_STAGES = ['identity', 'customers', 'processes', 'applications', 'tickets', 'billing', 'indicators', 'customerPortal'] as const;
export type SeedStage = (typeof SEED_STAGES)[number];

export const seedStageMigrations: Migration[] = [
  {
    id: 'seed/001_seed_stage',
    sql: `
CREATE TABLE seed_stage (
  stage       text PRIMARY KEY,
  finished_at timestamptz NOT NULL,
  report      jsonb
);
`,
  },
];

export interface FirstStartOptions {
  /** TEST ONLY: runs after a stage is recorded; throwing there stands in for a crash at that point. */
  afterStage?: (stage: SeedStage) => void | Promise<void>;
}

interface StageContext {
  db: Db;
  config: AppConfig;
  now: () => Date;
}

/** A stage's work; it returns a report, or null when its data was already there (nothing done). */
type StageRun = (ctx: StageContext) => Promise<Record<string, unknown> | null>;

/** 业扩报装's four process keys (the BPMN files are named after the variants). */
const CONNECTION_PROCESS_KEYS = Object.keys(CONNECTION_VARIANTS);

const INSERT_STAGE = `INSERT INTO seed_stage (stage, finished_at, report) VALUES ($1, $2, $3::jsonb) ON CONFLICT (stage) DO NOTHING`;

/**
 * Every stage is idempotent on its own, because a crash may fall between its commit and its record:
 * identity, customers and applications each commit in one transaction and skip when their data exists;
 * the process definitions are deployed and recorded in one transaction (a second deploy would add versions).
 * A database seeded before stages were recorded therefore gets its records without being seeded again.
 */
const STAGE_RUNS: Record<SeedStage, StageRun> = {
  async identity({ db, config }) {
    if (!(await isIdentityEmpty(db))) return null;
    const { createdUsers } = await seedIdentity(db, { demoPassword: config.demoPassword, demo: config.demo });
    return { createdUsers };
  },
  async customers({ db, config }) {
    const report = await seedCustomers(db, { customers: config.seedCustomers, seed: config.seed });
    return report.skipped ? null : { ...report };
  },
  async processes({ db, now }) {
    const engine = createWorkflowEngine({ now });
    engine.bind({ now, db });
    return db.transaction(async (tx) => {
      const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM wf_definition WHERE key = ANY($1)', [CONNECTION_PROCESS_KEYS]);
      const deployed = Number(row?.n ?? 0) > 0 ? null : await deployConnectionProcesses(tx, engine);
      const report = deployed ? { deployed: deployed.map((d) => `${d.key}@${d.version}`) } : null;
      await tx.query(INSERT_STAGE, ['processes', now(), JSON.stringify(report)]);
      return report;
    });
  },
  async applications({ db, now }) {
    // 业扩报装: about 50 applications in flight (needs the customer archive and the process definitions).
    const engine = createWorkflowEngine({ now });
    engine.bind({ now, db });
    const report = await seedConnections(db, engine, { now: now() });
    return report.skipped ? null : { ...report };
  },
  async tickets({ db, config, now }) {
    // 95598 (issue 12): the two ticket processes, then twelve months of tickets, a few dozen open on the engine,
    // and 停电信息. The deploy is skipped when a ticket process exists; the tickets when any ticket exists.
    const engine = createWorkflowEngine({ now });
    engine.bind({ now, db });
    await db.transaction(async (tx) => {
      const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM wf_definition WHERE key = ANY($1)', [Object.values(TICKET_PROCESSES)]);
      if (Number(row?.n ?? 0) === 0) await deployTicketProcesses(tx, engine);
    });
    const report = await seedTickets(db, engine, { now: now(), seed: config.seed });
    return report.skipped ? null : { ...report };
  },
  async billing({ db, config, now }) {
    // 电费账务 (issue 13): accounts, thirteen months of readings, twelve of receivables and payments, arrears and
    // 停复电; skipped when any receivable exists.
    const report = await seedBilling(db, { now: now(), seed: config.seed });
    return report.skipped ? null : { ...report };
  },
  async indicators({ db, now }) {
    // 营销运营监测 (issue 15, ADR 0047): the facts from what the stages above seeded; later the event stream keeps them.
    return rebuildIndicators(db, now());
  },
  async customerPortal({ db, config, now }) {
    // 掌上电力 (issue 14): three demo customers (README), in demo mode only; skipped when any customer exists.
    if (!config.demo) return null;
    const report = await seedCustomerPortal(db, { now: now() });
    return report.skipped ? null : { ...report };
  },
};

async function finishedStages(db: Db): Promise<Set<string>> {
  const rows = await db.query<{ stage: string }>('SELECT stage FROM seed_stage');
  return new Set(rows.map((r) => r.stage));
}

/**
 * First start: the org tree, posts, roles and (in demo mode) the demo accounts; customers (`SEED_CUSTOMERS`,
 * deterministic for `SEED`); the four 业扩报装 process definitions and the applications in flight; the 95598
 * ticket processes and tickets (issue 12); 电费账务 (issue 13).
 * Later starts find every stage recorded and keep the data. Returns whether any stage seeded something.
 */
export async function seedOnFirstStart(db: Db, config: AppConfig, log: FastifyBaseLogger, options: FirstStartOptions = {}): Promise<boolean> {
  await migrate(db, seedStageMigrations);
  // Two instances started at once on an empty PostgreSQL database would both seed (ADR 0070): the second waits
  // here for the first, then finds every stage recorded. PGlite: one process per data folder, no lock needed.
  return withSessionLock(db, 'seed/first-start', () => seedStages(db, config, log, options));
}

async function seedStages(db: Db, config: AppConfig, log: FastifyBaseLogger, options: FirstStartOptions): Promise<boolean> {
  const finished = await finishedStages(db);
  const now = (): Date => new Date();
  let seeded = false;
  for (const stage of SEED_STAGES) {
    if (finished.has(stage)) continue;
    if (stage === 'identity') log.info({ demo: config.demo }, 'seeding identity');
    const report = await STAGE_RUNS[stage]({ db, config, now });
    await db.query(INSERT_STAGE, [stage, now(), JSON.stringify(report)]);
    if (report) {
      seeded = true;
      log.info(report, `${stage} seeded`);
    } else {
      log.info(`${stage}: already present, recorded as finished`);
    }
    await options.afterStage?.(stage);
  }
  // The seed is a bulk load, and the stages after the customers change some of them (billing's 停电): a vacuum sets
  // the visibility map that lets a surname search read its index alone (ADR 0108), where autovacuum would wait for
  // a fifth of the table to change.
  if (seeded) await db.exec('VACUUM (ANALYZE) customer');
  return seeded;
}
