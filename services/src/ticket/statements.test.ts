/**
 * P14's intake + dispatch (ADR 0109): what one 受理 and one 派单 of a repair send to the database. Each statement is a
 * round trip the 20 concurrent agents wait for; before ADR 0109 受理 took 19 and 派单 13. The statements that went:
 * the task views neither caller shows (`views: false`, two reads each), the org unit of a task in the business's own
 * unit (the instance carries it), the running-instance check before the INSERT its unique index already guards, and
 * the notices' event as a statement of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicketSchema } from '@wb/contracts/ticket';
import type { Db, Executor, Principal, QueryOptions } from '@wb/server-kit';
import { principalOf } from '../workflow/testing/fixtures.ts';
import { createTicketOperations } from './operations.ts';
import { customerOf, openTicketWorld, repairRequest } from './testing.ts';
import { defaultServices } from '../modules.ts';
import type { TestApp } from '../testing/harness.ts';
import type { WorkflowEngineService } from '../workflow/index.ts';

/** `db` with every statement sent inside its transactions recorded (text and whether it went prepared). */
function recording(db: Db, log: Array<{ sql: string; prepare: boolean }>): Db {
  const wrap = (tx: Executor): Executor => ({
    query<T>(sql: string, params?: unknown[], options?: QueryOptions) {
      log.push({ sql: sql.replace(/\s+/g, ' ').trim(), prepare: options?.prepare === true });
      return tx.query<T>(sql, params, options);
    },
    exec: (sql) => tx.exec(sql),
  });
  return { kind: db.kind, query: db.query.bind(db), exec: db.exec.bind(db), close: db.close.bind(db), transaction: (fn) => db.transaction((tx) => fn(wrap(tx))) };
}

describe('a repair’s 受理 and 派单 on the database (P14, ADR 0109)', () => {
  let t: TestApp & { engine: WorkflowEngineService };
  let kf01: Principal;
  let kf02: Principal;

  beforeAll(async () => {
    t = await openTicketWorld('pglite', defaultServices(), 300);
    [kf01, kf02] = [await principalOf(t.db, 'kf01'), await principalOf(t.db, 'kf02')];
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  }, 30_000);

  it('受理 takes 15 statements and 派单 9; a task’s notice and its event are written by one', async () => {
    const log: Array<{ sql: string; prepare: boolean }> = [];
    const ops = createTicketOperations({ db: recording(t.db, log), engine: t.engine, now: () => t.clock.now() });
    // The first ticket loads what the engine caches (the process model, the holidays): not counted.
    const first = await ops.create({ actor: kf01, scope: undefined }, createTicketSchema.parse(repairRequest(await customerOf(t, '334010101', 2))));
    await ops.completeStep({ actor: kf02, scope: undefined }, first.ticketNo, 'dispatch', {});
    log.length = 0;
    const c = await customerOf(t, '334010101', 3);

    const { ticketNo, merged } = await ops.create({ actor: kf01, scope: undefined }, createTicketSchema.parse(repairRequest(c)));
    expect(merged).toBe(false);
    const intake = log.splice(0);
    // The customer, a 催办 candidate, 城乡类别, SLA rules, the 工单号 (lock, max), the ticket; the process: version,
    // unit, instance, the 派单 task, its people, their notices with the event, and the journal.
    expect(intake.map((s) => s.sql.slice(0, 60))).toHaveLength(15);
    expect(intake.filter((s) => /FROM org_unit/.test(s.sql))).toHaveLength(2); // the instance's unit, and 派单's own (#3340180)
    expect(intake.some((s) => /SELECT 1 FROM wf_instance/.test(s.sql))).toBe(false);
    expect(intake.some((s) => /FROM wf_task t WHERE t.id = ANY/.test(s.sql))).toBe(false);

    // kf02 (派单员) was told, once, and the event names the notice it was told by.
    const [notice] = await t.db.query<{ id: string }>(`SELECT id::text AS id FROM wf_notification WHERE username = 'kf02' AND link LIKE '/inbox?task=%' AND body LIKE $1`, [`%${ticketNo}%`]);
    expect(notice).toBeDefined();
    const events = await t.db.query<{ payload: { recipients: Array<{ username: string; id: string }>; kind: string; taskId: string } }>(
      `SELECT payload FROM wf_outbox WHERE topic = 'notice.created' AND payload->'recipients' @> $1::jsonb`,
      [JSON.stringify([{ username: 'kf02', id: notice!.id }])],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ kind: 'ASSIGNED', recipients: [{ username: 'kf02', id: notice!.id }] });

    await ops.completeStep({ actor: kf02, scope: undefined }, ticketNo, 'dispatch', {});
    const dispatch = log.splice(0);
    // The ticket locked, may kf02 act, the unit, the completion, the 接单 task, its people (qx01), their notices with
    // the event, the journal, the ticket.
    expect(dispatch.map((s) => s.sql.slice(0, 60))).toHaveLength(9);
    expect(dispatch.some((s) => /FROM org_unit/.test(s.sql))).toBe(false);
    // The ticket's reads plan a view's join: sent prepared.
    expect(dispatch[0]).toMatchObject({ prepare: true });
    expect(intake.find((s) => /^SELECT t\.\*/.test(s.sql))).toMatchObject({ prepare: true });

    const [row] = await t.db.query<{ status: string }>('SELECT status FROM ticket WHERE ticket_no = $1', [ticketNo]);
    expect(row!.status).toBe('ACCEPT');
  });
});
