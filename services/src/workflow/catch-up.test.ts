/**
 * ADR 0077 (P13 embedded): what piled up while no server ran — the outbox events a first start's seed wrote through
 * an engine without consumers, tasks that went overdue — is done by `app.lifecycle.catchUp()`, which `runServer`
 * calls after the seed and before it listens, not by the first periodic tick under the first requests' load.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { testDbKinds } from '@wb/server-kit/testing';
import { defaultServices } from '../modules.ts';
import { createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { createWorkflowEngine } from './engine.ts';
import type { OutboxEvent } from './outbox.ts';
import { SIMPLE_XML, principalOf } from './testing/fixtures.ts';

describe.each(testDbKinds())('catch-up before listening on %s (ADR 0077)', (kind) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('delivers the backlog a seed left and sweeps overdue tasks before the first request', async () => {
    const engine = createWorkflowEngine();
    const delivered: OutboxEvent[] = [];
    engine.consume('test.catch-up', ['*'], (e) => {
      delivered.push(e);
    });
    // No timer: only the catch-up can deliver and sweep here.
    const app = await createTestApp(kind, { services: defaultServices({ workflow: { engine, sweepIntervalMs: 0 } }) });
    t = app;
    await app.app.ready();

    // The seed's way: its own engine, with no consumers, writes events that nobody delivers.
    const seeder = createWorkflowEngine({ now: app.clock.now });
    seeder.bind({ now: app.clock.now, db: app.db });
    const admin = await principalOf(app.db, 'admin');
    await app.db.transaction((tx) => seeder.deploy(tx, admin, SIMPLE_XML('catch-up', 'post:YK_ACCEPT')));
    const { instanceId } = await seeder.runInTransaction(app.db, (tx) =>
      seeder.start(tx, admin, { processKey: 'catch-up', businessKey: 'CATCH-UP-1', businessTitle: '积压补办', orgUnitCode: '334010101' }),
    );
    app.clock.advance(3 * 86_400_000);
    const unpublished = async (): Promise<number> => Number((await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM wf_outbox WHERE published_at IS NULL'))[0]?.n);
    expect(await unpublished()).toBeGreaterThan(0);

    await app.app.lifecycle.catchUp();

    expect(await unpublished()).toBe(0);
    const pending = await app.db.query(`SELECT 1 FROM wf_outbox_delivery WHERE status = 'PENDING'`);
    expect(pending).toHaveLength(0);
    expect(delivered.some((e) => e.topic === 'instance.started' && e.payload.instanceId === instanceId)).toBe(true);
    // The sweep ran too: the task is overdue (notice to yk01) and its escalation event was delivered as well.
    const overdue = await app.db.query<{ username: string }>(`SELECT username FROM wf_notification WHERE kind = 'OVERDUE'`);
    expect(overdue.map((r) => r.username)).toContain('yk01');
    expect(delivered.some((e) => e.topic === 'task.escalated' && e.payload.instanceId === instanceId)).toBe(true);
  });
});
