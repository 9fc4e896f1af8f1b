/**
 * docs/quality.md D1: one task completed 50 times concurrently — exactly one success, the rest 409, one history
 * row, one event — on PGlite and on PostgreSQL with a pool of 25 connections (truly concurrent transactions).
 * And the P7 hot path (ADR 0078, ADR 0094): a completion that ends its instance writes everything in two statements,
 * both sent prepared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Executor, Principal, QueryOptions } from '@wb/server-kit';
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
    await db.transaction(async (tx) => {
      await engine.deploy(tx, yk01, SIMPLE_XML('d1', 'post:YK_ACCEPT'));
      await engine.deploy(tx, yk01, SIMPLE_XML('p7', 'user:yk01'));
    });
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
    // The task's notices went with the one completion that won (the losers' guarded UPDATE deleted none).
    const [withdrawn] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM wf_outbox WHERE topic = 'notice.withdrawn' AND payload->'taskIds' ? $1`, [task.id]);
    expect(withdrawn!.n).toBe(1);
    expect(await db.query('SELECT 1 FROM wf_notification WHERE task_id = $1 AND read_at IS NULL', [task.id])).toHaveLength(0);
    expect(await engine.getTask(db, task.id)).toMatchObject({ state: 'COMPLETED', version: task.version + 1 });
    const [inst] = await db.query<{ status: string }>('SELECT status FROM wf_instance WHERE id = $1', [task.instanceId]);
    expect(inst!.status).toBe('COMPLETED');
  });

  it('P7 hot path: a completion that ends its instance takes two prepared statements — task, notices, history, events, instance', async () => {
    const { openTasks, instanceId } = await db.transaction((tx) => engine.start(tx, yk01, { processKey: 'p7', businessKey: 'P7-1', businessTitle: 'P7', orgUnitCode: '334010101' }));
    const task = openTasks[0]!;
    expect(await db.query('SELECT 1 FROM wf_notification WHERE task_id = $1 AND read_at IS NULL', [task.id])).toHaveLength(1);
    const [before] = await db.query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM wf_outbox');
    const complete = (statements: Array<{ sql: string; prepare: boolean }>, after?: () => void) =>
      db.transaction(async (tx) => {
        const counted: Executor = {
          query<T>(sql: string, params?: unknown[], options?: QueryOptions) {
            statements.push({ sql, prepare: options?.prepare === true });
            return tx.query<T>(sql, params, options);
          },
          exec: (sql) => tx.exec(sql),
        };
        await engine.complete(counted, yk01, task.id, { opinion: '同意', form: { n: 1 }, expectedVersion: task.version });
        after?.();
      });
    // Rolled back after the completion: nothing of it is kept (the notice is unread again, no event, task open).
    const fail = (): never => {
      throw new Error('caller failed');
    };
    await expect(complete([], fail)).rejects.toThrow('caller failed');
    expect(await db.query('SELECT 1 FROM wf_notification WHERE task_id = $1 AND read_at IS NULL', [task.id])).toHaveLength(1);
    expect(await db.query('SELECT 1 FROM wf_outbox WHERE id > $1', [before!.id])).toHaveLength(0);
    expect(await engine.getTask(db, task.id)).toMatchObject({ state: 'OPEN', version: task.version });

    const statements: Array<{ sql: string; prepare: boolean }> = [];
    await complete(statements);
    // Two statements, both sent prepared (ADR 0094): on PGlite parsing and planning them cost more than running them.
    expect(statements.map((s) => s.prepare)).toEqual([true, true]);
    if (kind === 'pglite') {
      // Kept on the connection and run by name again (the rolled-back completion ran them too).
      const kept = await db.query<{ runs: number }>('SELECT (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements WHERE statement = ANY($1::text[])', [statements.map((s) => s.sql)]);
      expect(kept).toHaveLength(2);
      expect(kept.every((k) => k.runs >= 2)).toBe(true);
    }
    expect(await engine.getTask(db, task.id)).toMatchObject({ state: 'COMPLETED', version: task.version + 1 });
    expect(await db.query('SELECT 1 FROM wf_notification WHERE task_id = $1 AND read_at IS NULL', [task.id])).toHaveLength(0);
    const history = await db.query<{ action: string; task_id: string | null; to_nodes: string[]; opinion: string }>(
      'SELECT action, task_id, to_nodes, opinion FROM wf_history WHERE instance_id = $1 ORDER BY id',
      [instanceId],
    );
    expect(history.slice(1)).toEqual([
      { action: 'COMPLETE', task_id: task.id, to_nodes: ['end'], opinion: '同意' },
      { action: 'END', task_id: null, to_nodes: [], opinion: '' },
    ]);
    const events = await db.query<{ topic: string; payload: Record<string, unknown> }>('SELECT topic, payload FROM wf_outbox WHERE id > $1 ORDER BY id', [before!.id]);
    expect(events.map((e) => e.topic)).toEqual(['notice.withdrawn', 'task.completed', 'instance.ended']);
    expect(events[0]!.payload).toEqual({ usernames: ['yk01'], taskIds: [task.id] });
    const [inst] = await db.query<{ status: string; ended: boolean; variables: unknown; version: number }>(
      'SELECT status, ended_at IS NOT NULL AS ended, variables, version FROM wf_instance WHERE id = $1',
      [instanceId],
    );
    expect(inst).toEqual({ status: 'COMPLETED', ended: true, variables: { n: 1 }, version: 2 });
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
