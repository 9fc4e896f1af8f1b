/**
 * One lock order for the SLA sweep and task actions (issue 10, ADR 0031): with parallel branches (ADR 0025) a
 * completion locks its instance row, then its task; the sweep used to lock task rows first (warning, overdue,
 * boundary timers) and the instance rows after (the end-to-end limit, the timer's token) — on PostgreSQL two such
 * transactions deadlocked (40P01). Now every writer takes the instance row first, and the sweep skips instances
 * another transaction holds (they are swept on the next tick). Runs on both databases; the contention is real on
 * PostgreSQL (a pool of 25, truly concurrent transactions).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Principal } from '@wb/server-kit';
import { testDbKinds } from '@wb/server-kit/testing';
import { createWorkflowEngine } from './engine.ts';
import type { WorkflowEngineService } from './engine.ts';
import { createWorkflowDb } from './testing/db.ts';
import { principalOf } from './testing/fixtures.ts';
import { BPMN_HEAD } from './testing/bpmn-xml.ts';

/** fork → a (yk01, 1 h, a 2 h boundary timer to the join) | b (yk02, 1 h) → join → end; the process has 2 h. */
const LOCK_XML = `${BPMN_HEAD}
  <process id="t-lock" name="测试锁顺序" wb:sla="2h">
    <startEvent id="start" />
    <sequenceFlow id="f0" sourceRef="start" targetRef="fork" />
    <parallelGateway id="fork" />
    <sequenceFlow id="f1" sourceRef="fork" targetRef="a" />
    <sequenceFlow id="f2" sourceRef="fork" targetRef="b" />
    <userTask id="a" name="甲" wb:assignee="user:yk01" wb:sla="1h" />
    <boundaryEvent id="late" attachedToRef="a"><timerEventDefinition><timeDuration>PT2H</timeDuration></timerEventDefinition></boundaryEvent>
    <userTask id="b" name="乙" wb:assignee="user:yk02" wb:sla="1h" />
    <sequenceFlow id="f3" sourceRef="a" targetRef="join" />
    <sequenceFlow id="f3t" sourceRef="late" targetRef="join" />
    <sequenceFlow id="f4" sourceRef="b" targetRef="join" />
    <parallelGateway id="join" />
    <sequenceFlow id="f5" sourceRef="join" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

const INSTANCES = 24;
const HOUR = 3_600_000;

describe.each(testDbKinds())('SLA sweep and completions at once on %s', (kind) => {
  let db: Db;
  let engine: WorkflowEngineService;
  let clock = new Date('2026-03-02T01:00:00Z');
  let yk01: Principal;
  let yk02: Principal;
  beforeAll(async () => {
    db = await createWorkflowDb(kind, 25);
    engine = createWorkflowEngine({ now: () => clock });
    yk01 = await principalOf(db, 'yk01');
    yk02 = await principalOf(db, 'yk02');
    await db.transaction((tx) => engine.deploy(tx, yk01, LOCK_XML));
  }, 60_000);
  afterAll(async () => db?.close());

  for (const [round, later] of [[1, 1.5 * HOUR], [2, 2.5 * HOUR]] as const) {
    it(`round ${round}: sweeps (warnings, overdue, the process limit${later > 2 * HOUR ? ', boundary timers' : ''}) and every completion run together — no deadlock, each instance ends once`, async () => {
      const started = new Date(clock.getTime() + HOUR);
      clock = started;
      const instances = [];
      for (let i = 0; i < INSTANCES; i++) {
        instances.push(await db.transaction((tx) => engine.start(tx, yk01, { processKey: 't-lock', businessKey: `LOCK-${round}-${i}`, businessTitle: `锁顺序 ${i}`, orgUnitCode: '334010101' })));
      }
      clock = new Date(started.getTime() + later);
      const actions: Array<Promise<unknown>> = [];
      for (const inst of instances) {
        // Each instance: a sweep racing its two completions (on PostgreSQL each in its own transaction).
        actions.push(db.transaction((tx) => engine.sweep(tx, clock)));
        for (const task of inst.openTasks) {
          const actor = task.nodeKey === 'a' ? yk01 : yk02;
          actions.push(db.transaction((tx) => engine.complete(tx, actor, task.id, { opinion: '同意' })));
        }
      }
      const results = await Promise.allSettled(actions);
      const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code?: string; statusCode?: number; message?: string }] : []));
      expect(errors.filter((e) => e.code === '40P01').map((e) => e.message)).toEqual([]);
      // A completion may only lose to the boundary timer that cancelled its task first (409), nothing else.
      expect(errors.filter((e) => e.statusCode !== 409).map((e) => e.message)).toEqual([]);
      await db.transaction((tx) => engine.sweep(tx, clock)); // what was skipped while locked
      const ended = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM wf_instance i WHERE i.business_key LIKE $1 AND i.status = 'COMPLETED'
            AND (SELECT count(*) FROM wf_history h WHERE h.instance_id = i.id AND h.action = 'END') = 1`,
        [`LOCK-${round}-%`],
      );
      expect(ended[0]!.n).toBe(INSTANCES);
    }, 120_000);
  }
});
