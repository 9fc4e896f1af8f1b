/**
 * docs/quality.md P7: complete 1000 workflow tasks at 20 concurrent through the engine, against raw SQL doing the
 * same updates. Target: engine throughput ≥ 0.5× raw; exactly 1000 COMPLETE history rows.
 *
 *   npx tsx bench/p7-workflow.ts [--tasks 1000] [--concurrency 20]
 *
 * On PGlite and, when reachable, on PostgreSQL in the benchmarks' own database (BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/wb_bench; never the tests' `test`) with a pool of 25 (a fresh schema,
 * dropped afterwards). Each side gets its own 1000 started instances of a
 * one-task process (task → end). The engine side calls `engine.complete` (actor check, version guard, history,
 * outbox, token moved to the end event, instance ended). The raw side runs, per task and in one transaction, the
 * very same writes as hand-written statements: the guarded task UPDATE, the COMPLETE and END history rows (one
 * INSERT), the task.completed and instance.ended events (one INSERT), the instance UPDATE to COMPLETED with its
 * variables — what the engine writes, without its reads (task + instance, actor check) and bookkeeping.
 * The engine writes those rows, and withdraws the task's notice (a DELETE and a notice.withdrawn event) and reads
 * the inbox audience besides, in two statements (ADR 0078): the guarded UPDATE with the notices' DELETE, then one
 * statement of CTEs for instance, history and events; both are sent prepared (ADR 0094: on PGlite parsed and
 * planned once, not at every completion). The raw side keeps its four plain statements, unnamed.
 * The sides alternate in halves (raw, engine, raw, engine) so machine load hits both alike.
 */
import { pathToFileURL } from 'node:url';
import type { Db, DbKind, Principal } from '@wb/server-kit';
import { testDbKinds } from '@wb/server-kit/testing';
import { createWorkflowEngine } from '../services/src/workflow/engine.ts';
import { createWorkflowDb } from '../services/src/workflow/testing/db.ts';
import { useBenchDatabaseForTestHelpers } from './lib/bench-db.ts';
import { SIMPLE_XML, principalOf } from '../services/src/workflow/testing/fixtures.ts';
import { pool } from './lib/stats.ts';
import { combine, describe, verdictLabel, verdictOf } from './lib/verdict.ts';
import type { Verdict, VerdictWord } from './lib/verdict.ts';

const TARGET_RATIO = 0.5;

export interface P7Side {
  tasksPerSecond: number;
  elapsedMs: number;
}

export interface P7DbResult {
  db: DbKind;
  tasks: number;
  concurrency: number;
  engine: P7Side;
  raw: P7Side;
  /** engine ÷ raw throughput over all rounds */
  ratio: number;
  /** engine ÷ raw throughput of each paired round (which side goes first alternates), with its verdict. */
  spread: Verdict;
  /** COMPLETE history rows written by the engine side (must equal `tasks`). */
  historyRows: number;
  /** Engine completions refused (must be 0). */
  failures: number;
  pass: boolean;
}

export interface P7Result {
  id: 'P7';
  results: P7DbResult[];
  /** The spreads' verdicts combined; a wrong history count or a refused completion misses. */
  verdict: VerdictWord;
  pass: boolean;
}

async function startTasks(db: Db, engine: ReturnType<typeof createWorkflowEngine>, actor: Principal, prefix: string, n: number): Promise<Array<{ id: string; instanceId: string; version: number }>> {
  const out: Array<{ id: string; instanceId: string; version: number }> = [];
  for (let i = 0; i < n; i += 50) {
    await db.transaction(async (tx) => {
      for (let j = i; j < Math.min(n, i + 50); j++) {
        const started = await engine.start(tx, actor, { processKey: 'p7', businessKey: `${prefix}-${j}`, businessTitle: `P7 ${j}`, orgUnitCode: '334010101' });
        const task = started.openTasks[0] as { id: string; version: number };
        out.push({ id: task.id, instanceId: started.instanceId, version: task.version });
      }
    });
  }
  return out;
}

