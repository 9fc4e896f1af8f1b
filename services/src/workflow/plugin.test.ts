import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServices } from '../modules.ts';
import { createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { createWorkflowEngine } from './engine.ts';
import type { OutboxEvent } from './outbox.ts';
import { SIMPLE_XML, principalOf } from './testing/fixtures.ts';

async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('workflow plugin: periodic sweep and outbox dispatch', () => {
  let t: TestApp;
  const engine = createWorkflowEngine();
  const events: OutboxEvent[] = [];
  beforeAll(async () => {
    engine.consume('test.all', ['*'], (e) => {
      events.push(e);
    });
    t = await createTestApp('pglite', { services: defaultServices({ workflow: { engine, sweepIntervalMs: 40 } }) });
    await t.app.ready();
  }, 60_000);
  afterAll(async () => t?.close());

  it('publishes events after an HTTP write commits, and the timer sweeps overdue tasks using the app clock', async () => {
    const admin = await principalOf(t.db, 'admin');
    await t.db.transaction((tx) => engine.deploy(tx, admin, SIMPLE_XML('plug', 'post:YK_ACCEPT')));
    const cookie = await t.login('yk01');
    const started = await t.request({
      method: 'POST',
      url: '/api/svc/workflow/v1/instances',
      cookie,
      payload: { processKey: 'plug', businessKey: 'PLUG-1', businessTitle: '插件测试', orgUnitCode: '334010101' },
    });
    expect(started.statusCode).toBe(201);
    const { instanceId } = started.json() as { instanceId: string };
    await eventually(async () => events.some((e) => e.topic === 'instance.started' && e.payload.instanceId === instanceId));
    t.clock.advance(3 * 86_400_000);
    await eventually(async () => (await t.db.query(`SELECT 1 FROM wf_notification WHERE kind = 'ESCALATION' AND username = 'ld01'`)).length > 0);
    await eventually(async () => events.some((e) => e.topic === 'task.escalated' && e.payload.instanceId === instanceId));
    const overdue = await t.db.query<{ username: string }>(`SELECT username FROM wf_notification WHERE kind = 'OVERDUE'`);
    expect(overdue.map((r) => r.username)).toContain('yk01');
  });

  it('the tick sweeps in one short transaction per step, not one long one (ADR 0074)', async () => {
    let transactions = 0;
    const counting = { ...t.db, transaction: ((fn: Parameters<typeof t.db.transaction>[0]) => (transactions++, t.db.transaction(fn))) as typeof t.db.transaction };
    const counts = await engine.sweepInTransactions(counting, t.clock.now());
    expect(transactions).toBe(4);
    expect(counts).toEqual({ warned: 0, overdue: 0, escalated: 0, timers: 0 });
  });
});
