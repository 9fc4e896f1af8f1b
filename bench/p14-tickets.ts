/**
 * docs/quality.md P14 (issue 12): the 95598 desk on PostgreSQL.
 *
 *   npx tsx bench/p14-tickets.ts [--customers 1000000] [--lookups 400] [--tickets 1000] [--concurrency 20] [--rounds 8]
 *
 * Database: the benchmarks' own (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/wb_bench; never the
 * tests' `test`), schema `wb_bench_p14` (identity, workflow, customer and ticket tables; 1,000,000 customers seeded
 * on the first run — copied from another benchmark schema's identical archive when there is one, indexes built after
 * the load, bench/lib/bulk-seed.ts — and reused; the tickets and process instances of earlier runs are emptied at the
 * start).
 *
 * 1. **Caller lookup by phone** (来电弹屏 / the intake's search box): the ticket desk's `lookup` (customer port
 *    `lookupCallers`, open-ticket counts, 城乡类别, through server-kit's Db) against the very same statements through a
 *    bare `pg` pool, interleaved (alternating which goes first). Phones drawn deterministically from the customers.
 *    Targets: desk p95 ≤ 50 ms and ≤ 1.5× raw p95, each judged from the spread over `--rounds` consecutive blocks of
 *    the measured lookups (each block's desk p95 and desk ÷ raw p95). The last-four lookup is measured apart (not in
 *    the target).
 * 2. **Intake + dispatch at 20 concurrent**: per ticket, 受理 of a repair (`operations.create`, one transaction: the
 *    customer, the 工单号, the ticket row with its clocks, the `kf-repair` instance and its 派单 task, history, outbox,
 *    notices) then 派单 (`completeStep`, one transaction: lock and If-Match, the engine's completion creating 接单,
 *    the ticket's status and timeline). The raw side does the same writes per ticket as hand-written statements in
 *    the same two transactions (without the service's and engine's reads and checks). Paired rounds (`--rounds`, each
 *    `tickets ÷ rounds` a side), the side that goes first alternating from round to round. Target: service ÷ raw
 *    throughput ≥ 0.5×, judged from the rounds' p25–p75 (issue 19, ADR 0103); any failed write misses.
 * Figures under machine load are not trustworthy: rerun on a quiet machine.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createDb, migrate, type Db, type Principal } from '@wb/server-kit';
import { customerMigrations } from '../services/src/customer/index.ts';
import { identityMigrations } from '../services/src/identity/index.ts';
import { createRandom } from '../services/src/seed/customers-random.ts';
import { seedIdentity } from '../services/src/seed/identity.ts';
import { seedTicketReference } from '../services/src/seed/tickets.ts';
import { createDesk } from '../services/src/ticket/desk.ts';
import { TICKET_DOMAIN } from '../services/src/ticket/domain.ts';
import { ticketMigrations } from '../services/src/ticket/migrations.ts';
import { createTicketOperations, DEFAULT_TICKET_SETTINGS } from '../services/src/ticket/operations.ts';
import { deployTicketProcesses } from '../services/src/ticket/processes.ts';
import { createWorkflowEngine } from '../services/src/workflow/engine.ts';
import { workflowMigrations } from '../services/src/workflow/migrations.ts';
import { principalOf } from '../services/src/workflow/testing/fixtures.ts';
import { argument, definedOnly } from './lib/args.ts';
import { benchDatabaseUrl, ensureBenchDatabase, schemaUrl } from './lib/bench-db.ts';
import { seedBenchCustomers } from './lib/bulk-seed.ts';
import { failing, pairedRatios } from './lib/spreads.ts';
import { percentiles, pool, type Percentiles } from './lib/stats.ts';
import { combine, describe, verdictLabel, verdictOf, type Verdict, type VerdictWord } from './lib/verdict.ts';

export const P14_SCHEMA = 'wb_bench_p14';
/** A run at another size (\`--customers\`) keeps its own schema, so the 1,000,000-customer one stays whole. */
const schemaOf = (customers: number): string => (customers === 1_000_000 ? P14_SCHEMA : `${P14_SCHEMA}_${customers}`);
const TARGET_P95_MS = 50;
const TARGET_LOOKUP_RATIO = 1.5;
const TARGET_WRITE_RATIO = 0.5;

