/**
 * The 95598 ticket seed (issue 12): twelve months at the research mix, about 10 % 催办, some late, open tickets in
 * every state as real engine instances the demo accounts can work, outages past/current/planned; deterministic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareQueueTickets, ticketDetailSchema, ticketPageSchema } from '@wb/contracts/ticket';
import { migrate } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import { customerMigrations } from '../customer/index.ts';
import { ticketMigrations } from '../ticket/index.ts';
import { seedCustomers } from './customers.ts';
import { createTicketTestApp, type TicketTestApp } from '../ticket/testing.ts';
import { seedTickets, type TicketSeedReport } from './tickets.ts';

interface Row {
  ticket_no: string;
  type: string;
  sub_type: string | null;
  cons_no: string | null;
  status: string;
  accepted_at: Date;
  urge_count: number;
  clocks: Array<{ dueAt: string; stoppedAt: string | null }>;
}

const snapshot = (t: TicketTestApp): Promise<Row[]> =>
  t.db.query<Row>('SELECT ticket_no, type, sub_type, cons_no, status, accepted_at, urge_count, clocks FROM ticket ORDER BY ticket_no');

describe.each(testDbKinds())('ticket seed on %s', (kind) => {
  let t: TicketTestApp;
  let report: TicketSeedReport;
  let now: Date;

  beforeAll(async () => {
    t = await createTicketTestApp(kind, { customers: 2000 });
    now = t.clock.now();
    report = await seedTickets(t.db, t.engine, { now, seed: 7 });
  }, 180_000);
  afterAll(async () => t?.close());

  it('seeds a year at the research mix, ~10 % 催办, some late, every state, outages; a second run skips', async () => {
    expect(report).toMatchObject({ skipped: false });
    expect(report.archived).toBeGreaterThanOrEqual(120);
    expect(report.open).toBeGreaterThanOrEqual(10);
    expect(report.open).toBeLessThanOrEqual(30);
    expect(report.urged).toBeGreaterThanOrEqual(1);
    const rows = await snapshot(t);
    const history = rows.filter((r) => r.status === 'ARCHIVED' || r.status === 'CLOSED');
    const share = (type: string): number => history.filter((r) => r.type === type).length / history.length;
    expect(share('CONSULT')).toBeGreaterThan(0.3);
    expect(share('CONSULT')).toBeLessThan(0.6);
    expect(share('REPAIR')).toBeGreaterThan(0.18);
    expect(share('REPAIR')).toBeLessThan(0.42);
    const urged = history.filter((r) => r.urge_count > 0).length / history.length;
    expect(urged).toBeGreaterThan(0.04);
    expect(urged).toBeLessThan(0.18);
    const late = history.filter((r) => r.clocks.some((c) => c.stoppedAt && Date.parse(c.stoppedAt) > Date.parse(c.dueAt)));
    expect(late.length).toBeGreaterThan(0);
    const oldest = Math.min(...history.map((r) => new Date(r.accepted_at).getTime()));
    expect(now.getTime() - oldest).toBeGreaterThan(300 * 86_400_000);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['DISPATCH', 'ACCEPT', 'HANDLING', 'ARRIVED', 'REVIEW', 'REVISIT', 'ARCHIVED', 'CLOSED']));
    const outages = await t.db.query<{ kind: string; start_at: Date; expected_end_at: Date; area: string; tg_ids: string[] }>('SELECT kind, start_at, expected_end_at, area, tg_ids FROM ticket_outage');
    expect(outages.some((o) => new Date(o.expected_end_at) < now)).toBe(true);
    // Customers read the area (掌上电力, the hall's kiosk): 台区 by name, never by their codes.
    expect(outages.every((o) => o.tg_ids.length > 0 && o.tg_ids.every((id) => !o.area.includes(id)) && /(#公变|号台区|专变)/.test(o.area))).toBe(true);
    expect(outages.some((o) => new Date(o.start_at) <= now && new Date(o.expected_end_at) > now)).toBe(true);
    expect(outages.some((o) => new Date(o.start_at) > now)).toBe(true);
    expect((await seedTickets(t.db, t.engine, { now, seed: 7 })).skipped).toBe(true);
  });

  it('leaves open tickets the demo accounts can work: qx01 takes a dispatched repair of 江北城关, kf02 dispatches', async () => {
    const queue = ticketPageSchema.parse((await t.get('qx01', '/tickets?view=queue&pageSize=100')).json());
    const waiting = queue.items.find((i) => i.status === 'ACCEPT' && i.type === 'REPAIR');
    expect(waiting, 'a repair waiting for 接单').toBeDefined();
    const detail = ticketDetailSchema.parse((await t.get('qx01', `/tickets/${waiting!.no}`)).json());
    expect(detail.openTask).toMatchObject({ nodeKey: 'accept', mayAct: true });
    const taken = await t.post('qx01', `/tickets/${waiting!.no}/accept:complete`, {}, { 'if-match': `"${detail.version}"` });
    expect(taken.statusCode, taken.body).toBe(200);
    const board = ticketPageSchema.parse((await t.get('kf02', '/tickets?view=dispatch&pageSize=100')).json());
    expect(board.items.length).toBeGreaterThan(0);
    // The board follows the queue rule: overdue first, then priority (催办 raises it), then the earliest due time.
    const at = t.clock.now().getTime();
    expect(board.items.map((i) => i.no)).toEqual([...board.items].sort((a, b) => compareQueueTickets(a, b, at)).map((i) => i.no));
  });

  it('seeds archived tickets and outages without the workflow engine (the `npm run seed` CLI step)', async () => {
    const db = await createTestDb(kind);
    try {
      await migrate(db, customerMigrations);
      await migrate(db, ticketMigrations);
      await seedCustomers(db, { customers: 300, seed: 3 });
      const cli = await seedTickets(db, null, { now, seed: 3 });
      expect(cli).toMatchObject({ skipped: false, open: 0, urged: 0 });
      expect(cli.archived).toBeGreaterThanOrEqual(120);
      expect(cli.outages).toBeGreaterThan(0);
      const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ticket WHERE status NOT IN ('ARCHIVED', 'CLOSED')`);
      expect(row?.n).toBe(0);
    } finally {
      await db.close();
    }
  }, 120_000);

  it('is deterministic: the same seed on another database gives the same tickets', async () => {
    const other = await createTicketTestApp(kind, { customers: 2000 });
    try {
      await seedTickets(other.db, other.engine, { now, seed: 7 });
      const strip = (rows: Row[]) => rows.map((r) => ({ ...r, accepted_at: new Date(r.accepted_at).toISOString() }));
      const mine = strip(await snapshot(t)).filter((r) => r.status === 'ARCHIVED' || r.status === 'CLOSED');
      const theirs = strip(await snapshot(other)).filter((r) => r.status === 'ARCHIVED' || r.status === 'CLOSED');
      expect(theirs).toEqual(mine);
    } finally {
      await other.close();
    }
  }, 180_000);
});
