import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDbKinds } from '@wb/server-kit/testing';
import { defaultServices } from '../modules.ts';
import { createTestApp, secondInstance } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { createWorkflowEngine } from './engine.ts';
import { backoffMs, DELIVERY_TX_BUDGET_MS, insertEvents } from './outbox.ts';
import { runRetention } from './retention.ts';

const DAY = 86_400_000;

/** Events written straight into the outbox, committed; their ids. */
async function writeEvents(t: TestApp, topic: string, n: number): Promise<number[]> {
  await t.db.transaction((tx) => insertEvents(tx, Array.from({ length: n }, (_, i) => ({ topic, payload: { i } })), t.clock.now()));
  const rows = await t.db.query<{ id: string }>('SELECT id::text AS id FROM wf_outbox WHERE topic = $1', [topic]);
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

describe('backoff', () => {
  it('doubles from the base per failure, capped', () => {
    const s = { backoffBaseMs: 1000, backoffMaxMs: 5000 };
    expect([1, 2, 3, 4, 10].map((a) => backoffMs(a, s))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});

describe.each(testDbKinds())('outbox with named consumers on %s (ADR 0024)', (kind) => {
  let t: TestApp;
  let second: FastifyInstance;
  const engineA = createWorkflowEngine();
  const engineB = createWorkflowEngine();

  beforeAll(async () => {
    t = await createTestApp(kind, { services: defaultServices({ workflow: { engine: engineA, sweepIntervalMs: 0 } }) });
    await t.app.ready();
    // A second server instance on the same database, with its own engine (as behind a load balancer).
    second = await secondInstance(t, { services: defaultServices({ workflow: { engine: engineB, sweepIntervalMs: 0 } }) });
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('two instances share the deliveries: each event reaches each consumer exactly once', async () => {
    const handled: Record<string, number[]> = { 'test.alpha': [], 'test.beta': [] };
    const byInstance = { A: 0, B: 0 };
    for (const [engine, name] of [[engineA, 'A'], [engineB, 'B']] as const) {
      for (const consumer of ['test.alpha', 'test.beta']) {
        engine.consume(consumer, ['test.ping'], async (event, tx) => {
          // A round trip in the delivery's transaction, so the two dispatchers interleave on PostgreSQL.
          await tx.query('SELECT 1');
          handled[consumer]!.push(event.id);
          byInstance[name]++;
        });
      }
    }
    const ids = await writeEvents(t, 'test.ping', 250);
    const delivered = await Promise.all([engineA.publishPending(t.db), engineB.publishPending(t.db), engineA.publishPending(t.db), engineB.publishPending(t.db)]);
    // Whatever a dispatch skipped (rows locked by the other), a later one picks up.
    await engineA.publishPending(t.db);
    await engineB.publishPending(t.db);
    for (const consumer of ['test.alpha', 'test.beta']) {
      expect([...handled[consumer]!].sort((a, b) => a - b)).toEqual(ids);
    }
    expect(byInstance.A + byInstance.B).toBe(500);
    expect(delivered.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await t.db.query(`SELECT 1 FROM wf_outbox_delivery WHERE consumer IN ('test.alpha', 'test.beta')`)).toHaveLength(0);
    expect(await t.db.query(`SELECT 1 FROM wf_outbox WHERE topic = 'test.ping' AND published_at IS NULL`)).toHaveLength(0);
  });

  it('a delivery transaction stops taking deliveries after its time budget; the rest follow in the next ones', async () => {
    // On the embedded database a transaction holds the one connection: 100 deliveries in one transaction kept every
    // request waiting for seconds under load (P13, ADR 0074). A slow handler must not hold more than one delivery.
    const transactions = new Set<unknown>();
    const handled: number[] = [];
    engineA.consume('test.slow', ['test.slow'], async (event, tx) => {
      transactions.add(tx);
      await new Promise((resolve) => setTimeout(resolve, DELIVERY_TX_BUDGET_MS + 5));
      handled.push(event.id);
    });
    const ids = await writeEvents(t, 'test.slow', 4);
    expect(await engineA.publishPending(t.db)).toBe(4);
    expect(handled.sort((a, b) => a - b)).toEqual(ids);
    expect(transactions.size).toBe(4);
    expect(await t.db.query(`SELECT 1 FROM wf_outbox_delivery WHERE consumer = 'test.slow'`)).toHaveLength(0);
  });

  it('a pass delivers what was due when it began: deliveries another instance adds meanwhile wait for the next pass', async () => {
    // Under a steady load the other instances keep fanning out due deliveries. A pass that took them too ran for
    // minutes, and the catch-up before a restarted instance listens is a pass: it never became ready (issue 16).
    const generations: number[] = [];
    engineA.consume('test.chase', ['test.chase'], async (event, tx) => {
      const generation = Number(event.payload['generation'] ?? 0);
      generations.push(generation);
      if (generation >= 2) return;
      // As another instance's fan-out, a moment later: an event already published, with its delivery due at once.
      t.clock.advance(1);
      const dueAt = t.clock.now();
      await tx.query(
        `WITH e AS (INSERT INTO wf_outbox (topic, payload, created_at, published_at) VALUES ('test.chase', $1::jsonb, $2, $2) RETURNING id)
         INSERT INTO wf_outbox_delivery (event_id, consumer, next_at, updated_at) SELECT id, 'test.chase', $2, $2 FROM e`,
        [JSON.stringify({ generation: generation + 1 }), dueAt],
      );
    });
    await t.db.transaction((tx) => insertEvents(tx, Array.from({ length: 100 }, () => ({ topic: 'test.chase', payload: { generation: 0 } })), t.clock.now()));
    // 100 deliveries fill a batch (more to take): the old pass went on to the 100 added meanwhile, then 100 more.
    expect(await engineA.publishPending(t.db)).toBe(100);
    expect(generations.filter((g) => g === 0)).toHaveLength(100);
    expect(generations.filter((g) => g > 0)).toEqual([]);
    expect(await engineA.publishPending(t.db)).toBe(100);
    expect(await engineA.publishPending(t.db)).toBe(100);
    expect(await engineA.publishPending(t.db)).toBe(0);
    expect(generations.filter((g) => g === 2)).toHaveLength(100);
  });

  it('retries with exponential backoff, then dead-letters; the admin API lists, retries and discards', async () => {
    engineA.outbox.configure({ maxAttempts: 3, backoffBaseMs: 60_000, backoffMaxMs: 600_000 });
    engineB.outbox.configure({ maxAttempts: 3, backoffBaseMs: 60_000, backoffMaxMs: 600_000 });
    let healthy = false;
    const calls: number[] = [];
    for (const engine of [engineA, engineB]) {
      engine.consume('test.flaky', ['test.flaky'], (event) => {
        calls.push(event.id);
        if (!healthy) throw new Error('consumer down');
      });
    }
    const [first, other] = await writeEvents(t, 'test.flaky', 2);
    const row = async (eventId: number) =>
      (await t.db.query<{ status: string; attempts: number; next_at: Date }>(`SELECT status, attempts, next_at FROM wf_outbox_delivery WHERE consumer = 'test.flaky' AND event_id = $1`, [eventId]))[0];

    await engineA.publishPending(t.db);
    expect(await row(first!)).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect((await row(first!))!.next_at.getTime()).toBe(t.clock.now().getTime() + 60_000);
    // Not due yet: no attempt, on either instance.
    await engineB.publishPending(t.db);
    expect(calls).toHaveLength(2);
    t.clock.advance(60_000);
    await engineB.publishPending(t.db);
    expect(await row(first!)).toMatchObject({ status: 'PENDING', attempts: 2 });
    expect((await row(first!))!.next_at.getTime()).toBe(t.clock.now().getTime() + 120_000);
    t.clock.advance(120_000);
    await engineA.publishPending(t.db);
    expect(await row(first!)).toMatchObject({ status: 'DEAD', attempts: 3 });
    expect(calls).toHaveLength(6);
    // Dead letters are not tried again.
    t.clock.advance(3_600_000);
    await engineA.publishPending(t.db);
    expect(calls).toHaveLength(6);

    const admin = await t.login('admin');
    const list = await t.request({ method: 'GET', url: '/api/svc/workflow/v1/outbox/dead-letters?consumer=test.flaky', cookie: admin });
    expect(list.statusCode).toBe(200);
    const body = list.json() as { total: number; items: Array<{ id: string; eventId: string; attempts: number; lastError: string; topic: string }>; consumers: Array<{ name: string; dead: number }> };
    expect(body.total).toBe(2);
    expect(body.items.map((i) => Number(i.eventId)).sort()).toEqual([first, other].sort());
    expect(body.items[0]).toMatchObject({ attempts: 3, lastError: 'consumer down', topic: 'test.flaky' });
    expect(body.consumers.find((c) => c.name === 'test.flaky')).toMatchObject({ dead: 2 });
    const idOf = (eventId: number) => body.items.find((i) => Number(i.eventId) === eventId)!.id;

    healthy = true;
    const retried = await t.request({ method: 'POST', url: `/api/svc/workflow/v1/outbox/dead-letters/${idOf(first!)}/retry`, cookie: admin });
    expect(retried.statusCode).toBe(204);
    await expect.poll(async () => (await row(first!)) ?? null, { timeout: 5000, interval: 20 }).toBeNull();
    expect(calls.filter((id) => id === first)).toHaveLength(4);
    const discarded = await t.request({ method: 'POST', url: `/api/svc/workflow/v1/outbox/dead-letters/${idOf(other!)}/discard`, cookie: admin });
    expect(discarded.statusCode).toBe(204);
    expect(await row(other!)).toBeUndefined();
    const again = await t.request({ method: 'POST', url: `/api/svc/workflow/v1/outbox/dead-letters/${idOf(other!)}/discard`, cookie: admin });
    expect(again.statusCode).toBe(404);
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'workflow.outbox.%' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['workflow.outbox.retry', 'workflow.outbox.discard']);
    const refused = await t.request({ method: 'GET', url: '/api/svc/workflow/v1/outbox/dead-letters', cookie: await t.login('yk01') });
    expect(refused.statusCode).toBe(403);
  });

  it('retention deletes old delivered events, expired idempotency keys and old read notifications — once with two instances', async () => {
    const now = t.clock.now();
    const old = new Date(now.getTime() - 8 * DAY);
    await t.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO wf_outbox (topic, payload, created_at, published_at) VALUES ('test.old', '{}', $1, $1), ('test.old-dead', '{}', $1, $1), ('test.recent', '{}', $2, $2), ('test.old-unpublished', '{}', $1, NULL)`, [old, now]);
      await tx.query(
        `INSERT INTO wf_outbox_delivery (event_id, consumer, status, attempts, next_at, updated_at) SELECT id, 'test.kept', 'DEAD', 3, $1, $1 FROM wf_outbox WHERE topic = 'test.old-dead'`,
        [old],
      );
      await tx.query(`INSERT INTO wf_idempotency (key, username, request_hash, status_code, response, created_at) VALUES ('old', 'yk01', 'h', 201, '{}', $1), ('new', 'yk01', 'h', 201, '{}', $2)`, [
        new Date(now.getTime() - 25 * 3_600_000),
        now,
      ]);
      await tx.query(
        `INSERT INTO wf_notification (id, username, kind, title, body, link, dedupe_key, created_at, read_at) VALUES
          (gen_random_uuid(), 'yk01', 'CC', 'old read', '', NULL, 'ret:1', $1, $1),
          (gen_random_uuid(), 'yk01', 'CC', 'recent read', '', NULL, 'ret:2', $1, $2),
          (gen_random_uuid(), 'yk01', 'CC', 'old unread', '', NULL, 'ret:3', $1, NULL)`,
        [new Date(now.getTime() - 31 * DAY), now],
      );
    });
    const settings = { outboxDays: 7, idempotencyHours: 24, readNotificationDays: 30 };
    const reports = await Promise.all([runRetention(t.db, now, settings), runRetention(t.db, now, settings)]);
    const sum = (k: 'outbox' | 'idempotency' | 'notifications') => reports.reduce((n, r) => n + r[k], 0);
    expect(sum('idempotency')).toBe(1);
    expect(sum('notifications')).toBe(1);
    expect((await t.db.query<{ topic: string }>(`SELECT topic FROM wf_outbox WHERE topic LIKE 'test.old%' OR topic = 'test.recent' ORDER BY topic`)).map((r) => r.topic)).toEqual([
      'test.old-dead',
      'test.old-unpublished',
      'test.recent',
    ]);
    expect(await t.db.query(`SELECT key FROM wf_idempotency WHERE key IN ('old', 'new')`)).toEqual([{ key: 'new' }]);
    expect((await t.db.query<{ title: string }>(`SELECT title FROM wf_notification WHERE dedupe_key LIKE 'ret:%' ORDER BY title`)).map((r) => r.title)).toEqual(['old unread', 'recent read']);
  });
});