export interface P14Result {
  id: 'P14';
  customers: number;
  seed: { elapsedMs: number; source: string; rebuildMs: number } | null;
  /** `ratio`: desk ÷ raw p95 of all lookups pooled; `spread`: the same per block; `p95`: each block's desk p95 (ms). */
  lookup: { queries: number; desk: Percentiles; raw: Percentiles; ratio: number; spread: Verdict; p95: Verdict; tail: { desk: Percentiles; raw: Percentiles } };
  /** `ratio`: service ÷ raw throughput of all rounds pooled; `spread`: the same per paired round. */
  intake: {
    tickets: number;
    concurrency: number;
    rounds: number;
    service: { perSecond: number; elapsedMs: number };
    raw: { perSecond: number; elapsedMs: number };
    ratio: number;
    spread: Verdict;
    failures: number;
  };
  verdict: VerdictWord;
  pass: boolean;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}
async function prepare(databaseUrl: string, customers: number): Promise<{ db: Db; seed: P14Result['seed'] }> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schemaOf(customers)}`).finally(() => admin.end());
  const db = await createDb({ databaseUrl: schemaUrl(databaseUrl, schemaOf(customers)), poolMax: 25 });
  await migrate(db, [...identityMigrations, ...workflowMigrations, ...customerMigrations, ...ticketMigrations]);
  await seedIdentity(db, { demoPassword: 'Bench#Pass-2026', demo: true, scryptN: 2 ** 10 });
  // Tickets never change the archive: other benchmark schemas may copy it (bench/lib/bulk-seed.ts).
  const report = await seedBenchCustomers(databaseUrl, schemaOf(customers), { customers, pristine: true });
  // Earlier runs' tickets would merge this run's calls as 催办: start from none.
  await db.exec('TRUNCATE ticket, ticket_idempotency, ticket_branch, ticket_call, wf_instance, wf_outbox, wf_notification CASCADE');
  await db.transaction(async (tx) => {
    const [deployed] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM wf_definition WHERE key = 'kf-repair'`);
    if (!deployed?.n) await deployTicketProcesses(tx, createWorkflowEngine());
    await seedTicketReference(tx);
  });
  return { db, seed: report.skipped ? null : { elapsedMs: report.elapsedMs, source: report.source, rebuildMs: report.rebuildMs } };
}

/**
 * Customers picked with a fixed seed (P10's way: an offset each into the archive in 户号 order, in the offsets' order).
 * One numbered pass over the archive: an `OFFSET n` per pick read on average half a million index entries each, which
 * for P14's 2,000 picks took minutes at 1,000,000 customers.
 */
async function pickCustomers(db: Db, customers: number, n: number, seed: number): Promise<Array<{ consNo: string; name: string; phone: string; address: string }>> {
  const rng = createRandom(seed);
  const offsets = Array.from({ length: n }, () => rng.int(0, customers - 1));
  return db.query(
    `SELECT c.cons_no AS "consNo", c.name, c.phone, c.address
       FROM unnest($1::int[]) WITH ORDINALITY AS o(n, i)
       JOIN (SELECT cons_no, name, phone, address, row_number() OVER (ORDER BY cons_no) - 1 AS n FROM customer) c ON c.n = o.n
      ORDER BY o.i`,
    [offsets],
  );
}

// ---- 1. caller lookup ------------------------------------------------------------------------------------------

/** The desk's lookup statements (customer/ticket-port.ts `lookupCallers`, ticket/repository.ts), run raw. */
const RAW_SELECT = `SELECT c.cons_no, c.name, c.address, c.phone, c.category, c.status, c.org_unit_code, u.org_unit_name, c.org_path,
    c.tg_id, t.tg_name
  FROM customer c JOIN supply_unit u ON u.org_unit_code = c.org_unit_code JOIN tg t ON t.tg_id = c.tg_id`;
