/**
 * Coalesced refreshes of billing's unit-months (ADR 0076) on both databases: billing's events only mark the items
 * they name; one drain refreshes each marked item once however many events marked it, loses none of them, and the
 * facts it leaves equal a rebuild from the sources.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKinds } from '@wb/server-kit/testing';
import { BASE } from '../billing/testing.ts';
import { defaultServices } from '../modules.ts';
import { seedBilling, seedCustomers } from '../seed/index.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { createHolidayCache, createWorkflowEngine, insertEvents, type OutboxEvent, type OutboxHandler, type WorkflowEngineService } from '../workflow/index.ts';
import { registerFactsConsumer } from './consumer.ts';
import { RECEIVABLES_ONLY, drainDirty, markDirty } from './coalesce.ts';
import { rebuildIndicators } from './seed.ts';
import { allFacts } from './store.ts';

describe.each(testDbKinds())('indicators: coalesced refreshes on %s (ADR 0076)', (kind) => {
  let t: TestApp;
  let engine: WorkflowEngineService;
  const cookies: Record<string, string> = {};
  const holidays = createHolidayCache(0);
  const drain = () => drainDirty(t.db, (q) => holidays.get(q), t.clock.now);
  const call = (user: string, url: string, body: unknown, headers: Record<string, string>) =>
    t.request({ method: 'POST', url: `${BASE}${url}`, payload: body as Record<string, unknown>, cookie: cookies[user] ?? '', headers });

  /** Every committed event delivered to the consumers (the drainer itself is off: `refreshEveryMs: null`). */
  async function delivered(): Promise<void> {
    for (let i = 0; i < 50; i++) {
      await engine.publishPending(t.db);
      const [row] = await t.db.query<{ n: number }>(
        `SELECT ((SELECT count(*) FROM wf_outbox WHERE published_at IS NULL) + (SELECT count(*) FROM wf_outbox_delivery WHERE status = 'PENDING'))::int AS n`,
      );
      if (!row?.n) return;
    }
    throw new Error('the outbox did not drain');
  }

  const marks = async (): Promise<Array<{ kind: string; item_key: string }>> => t.db.query('SELECT kind, item_key FROM ind_dirty ORDER BY id');
  const rcved = async (): Promise<number> =>
    Number((await t.db.query<{ v: string }>(`SELECT coalesce(sum(value), 0)::text AS v FROM ind_fact_month WHERE metric = 'bill.rcved'`))[0]?.v);

  /** Customers in arrears (in order of 户号), with what each owes. */
  async function debtors(n: number, offset: number): Promise<Array<{ consNo: string; unit: string; owe: number }>> {
    const rows = await t.db.query<{ unit: string; cons_no: string; owe: string }>(
      `SELECT min(org_unit_code) AS unit, cons_no, sum(amount_fen - paid_fen)::text AS owe FROM billing_receivable
        WHERE paid_fen < amount_fen GROUP BY cons_no ORDER BY cons_no OFFSET $1 LIMIT $2`,
      [offset, n],
    );
    expect(rows).toHaveLength(n);
    return rows.map((r) => ({ consNo: r.cons_no, unit: r.unit, owe: Number(r.owe) }));
  }

  beforeAll(async () => {
    engine = createWorkflowEngine();
    t = await createTestApp(kind, { services: defaultServices({ workflow: { engine, sweepIntervalMs: 0 }, indicators: { refreshEveryMs: null } }) });
    await seedCustomers(t.db, { customers: 300, seed: 11 });
    await seedBilling(t.db, { now: t.clock.now(), seed: 11 });
    for (const user of ['admin', 'mgr01']) cookies[user] = await t.login(user);
    await delivered();
    await drain();
    await rebuildIndicators(t.db, t.clock.now());
  }, 240_000);
  afterAll(async () => t?.close());

  it('a burst of payments marks their months; one drain refreshes each item once, loses no payment, and equals a rebuild', async () => {
    const items = await debtors(6, 0);
    const before = await allFacts(t.db);
    const rcvedBefore = await rcved();
    const payments: string[] = [];
    for (const [i, d] of items.entries()) {
      const res = await call('admin', '/payments', { consNo: d.consNo, amountFen: d.owe, method: 'CASH' }, { 'idempotency-key': `coalesce-${kind}-${i}` });
      expect(res.statusCode, res.body).toBe(201);
      payments.push((res.json() as { payment: { id: string } }).payment.id);
    }
    await delivered();
    // The events only marked their items: each payment its 供电所 (在册户数) and the months it settled.
    const marked = await marks();
    expect(marked.filter((m) => m.kind === 'unit').map((m) => m.item_key)).toEqual(items.map((d) => d.unit));
    expect(marked.filter((m) => m.kind === 'bill').length).toBeGreaterThanOrEqual(items.length);
    expect(await allFacts(t.db)).toEqual(before);

    const distinct = new Set(marked.map((m) => `${m.kind}|${m.item_key}`));
    expect(distinct.size).toBeLessThan(marked.length);
    expect(await drain()).toEqual({ marks: marked.length, items: distinct.size });
    expect(await marks()).toEqual([]);
    // Every payment counted: 实收 rose by the principal the six payments wrote off.
    const [paid] = await t.db.query<{ v: string }>('SELECT sum(principal_fen)::text AS v FROM billing_allocation WHERE payment_id = ANY($1::bigint[])', [payments]);
    expect(Number(paid?.v)).toBeGreaterThan(0);
    expect(await rcved()).toBe(rcvedBefore + Number(paid?.v));
    const incremental = await allFacts(t.db);
    await rebuildIndicators(t.db, t.clock.now());
    expect(await allFacts(t.db)).toEqual(incremental);
    // Nothing left to do: a second drain refreshes nothing.
    expect(await drain()).toEqual({ marks: 0, items: 0 });
  });

  it('a payment and its 冲正 in one interval: one refresh, and the facts are back where they were', async () => {
    const [d] = await debtors(1, 6);
    if (!d) throw new Error('no customer in arrears left');
    const before = await allFacts(t.db);
    const paid = await call('admin', '/payments', { consNo: d.consNo, amountFen: d.owe, method: 'CASH' }, { 'idempotency-key': `coalesce-${kind}-rev` });
    expect(paid.statusCode, paid.body).toBe(201);
    const { payment } = paid.json() as { payment: { id: string; version: number } };
    const reversed = await call('mgr01', `/payments/${payment.id}/reverse`, { reason: '收错户' }, { 'if-match': `"${payment.version}"` });
    expect(reversed.statusCode, reversed.body).toBe(200);
    await delivered();
    const marked = await marks();
    expect(marked.length).toBeGreaterThanOrEqual(4);
    expect(await drain()).toEqual({ marks: marked.length, items: new Set(marked.map((m) => `${m.kind}|${m.item_key}`)).size });
    expect(await allFacts(t.db)).toEqual(before);
    await rebuildIndicators(t.db, t.clock.now());
    expect(await allFacts(t.db)).toEqual(before);
  });

  it('a payment marks its months for their receivables only: the drain keeps the stored reading counts, unless a full mark of the month came too (ADR 0090)', async () => {
    const [d] = await debtors(1, 0);
    if (!d) throw new Error('no customer in arrears left');
    const [month] = await t.db.query<{ ym: string }>(
      `SELECT r.ym FROM billing_reading r JOIN billing_receivable rc ON rc.cons_no = r.cons_no AND rc.ym = r.ym
        WHERE r.cons_no = $1 AND r.exception IS NULL AND rc.paid_fen < rc.amount_fen ORDER BY r.ym LIMIT 1`,
      [d.consNo],
    );
    if (!month) throw new Error('no open month with a reading');
    const key = `${d.unit}:${month.ym}`;
    const readErrors = async (): Promise<number> =>
      Number((await t.db.query<{ v: string }>(
        `SELECT coalesce(sum(value), 0)::text AS v FROM ind_fact_month WHERE metric = 'bill.read_err' AND org_unit_code = $1 AND ym = $2`,
        [d.unit, `${month.ym.slice(0, 4)}-${month.ym.slice(4, 6)}`],
      ))[0]?.v);
    const errorsBefore = await readErrors();
    const rcvedBefore = await rcved();
    // A reading changed behind the events' back: only a read of the readings can see it.
    await t.db.query(`UPDATE billing_reading SET exception = 'JUMP' WHERE cons_no = $1 AND ym = $2`, [d.consNo, month.ym]);
    const paid = await call('admin', '/payments', { consNo: d.consNo, amountFen: d.owe, method: 'CASH' }, { 'idempotency-key': `coalesce-${kind}-rcv` });
    expect(paid.statusCode, paid.body).toBe(201);
    await delivered();
    const marked = await marks();
    expect(marked.filter((m) => m.kind === 'bill').map((m) => m.item_key)).toContain(`${key}${RECEIVABLES_ONLY}`);
    expect(marked.filter((m) => m.kind === 'bill').every((m) => m.item_key.endsWith(RECEIVABLES_ONLY))).toBe(true);
    expect(await drain()).toEqual({ marks: marked.length, items: new Set(marked.map((m) => `${m.kind}|${m.item_key}`)).size });
    // The payment is counted; the reading counts are the stored ones (the readings were not read).
    expect(await rcved()).toBeGreaterThan(rcvedBefore);
    expect(await readErrors()).toBe(errorsBefore);
    // A full mark and a receivables-only mark of the same month in one interval: one item, read in full.
    await t.db.transaction((tx) => markDirty(tx, [{ kind: 'bill', key }, { kind: 'bill', key: `${key}${RECEIVABLES_ONLY}` }], t.clock.now()));
    expect(await drain()).toEqual({ marks: 2, items: 1 });
    expect(await readErrors()).toBe(errorsBefore + 1);
    const incremental = await allFacts(t.db);
    await rebuildIndicators(t.db, t.clock.now());
    expect(await allFacts(t.db)).toEqual(incremental);
  });

  it('a fresh 业扩 event, which marks nothing, writes its 大屏 line: its statement binds only the parameters it names', async () => {
    // ADR 0090 wrote the marks and the feed line in one statement, with the marks' time as a fifth parameter whether or
    // not there were marks. PostgreSQL refuses a statement given more parameters than it names, so every fresh 业扩
    // event (受理, 办结, 暂停) failed in this consumer until it went DEAD, its line and facts with it (found in P11).
    const key = 'YK2026120700001';
    await t.db.transaction((tx) => insertEvents(tx, [{ topic: 'instance.started', payload: { businessKey: key } }], t.clock.now()));
    await delivered();
    // A delivered event's delivery row is deleted: none is left, pending or dead.
    const left = await t.db.query<{ status: string; last_error: string | null }>(
      `SELECT d.status, d.last_error FROM wf_outbox_delivery d JOIN wf_outbox o ON o.id = d.event_id
        WHERE d.consumer = 'indicators.facts' AND o.payload->>'businessKey' = $1`,
      [key],
    );
    expect(left).toEqual([]);
    const [line] = await t.db.query<{ text: string }>('SELECT text FROM ind_recent ORDER BY id DESC LIMIT 1');
    expect(line?.text).toBe(`新受理业扩申请 ${key}`);
  });

  if (kind === 'postgres') it('two deliveries writing 大屏 lines at once do not wait for each other’s trim of the feed (P11)', async () => {
    let handler!: OutboxHandler;
    registerFactsConsumer(
      { consume: (_name, _topics, h) => ((handler = h), () => undefined), holidays: (q) => holidays.get(q) },
      { now: t.clock.now, onChange: () => undefined, onMarked: () => undefined },
    );
    // More than 200 lines: each new line trims those more than 200 behind it.
    await t.db.query(`INSERT INTO ind_recent (at, org_path, text) SELECT $1, '', '旧 ' || g FROM generate_series(1, 300) g`, [t.clock.now()]);
    const event = (n: number): OutboxEvent => ({ id: n, topic: 'instance.started', createdAt: t.clock.now().toISOString(), payload: { businessKey: `YK202612070${n}` } });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    // The first delivery writes its line, trims, and keeps its transaction open (a dispatcher's batch goes on).
    const first = t.db.transaction(async (tx) => {
      await handler(event(1001), tx);
      wrote();
      await held;
    });
    await written;
    try {
      // Two instances' dispatchers trimmed the same oldest lines, and the second waited for the first's commit.
      await t.db.transaction(async (tx) => {
        await tx.query("SET LOCAL lock_timeout = '2s'");
        await handler(event(1002), tx);
      });
    } finally {
      release();
      await first;
    }
    const lines = await t.db.query<{ text: string }>(`SELECT text FROM ind_recent WHERE text LIKE '新受理%' ORDER BY id DESC LIMIT 2`);
    expect(lines.map((l) => l.text)).toEqual(['新受理业扩申请 YK2026120701002', '新受理业扩申请 YK2026120701001']);
  });
});
