/**
 * Issue 16, ADR 0057: the periodic jobs run once across instances. Two app instances on one database, each with its
 * own workflow engine and its own 100 ms tick (SLA sweep, outbox dispatch, retention) — the timers of a real
 * cluster, not direct calls — and the effects counted: every overdue task is flagged and escalated once, every
 * event reaches its consumer once, retention trims once. On PostgreSQL (CI) the two instances' transactions are
 * truly concurrent (pool connections); the claims are conditional UPDATEs, FOR UPDATE SKIP LOCKED and a
 * transaction-scoped advisory lock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDbKinds } from '@wb/server-kit/testing';
import { defaultServices } from './modules.ts';
import { createTestApp, secondInstance } from './testing/harness.ts';
import type { TestApp } from './testing/harness.ts';
import { createWorkflowEngine } from './workflow/index.ts';
import type { WorkflowEngineService } from './workflow/index.ts';
import { insertEvents } from './workflow/index.ts';
import { SIMPLE_XML, principalOf } from './workflow/testing/fixtures.ts';

const TICK_MS = 100;
const TASKS = 12;
const EVENTS = 120;
const DAY = 86_400_000;

const kind = testDbKinds().at(-1)!;

describe(`periodic jobs of two instances on one ${kind} database`, () => {
  let t: TestApp;
  let second: FastifyInstance;
  const engines: WorkflowEngineService[] = [createWorkflowEngine(), createWorkflowEngine()];
  const handled = new Map<number, string[]>();

  beforeAll(async () => {
    // Consumers are registered at start, the same on every instance (outbox.ts): before the events are written.
    engines.forEach((engine, i) =>
      engine.consume('test.once', ['test.once'], async (event, tx) => {
        await tx.query('SELECT 1'); // a round trip in the delivery's transaction: the instances interleave
        handled.set(event.id, [...(handled.get(event.id) ?? []), `instance ${i + 1}`]);
      }),
    );
    t = await createTestApp(kind, { services: defaultServices({ workflow: { engine: engines[0], sweepIntervalMs: TICK_MS } }) });
    await t.app.ready();
    second = await secondInstance(t, { services: defaultServices({ workflow: { engine: engines[1], sweepIntervalMs: TICK_MS } }) });
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('flags each overdue task once, delivers each event once and trims once, whichever instance ticks', async () => {
    const admin = await principalOf(t.db, 'admin');
    const yk01 = await principalOf(t.db, 'yk01');
    await t.db.transaction((tx) => engines[0]!.deploy(tx, admin, SIMPLE_XML('t-once', 'user:yk02')));
    const taskIds: string[] = [];
    for (let i = 0; i < TASKS; i++) {
      const started = await t.db.transaction((tx) =>
        engines[0]!.start(tx, yk01, { processKey: 't-once', businessKey: `ONCE-${kind}-${i}`, businessTitle: '集群任务', orgUnitCode: '334010101' }),
      );
      taskIds.push(started.openTasks[0]!.id);
    }
    // Old idempotency records for retention (older than its 24 h).
    await t.db.query(
      `INSERT INTO wf_idempotency (username, key, request_hash, status_code, response, created_at)
       SELECT 'yk01', 'once-' || g, 'h', 200, '{}', $1 FROM generate_series(1, 30) g`,
      [new Date(t.clock.now().getTime() - 3 * DAY)],
    );
    // Every task past its limit (one working day), then events for the consumer both instances have.
    t.clock.advance(14 * DAY);
    await t.db.transaction((tx) => insertEvents(tx, Array.from({ length: EVENTS }, (_, i) => ({ topic: 'test.once', payload: { i } })), t.clock.now()));

    const flagged = async (): Promise<number> =>
      Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM wf_task WHERE id = ANY($1::uuid[]) AND overdue_at IS NOT NULL', [taskIds]))[0]?.n);
    await expect.poll(flagged, { timeout: 30_000, interval: 100 }).toBe(TASKS);
    await expect.poll(() => handled.size, { timeout: 30_000, interval: 100 }).toBe(EVENTS);
    await expect
      .poll(async () => (await t.db.query(`SELECT 1 FROM wf_idempotency WHERE key LIKE 'once-%'`)).length, { timeout: 30_000, interval: 100 })
      .toBe(0);
    // More ticks of both instances: nothing is done a second time.
    await new Promise((resolve) => setTimeout(resolve, 10 * TICK_MS));

    expect([...handled.values()].filter((by) => by.length !== 1)).toEqual([]);
    const repeated = await t.db.query<{ task_id: string; action: string; n: number }>(
      `SELECT task_id::text, action, count(*)::int AS n FROM wf_history WHERE task_id = ANY($1::uuid[]) AND action <> 'START' GROUP BY task_id, action HAVING count(*) > 1`,
      [taskIds],
    );
    expect(repeated).toEqual([]);
    const escalations = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM wf_history WHERE task_id = ANY($1::uuid[]) AND action = 'ESCALATE'`,
      [taskIds],
    );
    expect(Number(escalations[0]?.n)).toBe(TASKS);
    const notices = await t.db.query<{ username: string; link: string; kind: string; n: number }>(
      `SELECT username, link, kind, count(*)::int AS n FROM wf_notification WHERE link = ANY($1::text[]) GROUP BY username, link, kind HAVING count(*) > 1`,
      [taskIds.map((id) => `/inbox?task=${id}`)],
    );
    expect(notices).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM wf_outbox_delivery WHERE consumer = 'test.once'`)).toHaveLength(0);
  }, 90_000);
});