async function rawLookup(pool: pg.Pool, phone: string, tail: boolean): Promise<number> {
  const { rows } = await pool.query<{ cons_no: string; org_unit_code: string }>(
    `${RAW_SELECT} WHERE ${tail ? 'right(c.phone, 4) = $1' : 'c.phone = $1'} ORDER BY c.cons_no LIMIT 50`,
    [phone],
  );
  const consNos = rows.map((r) => r.cons_no.trim());
  if (consNos.length > 0) {
    await pool.query(`SELECT t.cons_no, count(*)::int AS n FROM ticket t WHERE t.cons_no = ANY($1::text[]) AND t.status NOT IN ('ARCHIVED', 'CLOSED') GROUP BY t.cons_no`, [consNos]);
  }
  for (const unit of new Set(rows.map((r) => r.org_unit_code))) await pool.query('SELECT area_class FROM ticket_area WHERE org_unit_code = $1', [unit]);
  return rows.length;
}

async function measureLookups(db: Db, pool: pg.Pool, phones: readonly string[], tail: boolean): Promise<{ desk: number[]; raw: number[] }> {
  const engine = createWorkflowEngine();
  const desk = createDesk({ db, engine, now: () => new Date(), settings: DEFAULT_TICKET_SETTINGS });
  const out = { desk: [] as number[], raw: [] as number[] };
  for (let round = 0; round < 2; round++) {
    for (const [i, phone] of phones.entries()) {
      const q = tail ? phone.slice(-4) : phone;
      const a = () => desk.lookup(q, undefined);
      const b = () => rawLookup(pool, q, tail);
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
      const t1 = await time(first);
      const t2 = await time(second);
      if (round === 0) continue; // warm-up
      out.desk.push(i % 2 === 0 ? t1 : t2);
      out.raw.push(i % 2 === 0 ? t2 : t1);
    }
  }
  return out;
}

/** The measured lookups cut into `blocks` consecutive runs of pairs (each alternating which side goes first), with each block's percentiles. */
function inBlocks(pairs: { desk: number[]; raw: number[] }, blocks: number): Array<{ desk: Percentiles; raw: Percentiles }> {
  const n = pairs.desk.length;
  return Array.from({ length: blocks }, (_, b) => {
    const [from, to] = [Math.floor((n * b) / blocks), Math.floor((n * (b + 1)) / blocks)];
    return { desk: percentiles(pairs.desk.slice(from, to)), raw: percentiles(pairs.raw.slice(from, to)) };
  });
}

// ---- 2. intake + dispatch ----------------------------------------------------------------------------------------

type Caller = { consNo: string; name: string; phone: string; address: string };