async function runOn(kind: DbKind, tasks: number, concurrency: number, rounds: number): Promise<P7DbResult> {
  const db = await createWorkflowDb(kind, 25);
  try {
    const engine = createWorkflowEngine();
    const actor = await principalOf(db, 'yk01');
    await db.transaction((tx) => engine.deploy(tx, actor, SIMPLE_XML('p7', 'user:yk01')));
    const engineTasks = await startTasks(db, engine, actor, 'E', tasks);
    const rawTasks = await startTasks(db, engine, actor, 'R', tasks);

    const completeEngine = async (t: { id: string; version: number }): Promise<void> => {
      await db.transaction((tx) => engine.complete(tx, actor, t.id, { opinion: '同意', form: { n: 1 }, expectedVersion: t.version }));
    };
    const completeRaw = async (t: { id: string; instanceId: string; version: number }): Promise<void> => {
      await db.transaction(async (tx) => {
        const now = new Date();
        const done = await tx.query(
          `UPDATE wf_task SET state = 'COMPLETED', assignee = $2, claimed_at = COALESCE(claimed_at, $3), done_seq = nextval('wf_task_done_seq'),
              completed_at = $3, completed_by = $2, outcome = NULL, version = version + 1
            WHERE id = $1 AND state IN ('OPEN', 'CLAIMED') AND version = $4 RETURNING id`,
          [t.id, 'yk01', now, t.version],
        );
        if (done.length === 0) throw new Error('conflict');
        await tx.query(
          `INSERT INTO wf_history (instance_id, task_id, at, action, actor, actor_name, from_node, to_nodes, outcome, opinion, form)
           VALUES ($1, $2, $3, 'COMPLETE', 'yk01', '李强', 'task', ARRAY['end'], NULL, '同意', '{"n":1}'::jsonb),
                  ($1, NULL, $3, 'END', 'yk01', '李强', 'end', '{}', NULL, '', '{}'::jsonb)`,
          [t.instanceId, t.id, now],
        );
        await tx.query(`INSERT INTO wf_outbox (topic, payload, created_at) VALUES ('task.completed', $1::jsonb, $3), ('instance.ended', $2::jsonb, $3)`, [
          JSON.stringify({ taskId: t.id, instanceId: t.instanceId }),
          JSON.stringify({ instanceId: t.instanceId }),
          now,
        ]);
        await tx.query(`UPDATE wf_instance SET status = 'COMPLETED', ended_at = $2, variables = '{"n":1}'::jsonb, version = version + 1 WHERE id = $1`, [t.instanceId, now]);
      });
    };

    // Paired rounds (issue 19): each completes an equal slice on both sides, the side going first alternating,
    // so drift in the machine's load shows as spread instead of moving one side only.
    const sides = { engine: { ms: 0, failures: 0 }, raw: { ms: 0, failures: 0 } };
    const perRound: number[] = [];
    const timed = async (fn: () => Promise<number>, side: { ms: number; failures: number }): Promise<number> => {
      const at = performance.now();
      side.failures += await fn();
      const ms = performance.now() - at;
      side.ms += ms;
      return ms;
    };
    for (let round = 0; round < rounds; round++) {
      const from = Math.floor((tasks * round) / rounds);
      const to = Math.floor((tasks * (round + 1)) / rounds);
      const raw = (): Promise<number> => timed(() => pool(rawTasks.slice(from, to), concurrency, completeRaw), sides.raw);
      const eng = (): Promise<number> => timed(() => pool(engineTasks.slice(from, to), concurrency, completeEngine), sides.engine);
      let rawMs: number;
      let engineMs: number;
      if (round % 2 === 0) {
        rawMs = await raw();
        engineMs = await eng();
      } else {
        engineMs = await eng();
        rawMs = await raw();
      }
      perRound.push(rawMs / engineMs);
    }
    const [history] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM wf_history h JOIN wf_instance i ON i.id = h.instance_id WHERE h.action = 'COMPLETE' AND i.business_key LIKE 'E-%'`,
    );
    const engineSide = { tasksPerSecond: (tasks * 1000) / sides.engine.ms, elapsedMs: Math.round(sides.engine.ms) };
    const rawSide = { tasksPerSecond: (tasks * 1000) / sides.raw.ms, elapsedMs: Math.round(sides.raw.ms) };
    const ratio = engineSide.tasksPerSecond / rawSide.tasksPerSecond;
    const historyRows = history?.n ?? 0;
    const spread = verdictOf(perRound, { op: '≥', value: TARGET_RATIO });
    return {
      db: kind,
      tasks,
      concurrency,
      engine: engineSide,
      raw: rawSide,
      ratio,
      spread,
      historyRows,
      failures: sides.engine.failures + sides.raw.failures,
      pass: spread.verdict !== 'misses' && historyRows === tasks && sides.engine.failures === 0,
    };
  } finally {
    await db.close();
  }
}

export async function run(options: { tasks?: number; concurrency?: number; rounds?: number } = {}): Promise<P7Result> {
  const tasks = options.tasks ?? 1000;
  const concurrency = options.concurrency ?? 20;
  const rounds = options.rounds ?? 10;
  const results: P7DbResult[] = [];
  const kinds = testDbKinds();
  if (kinds.includes('postgres')) await useBenchDatabaseForTestHelpers();
  for (const kind of kinds) results.push(await runOn(kind, tasks, concurrency, rounds));
  const verdict: VerdictWord = results.some((r) => !r.pass) ? 'misses' : combine(results.map((r) => r.spread));
  return { id: 'P7', results, verdict, pass: verdict === 'meets' };
}

function print(r: P7Result): void {
  for (const x of r.results) {
    console.log(
      `P7 ${x.db}: engine ${x.engine.tasksPerSecond.toFixed(0)} tasks/s (${x.engine.elapsedMs} ms) vs raw ${x.raw.tasksPerSecond.toFixed(0)} tasks/s (${x.raw.elapsedMs} ms) = ${x.ratio.toFixed(2)}×, per-round ${describe(x.spread)}; history rows ${x.historyRows}/${x.tasks}; failures ${x.failures}`,
    );
  }
  console.log(`P7: ${verdictLabel(r.verdict)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string): number | undefined => {
    const at = process.argv.indexOf(name);
    return at > 0 ? Number(process.argv[at + 1]) : undefined;
  };
  const tasks = arg('--tasks');
  const concurrency = arg('--concurrency');
  run({ ...(tasks ? { tasks } : {}), ...(concurrency ? { concurrency } : {}) }).then(print, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
