/**
 * docs/quality.md D1: one task completed 50 times concurrently — exactly one success, the rest 409, one history
 * row, one event — on PGlite and on PostgreSQL with a pool of 25 connections (truly concurrent transactions).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Principal } from '@wb/server-kit';
import { testDbKinds } from '@wb/server-kit/testing';
import { createWorkflowEngine } from './engine.ts';
import type { WorkflowEngineService } from './engine.ts';
import { createWorkflowDb } from './testing/db.ts';
import { SIMPLE_XML, principalOf } from './testing/fixtures.ts';

describe.each(testDbKinds())('D1 concurrent completion on %s', (kind) => {
  let db: Db;
  let engine: WorkflowEngineService;
  let yk01: Principal;
  beforeAll(async () => {
    db = await createWorkflowDb(kind, 25);
    engine = createWorkflowEngine();
    yk01 = await principalOf(db, 'yk01');
    await db.transaction((tx) => engine.deploy(tx, yk01, SIMPLE_XML('d1', 'post:YK_ACCEPT')));
  }, 60_000);
  afterAll(async () => db?.close());

  it('50 concurrent completes of one task: 1 success, 49 × 409, one COMPLETE history row, one task.completed event', async () => {
    const { openTasks } = await db.transaction((tx) => engine.start(tx, yk01, { processKey: 'd1', businessKey: 'D1-1', businessTitle: 'D1', orgUnitCode: '334010101' }));
    const task = openTasks[0]!;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => db.transaction((tx) => engine.complete(tx, yk01, task.id, { opinion: `第 ${i} 次`, expectedVersion: task.version }))),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const statuses = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { statusCode?: number }).statusCode] : []));
    expect(ok).toHaveLength(1);
    expect(statuses).toEqual(Array.from({ length: 49 }, () => 409));
    const [history] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM wf_history WHERE task_id = $1 AND action = 'COMPLETE'`, [task.id]);
    expect(history!.n).toBe(1);
    const [events] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM wf_outbox WHERE topic = 'task.completed' AND payload->>'taskId' = $1`, [task.id]);
    expect(events!.n).toBe(1);
    expect(await engine.getTask(db, task.id)).toMatchObject({ state: 'COMPLETED', version: task.version + 1 });
    const [inst] = await db.query<{ status: string }>('SELECT status FROM wf_instance WHERE id = $1', [task.instanceId]);
    expect(inst!.status).toBe('COMPLETED');
  });

  it('two concurrent starts of one business key: one instance', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => db.transaction((tx) => engine.start(tx, yk01, { processKey: 'd1', businessKey: 'D1-2', businessTitle: 'D1', orgUnitCode: '334010101' }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { statusCode?: number }).statusCode] : []))).toEqual(Array.from({ length: 9 }, () => 409));
    expect(await db.query(`SELECT 1 FROM wf_instance WHERE business_key = 'D1-2'`)).toHaveLength(1);
  });
});