/** The raw side: the same writes as 受理 and 派单 of a repair, by hand, in the same two transactions. */
function rawSide(db: Db, processVersion: () => number) {
  return async (c: Caller): Promise<void> => {
    const now = new Date();
    const instanceId = randomUUID();
    const dispatchTask = randomUUID();
    const [unit] = await db.query<{ org_unit_code: string; org_path: string; org_unit_name: string; tg_id: string }>(
      'SELECT c.org_unit_code, c.org_path, u.org_unit_name, c.tg_id FROM customer c JOIN supply_unit u ON u.org_unit_code = c.org_unit_code WHERE c.cons_no = $1',
      [c.consNo],
    );
    if (!unit) throw new Error('no customer');
    const clocks = JSON.stringify([{ clock: 'arrive', startAt: now.toISOString(), dueAt: new Date(now.getTime() + 45 * 60_000).toISOString(), stoppedAt: null }]);
    const ticketNo = await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':wb-ticket-no'))");
      const [max] = await tx.query<{ max: string | null }>("SELECT max(ticket_no) AS max FROM ticket WHERE ticket_no BETWEEN '2026000000000000' AND '2026999999999999'");
      const no = `2026${String(max?.max ? Number(max.max.slice(4)) + 1 : 1).padStart(12, '0')}`;
      await tx.query(
        `INSERT INTO ticket (ticket_no, type, source, caller_no, contact_name, contact_phone, cons_no, cons_name, address, content, urgency, area_class,
           org_unit_code, org_unit_name, org_path, tg_id, status, accepted_at, accepted_by, accepted_by_name, priority, clocks, next_due_at, timeline, updated_at)
         VALUES ($1, 'REPAIR', 'PHONE', $2, $3, $2, $4, $3, $5, '家中停电', 'NORMAL', 'urban', $6, $7, $8, $9, 'DISPATCH', $10, 'kf01', '张敏', 0, $11::jsonb, $12, $13::jsonb, $10)`,
        [no, c.phone, c.name.slice(0, 32), c.consNo, c.address, unit.org_unit_code, unit.org_unit_name, unit.org_path, unit.tg_id, now, clocks,
          new Date(now.getTime() + 45 * 60_000), JSON.stringify([{ at: now.toISOString(), kind: 'ACCEPT', title: '受理', actor: 'kf01', actorName: '张敏', text: '故障报修：家中停电' }])],
      );
      await tx.query(
        `INSERT INTO wf_instance (id, process_key, process_version, business_key, business_title, org_unit_code, org_path, initiator, status, variables, started_at)
         VALUES ($1, 'kf-repair', $2, $3, $4, $5, $6, 'kf01', 'RUNNING', $7::jsonb, $8)`,
        [instanceId, processVersion(), no, `故障报修｜${c.name}`, unit.org_unit_code, unit.org_path, JSON.stringify({ type: 'REPAIR', consNo: c.consNo }), now],
      );
      await tx.query(
        `INSERT INTO wf_task (id, instance_id, node_key, state, cand_kind, cand_value, cand_org, created_at, scope) VALUES ($1, $2, 'dispatch', 'OPEN', 'post', 'KF_DISPATCH', '3340180', $3, '')`,
        [dispatchTask, instanceId, now],
      );
      await tx.query(
        `INSERT INTO wf_history (instance_id, task_id, at, action, actor, actor_name, from_node, to_nodes, outcome, opinion, form)
         VALUES ($1, NULL, $2, 'START', 'kf01', '张敏', 'start', ARRAY['dispatch'], NULL, '', '{}'::jsonb)`,
        [instanceId, now],
      );
      await tx.query(`INSERT INTO wf_outbox (topic, payload, created_at) VALUES ('instance.started', $1::jsonb, $3), ('task.created', $2::jsonb, $3)`, [
        JSON.stringify({ instanceId, processKey: 'kf-repair', businessKey: no }),
        JSON.stringify({ taskId: dispatchTask, instanceId, nodeKey: 'dispatch' }),
        now,
      ]);
      await tx.query(
        `INSERT INTO wf_notification (id, username, kind, title, body, link, dedupe_key, created_at, task_id) VALUES ($1, 'kf02', 'ASSIGNED', '新待办：派单', $2, $3, $4, $5, $6)`,
        [randomUUID(), no, `/inbox?task=${dispatchTask}`, `assigned:${dispatchTask}:kf02`, now, dispatchTask],
      );
      return no;
    });
    await db.transaction(async (tx) => {
      const at = new Date();
      const [row] = await tx.query<{ version: number }>('SELECT version FROM ticket WHERE ticket_no = $1 FOR UPDATE', [ticketNo]);
      if (!row) throw new Error('ticket gone');
      const done = await tx.query(
        `UPDATE wf_task SET state = 'COMPLETED', assignee = 'kf02', claimed_at = $2, done_seq = nextval('wf_task_done_seq'), completed_at = $2, completed_by = 'kf02', version = version + 1
          WHERE id = $1 AND state IN ('OPEN', 'CLAIMED') RETURNING id`,
        [dispatchTask, at],
      );
      if (done.length === 0) throw new Error('conflict');
      const acceptTask = randomUUID();
      await tx.query(
        `INSERT INTO wf_task (id, instance_id, node_key, state, cand_kind, cand_value, cand_org, created_at, prev_task, scope) VALUES ($1, $2, 'accept', 'OPEN', 'post', 'QX_REPAIR', $3, $4, $5, '')`,
        [acceptTask, instanceId, unit.org_unit_code, at, dispatchTask],
      );
      await tx.query(
        `INSERT INTO wf_history (instance_id, task_id, at, action, actor, actor_name, from_node, to_nodes, outcome, opinion, form)
         VALUES ($1, $2, $3, 'COMPLETE', 'kf02', '陈静', 'dispatch', ARRAY['accept'], NULL, '', $4::jsonb)`,
        [instanceId, dispatchTask, at, JSON.stringify({ orgUnitName: unit.org_unit_name })],
      );
      await tx.query(`DELETE FROM wf_notification WHERE task_id = $1 AND read_at IS NULL`, [dispatchTask]);
      await tx.query(
        `INSERT INTO wf_outbox (topic, payload, created_at) VALUES ('notice.withdrawn', $1::jsonb, $4), ('task.completed', $2::jsonb, $4), ('task.created', $3::jsonb, $4)`,
        [JSON.stringify({ usernames: ['kf02'], taskIds: [dispatchTask] }), JSON.stringify({ taskId: dispatchTask, instanceId, nodeKey: 'dispatch' }), JSON.stringify({ taskId: acceptTask, instanceId, nodeKey: 'accept' }), at],
      );
      await tx.query(
        `UPDATE ticket SET status = 'ACCEPT', dispatched_at = $2, timeline = timeline || $3::jsonb, version = version + 1, updated_at = $2 WHERE ticket_no = $1`,
        [ticketNo, at, JSON.stringify([{ at: at.toISOString(), kind: 'DISPATCH', title: '派单', actor: 'kf02', actorName: '陈静', text: `派至${unit.org_unit_name}` }])],
      );
    });
  };
}

export async function run(options: { customers?: number; lookups?: number; tickets?: number; concurrency?: number; rounds?: number; databaseUrl?: string } = {}): Promise<P14Result> {
  const customers = options.customers ?? 1_000_000;
  const tickets = options.tickets ?? 1000;
  const concurrency = options.concurrency ?? 20;
  const rounds = Math.max(1, options.rounds ?? 8);
  const databaseUrl = await ensureBenchDatabase(options.databaseUrl ?? benchDatabaseUrl());
  const { db, seed } = await prepare(databaseUrl, customers);
  const raw = new pg.Pool({ connectionString: schemaUrl(databaseUrl, schemaOf(customers)), max: 25 });
  try {
    // 1. lookups
    const callers = await pickCustomers(db, customers, options.lookups ?? 400, 14);
    const phones = callers.map((c) => c.phone).filter((p) => /^\d{7,12}$/.test(p));
    const full = await measureLookups(db, raw, phones, false);
    const tail = await measureLookups(db, raw, phones.slice(0, 100), true);
    const desk = percentiles(full.desk);
    const rawP = percentiles(full.raw);
    const blocks = inBlocks(full, rounds);
    const lookupSpread = verdictOf(pairedRatios(blocks.map((b) => b.desk.p95), blocks.map((b) => b.raw.p95)), { op: '≤', value: TARGET_LOOKUP_RATIO });
    const lookupP95 = verdictOf(blocks.map((b) => b.desk.p95), { op: '≤', value: TARGET_P95_MS, unit: ' ms' });

    // 2. intake + dispatch
    const engine = createWorkflowEngine();
    engine.registerDomain(TICKET_DOMAIN);
    const ops = createTicketOperations({ db, engine, now: () => new Date() });
    const [kf01, kf02] = [await principalOf(db, 'kf01'), await principalOf(db, 'kf02')];
    const [def] = await db.query<{ version: number }>(`SELECT max(version)::int AS version FROM wf_definition WHERE key = 'kf-repair'`);
    const picked = await pickCustomers(db, customers, tickets * 2, 1414);
    const distinct = [...new Map(picked.map((c) => [c.consNo, c])).values()];
    const serviceCallers = distinct.filter((_, i) => i % 2 === 0).slice(0, tickets);
    const rawCallers = distinct.filter((_, i) => i % 2 === 1).slice(0, tickets);
    const serviceSide = async (c: Caller): Promise<void> => {
      const { ticketNo } = await ops.create({ actor: kf01, scope: undefined }, {
        type: 'REPAIR', source: 'PHONE', consNo: c.consNo, contactName: c.name.slice(0, 32), contactPhone: /^1\d{10}$/.test(c.phone) ? c.phone : '13800000000',
        address: c.address.slice(0, 128), content: '家中停电', urgency: 'NORMAL', answeredOnCall: false,
      } as Parameters<typeof ops.create>[1]);
      await ops.completeStep({ actor: kf02 as Principal, scope: undefined }, ticketNo, 'dispatch', {});
    };
    const rawWrite = rawSide(db, () => def?.version ?? 1);
    const n = Math.min(serviceCallers.length, rawCallers.length);
    const sides = { service: 0, raw: 0 };
    const perRound = { service: [] as number[], raw: [] as number[] };
    let failures = 0;
    const timed = async (side: 'service' | 'raw', callers: readonly Caller[]): Promise<void> => {
      const at = performance.now();
      failures += await pool(callers, concurrency, side === 'service' ? serviceSide : rawWrite);
      const ms = performance.now() - at;
      sides[side] += ms;
      perRound[side].push((callers.length * 1000) / ms);
    };
    // Paired rounds, the side that goes first alternating: neither always writes into the other's fresh pages.
    for (let r = 0; r < rounds; r++) {
      const [from, to] = [Math.floor((n * r) / rounds), Math.floor((n * (r + 1)) / rounds)];
      const order: Array<'service' | 'raw'> = r % 2 === 0 ? ['raw', 'service'] : ['service', 'raw'];
      for (const side of order) await timed(side, (side === 'service' ? serviceCallers : rawCallers).slice(from, to));
    }
    const service = { perSecond: Math.round((n * 1000) / sides.service), elapsedMs: Math.round(sides.service) };
    const rawSideResult = { perSecond: Math.round((n * 1000) / sides.raw), elapsedMs: Math.round(sides.raw) };
    const writeRatio = round(service.perSecond / rawSideResult.perSecond);
    const writeSpread = failing(verdictOf(pairedRatios(perRound.service, perRound.raw), { op: '≥', value: TARGET_WRITE_RATIO }), failures);
    const lookupRatio = round(desk.p95 / rawP.p95);
    const verdict = combine([lookupSpread, lookupP95, writeSpread]);
    return {
      id: 'P14',
      customers,
      seed,
      lookup: { queries: full.desk.length, desk, raw: rawP, ratio: lookupRatio, spread: lookupSpread, p95: lookupP95, tail: { desk: percentiles(tail.desk), raw: percentiles(tail.raw) } },
      intake: { tickets: n, concurrency, rounds, service, raw: rawSideResult, ratio: writeRatio, spread: writeSpread, failures },
      verdict,
      pass: verdict === 'meets',
    };
  } finally {
    await raw.end();
    await db.close();
  }
}

export function describeP14(r: P14Result): string {
  const l = r.lookup;
  const w = r.intake;
  return (
    `lookup by phone: desk p50 ${l.desk.p50} / p95 ${l.desk.p95} ms vs raw p50 ${l.raw.p50} / p95 ${l.raw.p95} ms = ${l.ratio}×, ` +
    `desk ÷ raw p95 per block **${describe(l.spread)}**, desk p95 per block ${describe(l.p95, 1)}; ` +
    `last four p95 ${l.tail.desk.p95} ms (raw ${l.tail.raw.p95}); intake + dispatch at ${w.concurrency}: service ${w.service.perSecond}/s vs raw ${w.raw.perSecond}/s = ${w.ratio}×, ` +
    `per round **${describe(w.spread)}** (${w.tickets} tickets a side in ${w.rounds} rounds, failures ${w.failures})`
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const opts = { customers: argument('customers'), lookups: argument('lookups'), tickets: argument('tickets'), concurrency: argument('concurrency'), rounds: argument('rounds') };
  run(definedOnly(opts)).then(
    (r) => {
      if (r.seed) console.log(`seeded ${r.customers} customers in ${r.seed.elapsedMs} ms (${r.seed.source}; indexes and keys after the load ${r.seed.rebuildMs} ms)`);
      console.log(`P14 (${r.customers} customers): ${describeP14(r)} — ${verdictLabel(r.verdict)}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
