/**
 * The billing service (电费账务, issue 13) through HTTP on the composed app, as the demo accounts, over the seeded
 * twelve months: the books balance to the 分; 核算 and 发行 (twice = once, issued is immutable); a counter payment
 * with Idempotency-Key, allocation oldest first with 违约金 and 预存; 冲正 by a second person only, with If-Match,
 * intranet only; 复电 created by the payment that clears a cut-off customer; 停电 rules; data scope by unit.
 */
import { describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import {
  DEFAULT_BILLING_SETTINGS,
  accountSchema,
  arrearsPageSchema,
  calcBatchSchema,
  orderSchema,
  payResultSchema,
  paymentSchema,
  readingSchema,
  type Account,
  type ArrearsRow,
} from '@wb/contracts/billing';
import { testDbKinds } from '@wb/server-kit/testing';
import { billingBooks } from '../seed/index.ts';
import { penaltyFen } from './penalty.ts';
import { notIssuedIn } from './operations.ts';
import { TEST_CLOCK_START, TEST_PASSWORD } from '../testing/harness.ts';
import { createBillingTestApp } from './testing.ts';
import { expectOrgPathRange } from '../testing/plans.ts';
import { suiteApp } from '../testing/suite.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const INTERNET = '203.0.113.5';
/** 临川城区供电所: df03 collects there; df02 calculates for 临川县 (3340102) and below. */
const LINCHUAN = '334010201';
const BAISHA = '334010202';

describe.each(testDbKinds())('billing service on %s', (kind) => {
  // The seeded year, and March 2026 calculated and issued for 临川城区: the debts the payment and order tests
  // take. The 发行 test issues the month for 临川白沙, a unit of its own.
  const t = suiteApp(async () => {
    const app = await createBillingTestApp(kind);
    const calc = await app.call('df02', 'POST', '/calc-batches', { ym: '202603', orgUnitCode: LINCHUAN });
    expect(calc.statusCode, calc.body).toBe(201);
    const batch = calcBatchSchema.parse(calc.json());
    expect((await app.call('df02', 'POST', `/calc-batches/${batch.id}/issue`, undefined, { 'if-match': `"${batch.version}"` })).statusCode).toBe(200);
    return app;
  });

  const account = async (user: string, consNo: string): Promise<Account> => {
    const res = await t.call(user, 'GET', `/customers/${consNo}/account`);
    expect(res.statusCode, res.body).toBe(200);
    return accountSchema.parse(res.json());
  };
  const arrears = async (user: string, query = ''): Promise<ArrearsRow[]> => {
    const res = await t.call(user, 'GET', `/arrears?pageSize=100${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return arrearsPageSchema.parse(res.json()).items;
  };

  it('seeds with planner statistics of the tables it filled (taken for empty, a join of its own went quadratic at 1,000,000: ADR 0079)', async () => {
    const rows = await t.db.query<{ relname: string; reltuples: number; n: number }>(
      `SELECT c.relname, c.reltuples::float8 AS reltuples, x.n FROM pg_class c
         JOIN (SELECT 'billing_account' AS t, count(*)::int AS n FROM billing_account UNION ALL SELECT 'billing_reading', count(*)::int FROM billing_reading
               UNION ALL SELECT 'billing_receivable', count(*)::int FROM billing_receivable UNION ALL SELECT 'billing_payment', count(*)::int FROM billing_payment
               UNION ALL SELECT 'billing_allocation', count(*)::int FROM billing_allocation) x ON x.t = c.relname
        WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) ORDER BY 1`,
    );
    expect(rows.map((r) => r.relname)).toEqual(['billing_account', 'billing_allocation', 'billing_payment', 'billing_reading', 'billing_receivable']);
    for (const r of rows) {
      expect(r.n, r.relname).toBeGreaterThan(0);
      expect(r.reltuples, r.relname).toBeGreaterThan(0.9 * r.n);
    }
  });

  it('seeds twelve months whose books balance to the 分, 95–99 % paid on time, a tail of arrears with penalties, cut-offs and 复电', async () => {
    const r = t.seedReport;
    expect(r.skipped).toBe(false);
    const [customers] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM customer WHERE status <> 'cancelled'`);
    expect(r.accounts).toBe(customers!.n);
    expect(r.readings).toBe(r.accounts * 13);
    expect(r.receivables).toBe(r.accounts * 12);
    expect(r.onTimeShare).toBeGreaterThanOrEqual(0.95);
    expect(r.onTimeShare).toBeLessThanOrEqual(0.99);
    expect(r.cutoffs).toBeGreaterThanOrEqual(2);

    // Σ receivables + Σ penalties − Σ allocated payments = Σ open, and each receivable's paid amounts are its allocations.
    const books = await billingBooks(t.db);
    expect(books.receivableFen + books.penaltyFen - books.allocatedFen).toBe(books.openFen);
    const [mismatch] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM billing_receivable r LEFT JOIN (
         SELECT receivable_id, sum(principal_fen) AS p, sum(penalty_fen) AS q FROM billing_allocation WHERE NOT reversed GROUP BY receivable_id) a ON a.receivable_id = r.id
        WHERE r.paid_fen <> COALESCE(a.p, 0) OR r.penalty_paid_fen <> COALESCE(a.q, 0)`,
    );
    expect(mismatch!.n).toBe(0);
    // The seed's SQL penalties for late payments are the service's rule (penaltyFen) to the 分.
    const late = await t.db.query<{ amount_fen: string; ym: string; due_date: string; penalty_through: string; resident: boolean; penalty_fen: string }>(
      `SELECT amount_fen, ym, due_date::text AS due_date, penalty_through::text AS penalty_through, resident, penalty_fen FROM billing_receivable WHERE penalty_through IS NOT NULL`,
    );
    expect(late.length).toBeGreaterThan(100);
    expect(late.some((r) => !r.resident)).toBe(true);
    for (const r of late) {
      expect(Number(r.penalty_fen)).toBe(penaltyFen(Number(r.amount_fen), r.ym, r.due_date, r.penalty_through, r.resident, DEFAULT_BILLING_SETTINGS));
    }
    // … and the arrears ledger (admin: everything) adds up to the same open principal.
    const ledger = arrearsPageSchema.parse((await t.call('admin', 'GET', '/arrears?pageSize=100')).json());
    // (Principal only: a 冲正 in another test leaves a charged penalty open, which the books count and the ledger shows apart.)
    const [principal] = await t.db.query<{ fen: string }>('SELECT sum(amount_fen - paid_fen)::text AS fen FROM billing_receivable');
    expect(ledger.totals.oweFen).toBe(Number(principal!.fen));
    expect(ledger.totals.customers).toBeGreaterThan(5);
    expect(Object.keys(ledger.totals.byBand)).toEqual(expect.arrayContaining(['D30', 'D365']));
    expect(ledger.items.some((row) => row.penaltyFen > 0)).toBe(true);

    // A year of finished 停电/复电 history (ADR 0061, 复电及时率) beside the demo's two orders still in hand.
    const restoresIn = async (status: string) =>
      (await t.call('admin', 'GET', `/orders?kind=RESTORE&status=${status}&pageSize=100`)).json().items.map((o: unknown) => orderSchema.parse(o));
    // The seed writes them before the test clock's start; the 复电 test below adds one of its own at or after it.
    const seeded = (o: { createdAt: string }) => Date.parse(o.createdAt) < TEST_CLOCK_START.getTime();
    const restores = [...(await restoresIn('OPEN')), ...(await restoresIn('FAILED'))].filter(seeded);
    expect(restores.map((o: { status: string }) => o.status).sort()).toEqual(['FAILED', 'OPEN']);
    expect((await restoresIn('DONE')).length).toBeGreaterThan(0);
    const [off] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM billing_account WHERE power_state = 'OFF' AND org_unit_code = '${LINCHUAN}'`);
    expect(off!.n).toBeGreaterThanOrEqual(3);
    const waiting = restores.find((o: { status: string }) => o.status === 'OPEN')!;
    expect(Date.parse(waiting.dueAt!) - Date.parse(waiting.plannedAt)).toBe(24 * HOUR);
  });

  it('calculates and issues a month once: 发行 twice = once, and an issued receivable never changes', async () => {
    const calc = await t.call('df02', 'POST', '/calc-batches', { ym: '202603', orgUnitCode: BAISHA });
    expect(calc.statusCode, calc.body).toBe(201);
    const batch = calcBatchSchema.parse(calc.json());
    expect(batch).toMatchObject({ ym: '202603', status: 'CALCULATED', issued: 0 });
    expect(batch.bills).toBeGreaterThan(50);

    expect((await t.call('df02', 'POST', `/calc-batches/${batch.id}/issue`)).statusCode).toBe(428);
    const issued = await t.call('df02', 'POST', `/calc-batches/${batch.id}/issue`, undefined, { 'if-match': `"${batch.version}"` });
    expect(issued.statusCode, issued.body).toBe(200);
    const first = calcBatchSchema.parse(issued.json());
    expect(first).toMatchObject({ status: 'ISSUED', issued: batch.bills - batch.exceptions });
    const count = async (): Promise<number> =>
      (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM billing_receivable WHERE ym = '202603' AND cons_no IN (SELECT cons_no FROM billing_account WHERE org_unit_code = $1)`, [BAISHA]))[0]!.n;
    const before = await count();
    expect(before).toBe(first.issued);
    const again = await t.call('df02', 'POST', `/calc-batches/${batch.id}/issue`, undefined, { 'if-match': `"${first.version}"` });
    expect(again.statusCode, again.body).toBe(200);
    expect(calcBatchSchema.parse(again.json()).issued).toBe(first.issued);
    expect(await count()).toBe(before);
    // A new calculation of the unit finds only the bills held back by 量费审核 (or nothing left at all).
    const recalc = await t.call('df02', 'POST', '/calc-batches', { ym: '202603', orgUnitCode: BAISHA });
    if (batch.exceptions === 0) expect(recalc.statusCode).toBe(409);
    else expect(calcBatchSchema.parse(recalc.json()).bills).toBe(batch.exceptions);

    await expect(t.db.query(`UPDATE billing_receivable SET amount_fen = amount_fen + 1 WHERE ym = '202603'`)).rejects.toThrow(/issued/);
    await expect(t.db.query(`DELETE FROM billing_receivable WHERE ym = '202603'`)).rejects.toThrow(/issued/);
    // Out of df02's scope (江北县): refused.
    const foreign = await t.call('df02', 'POST', '/calc-batches', { ym: '202603', orgUnitCode: '334010101' });
    expect(foreign.statusCode).toBe(400);
  });

  it('checks 核算’s "not yet issued" per account on the unique key, whatever the month’s statistics say (an anti join went quadratic: ADR 0082)', async () => {
    // The seed's statistics were taken before 202603 was issued: they say the month is empty, and part of it is issued now.
    const [issued] = await t.db.query<{ n: number }>(`SELECT count(DISTINCT cons_no)::int AS n FROM billing_receivable WHERE ym = '202603'`);
    expect(issued!.n).toBeGreaterThan(0);
    const plan = (await t.db.query<Record<string, string>>(`EXPLAIN SELECT a.cons_no FROM billing_account a WHERE ${notIssuedIn('a', '$1')}`, ['202603']))
      .map((row) => Object.values(row)[0])
      .join('\n');
    expect(plan).toMatch(/SubPlan/);
    expect(plan).toMatch(/Index (Only )?Scan using billing_receivable_cons_no_ym_key on billing_receivable/);
    expect(plan).not.toMatch(/Anti Join|Materialize/);
    const [pending] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM billing_account a WHERE ${notIssuedIn('a', '$1')}`, ['202603']);
    const [accounts] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM billing_account');
    expect(pending!.n).toBe(accounts!.n - issued!.n);
  });

  /** A customer of 临川城区 in arrears (power as asked), not protected. */
  async function debtor(powerState: 'ON' | 'OFF', skip: string[] = []): Promise<ArrearsRow> {
    const rows = await arrears('df03', `&orgUnitCode=${LINCHUAN}&powerState=${powerState}`);
    const row = rows.find((r) => !r.protectedFlag && !skip.includes(r.consNo) && (powerState === 'OFF' || r.months >= 2));
    if (!row) throw new Error(`no ${powerState} debtor in ${LINCHUAN}`);
    return row;
  }

  it('takes a counter payment once per Idempotency-Key: oldest first with 违约金, the rest to 预存; 冲正 only by a second person', async () => {
    const d = await debtor('ON');
    const before = await account('df03', d.consNo);
    expect(before.oweFen).toBe(d.oweFen);
    expect(before.penaltyFen).toBeGreaterThan(0);
    const pay = { consNo: d.consNo, amountFen: before.totalDueFen + 1_000, method: 'CASH' };
    const key = { 'idempotency-key': `pay-${d.consNo}` };
    const res = await t.call('df03', 'POST', '/payments', pay, key);
    expect(res.statusCode, res.body).toBe(201);
    const { payment, account: after } = payResultSchema.parse(res.json());
    expect(payment.prepaidFen).toBe(1_000);
    expect(payment.allocations.map((a) => a.ym)).toEqual([...payment.allocations.map((a) => a.ym)].sort());
    expect(payment.allocations.reduce((s, a) => s + a.principalFen, 0)).toBe(before.oweFen);
    expect(payment.allocations.reduce((s, a) => s + a.penaltyFen, 0)).toBe(before.penaltyFen);
    expect(after).toMatchObject({ oweFen: 0, penaltyFen: 0, prepaidFen: 1_000 });

    // A retry charges once; the same key for another payment is refused.
    const retry = await t.call('df03', 'POST', '/payments', pay, key);
    expect(retry.statusCode, retry.body).toBe(200);
    expect(payResultSchema.parse(retry.json()).payment.id).toBe(payment.id);
    const [{ n }] = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM billing_payment WHERE cons_no = $1 AND paid_at >= $2', [d.consNo, t.clock.now()])) as [{ n: number }];
    expect(n).toBe(1);
    expect((await t.call('df03', 'POST', '/payments', { ...pay, amountFen: 5 }, key)).statusCode).toBe(422);

    // 冲正: not by the collector; If-Match required; from the internet zone refused; by mgr01 in the intranet.
    const own = await t.call('df03', 'POST', `/payments/${payment.id}/reverse`, { reason: '收错户' }, { 'if-match': `"${payment.version}"` });
    expect(own.statusCode, own.body).toBe(403);
    expect((await t.call('mgr01', 'POST', `/payments/${payment.id}/reverse`, { reason: '收错户' })).statusCode).toBe(428);
    expect((await t.call('mgr01', 'POST', `/payments/${payment.id}/reverse`, { reason: '收错户' }, { 'if-match': '"99"' })).statusCode).toBe(412);
    const outside = await t.login('mgr01', TEST_PASSWORD, { remoteAddress: INTERNET });
    const fromInternet = await t.request({
      method: 'POST', url: `/api/svc/billing/v1/payments/${payment.id}/reverse`, payload: { reason: '收错户' }, cookie: outside, remoteAddress: INTERNET,
      headers: { 'if-match': `"${payment.version}"` },
    } as InjectOptions & { cookie: string });
    expect(fromInternet.statusCode).toBe(403);
    const reversed = await t.call('mgr01', 'POST', `/payments/${payment.id}/reverse`, { reason: '收错户' }, { 'if-match': `"${payment.version}"` });
    expect(reversed.statusCode, reversed.body).toBe(200);
    expect(paymentSchema.parse(reversed.json())).toMatchObject({ reversed: true, reversedBy: 'mgr01' });
    const restored = await account('df03', d.consNo);
    expect(restored).toMatchObject({ oweFen: before.oweFen, prepaidFen: 0 });
    // The penalty charged at the payment stays charged: what is owed now is the principal and that penalty.
    expect(restored.totalDueFen).toBe(before.totalDueFen);
    expect((await t.call('mgr01', 'POST', `/payments/${payment.id}/reverse`, { reason: '再次' }, { 'if-match': `"${reversed.json().version}"` })).statusCode).toBe(409);
    const books = await billingBooks(t.db);
    expect(books.receivableFen + books.penaltyFen - books.allocatedFen).toBe(books.openFen);
  });

  it('creates the 复电 order (24 h) when a payment clears a cut-off customer, executed by the 台区经理 only', async () => {
    const d = await debtor('OFF');
    const before = await account('df03', d.consNo);
    expect(before.powerState).toBe('OFF');
    // A partial payment creates no 复电.
    const part = await t.call('df03', 'POST', '/payments', { consNo: d.consNo, amountFen: 100, method: 'QR' });
    expect(payResultSchema.parse(part.json()).payment.restoreOrderId).toBeNull();
    const rest = (await account('df03', d.consNo)).totalDueFen;
    const res = await t.call('df03', 'POST', '/payments', { consNo: d.consNo, amountFen: rest, method: 'CARD' });
    expect(res.statusCode, res.body).toBe(201);
    const { payment } = payResultSchema.parse(res.json());
    expect(payment.restoreOrderId).not.toBeNull();
    const orderRes = await t.call('df03', 'GET', `/orders/${payment.restoreOrderId}`);
    const order = orderSchema.parse(orderRes.json());
    expect(order).toMatchObject({ kind: 'RESTORE', status: 'OPEN', consNo: d.consNo, overdue: false });
    expect(Date.parse(order.dueAt!) - t.clock.now().getTime()).toBe(24 * HOUR);
    expect(order.openStep).toBe('执行复电');
    expect((await t.call('df03', 'POST', `/orders/${order.id}/complete`, { success: true })).statusCode).toBe(428);
    // The 收费催费员 takes the money; the 台区经理 of the 供电所 restores power (bound task, bound-tasks.test.ts).
    const byCollector = await t.call('df03', 'POST', `/orders/${order.id}/complete`, { success: true }, { 'if-match': `"${order.version}"` });
    expect(byCollector.statusCode, byCollector.body).toBe(403);
    expect((await account('df03', d.consNo)).powerState).toBe('OFF');
  });

  it('takes a manual reading, flags 倒走 and 突增 for 复核, replaces it only with If-Match, and never after 发行', async () => {
    const [c] = await t.db.query<{ cons_no: string }>(`SELECT cons_no FROM billing_account WHERE org_unit_code = '334010102' AND tariff_code = 'RES-LV' ORDER BY cons_no LIMIT 1`);
    const consNo = c!.cons_no;
    const history = readingSchema.array().parse((await t.call('df01', 'GET', `/customers/${consNo}/readings`)).json().items);
    expect(history[0]!.ym).toBe('202603');
    const prev = history[0]!.currIndex;
    const first = await t.call('df01', 'POST', '/readings', { consNo, ym: '202604', currIndex: prev + 120 });
    expect(first.statusCode, first.body).toBe(200);
    const reading = readingSchema.parse(first.json());
    expect(reading).toMatchObject({ source: 'MANUAL', prevIndex: prev, kwh: 120, exception: null });
    expect((await t.call('df01', 'POST', '/readings', { consNo, ym: '202604', currIndex: prev - 5 })).statusCode).toBe(428);
    const back = await t.call('df01', 'POST', '/readings', { consNo, ym: '202604', currIndex: prev - 5 }, { 'if-match': `"${reading.version}"` });
    expect(readingSchema.parse(back.json())).toMatchObject({ kwh: 0, exception: 'REVERSE' });
    const jump = await t.call('df01', 'POST', '/readings', { consNo, ym: '202604', currIndex: prev + 5_000 }, { 'if-match': `"${reading.version + 1}"` });
    expect(readingSchema.parse(jump.json())).toMatchObject({ kwh: 5_000, exception: 'JUMP' });
    expect((await t.call('df01', 'POST', '/readings', { consNo, ym: '202602', currIndex: prev })).statusCode).toBe(409);
    expect((await t.call('df03', 'POST', '/readings', { consNo, ym: '202604', currIndex: prev })).statusCode).toBe(403);
    expect((await t.call('df01', 'POST', '/readings', { consNo, ym: '2026-04', currIndex: prev })).statusCode).toBe(400);
  });

  it('keeps every route in the unit’s data scope and behind its permission', async () => {
    const [jiangbei] = await t.db.query<{ cons_no: string }>(`SELECT cons_no FROM billing_account WHERE org_unit_code = '334010101' ORDER BY cons_no LIMIT 1`);
    expect((await t.call('df03', 'GET', `/customers/${jiangbei!.cons_no}/account`)).statusCode).toBe(404);
    expect((await t.call('tq01', 'GET', `/customers/${jiangbei!.cons_no}/account`)).statusCode).toBe(200);
    expect((await t.call('kf01', 'GET', `/customers/${jiangbei!.cons_no}/account`)).statusCode).toBe(403);
    expect((await t.call('guest01', 'GET', '/arrears')).statusCode).toBe(403);
    expect((await t.call('df03', 'POST', '/payments', { consNo: jiangbei!.cons_no, amountFen: 100, method: 'CASH' })).statusCode).toBe(404);
    expect((await t.call('df01', 'POST', '/payments', { consNo: jiangbei!.cons_no, amountFen: 100, method: 'CASH' })).statusCode).toBe(403);
    const units = new Set((await arrears('df01')).map((r) => r.orgUnitCode));
    expect([...units]).toEqual(['334010102']);
    const mine = new Set((await arrears('df03')).map((r) => r.orgUnitCode));
    expect([...mine]).toEqual([LINCHUAN]);
    expect((await t.call('df03', 'POST', '/payments', { consNo: jiangbei!.cons_no, amountFen: 1.5, method: 'CASH' })).statusCode).toBe(400);
  });

  it('filters 欠费台账 by unit: the 供电所’s own rows, its county’s, an unknown unit none; the org-path index serves the filter', async () => {
    const units = async (query: string): Promise<string[]> => [...new Set((await arrears('mgr01', query)).map((r) => r.orgUnitCode))].sort();
    expect(await units(`&orgUnitCode=${LINCHUAN}`)).toEqual([LINCHUAN]);
    expect(await units('&orgUnitCode=3340102')).toEqual(expect.arrayContaining([LINCHUAN]));
    expect((await units('&orgUnitCode=3340102')).every((code) => code.startsWith('3340102'))).toBe(true);
    expect(await arrears('mgr01', '&orgUnitCode=99999')).toEqual([]);
    // A range of billing_receivable_org_path_idx under the unit's path.
    await expectOrgPathRange(t.db, /billing_receivable r[\s\S]*r\.org_path/, '/33401/3340102/334010201', () => arrears('mgr01', `&orgUnitCode=${LINCHUAN}`));
  });

  it('orders a 停电 only after the notice period, on a working day in daytime, never for 保电/敏感 customers', async () => {
    const d = await debtor('ON');
    let acc = await account('df03', d.consNo);
    expect((await t.call('df03', 'POST', '/orders', { consNo: d.consNo })).json().error.message).toContain('停电通知');
    expect((await t.call('df03', 'POST', `/customers/${d.consNo}/notice`)).statusCode).toBe(428);
    const noticed = await t.call('df03', 'POST', `/customers/${d.consNo}/notice`, undefined, { 'if-match': `"${acc.version}"` });
    expect(noticed.statusCode, noticed.body).toBe(200);
    acc = accountSchema.parse(noticed.json());
    const early = await t.call('df03', 'POST', '/orders', { consNo: d.consNo });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('未满 7 天');

    // Eight days later (Tuesday 2026-03-10 09:00 China time).
    t.clock.advance(8 * DAY);
    await t.relogin();
    const saturday = await t.call('df03', 'POST', '/orders', { consNo: d.consNo, plannedAt: '2026-03-14T02:00:00Z' });
    expect(saturday.statusCode).toBe(409);
    expect(saturday.json().error.message).toContain('周末');
    const night = await t.call('df03', 'POST', '/orders', { consNo: d.consNo, plannedAt: '2026-03-10T14:00:00Z' });
    expect(night.statusCode).toBe(409);

    // 保电: flagged with If-Match (stale → 412), then refused.
    expect((await t.call('df03', 'PUT', `/customers/${d.consNo}/account`, { protectedFlag: true }, { 'if-match': '"1"' })).statusCode).toBe(412);
    const flagged = await t.call('df03', 'PUT', `/customers/${d.consNo}/account`, { protectedFlag: true }, { 'if-match': `"${acc.version}"` });
    expect(flagged.statusCode, flagged.body).toBe(200);
    const refused = await t.call('df03', 'POST', '/orders', { consNo: d.consNo });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('保电');
    acc = accountSchema.parse(flagged.json());
    await t.call('df03', 'PUT', `/customers/${d.consNo}/account`, { protectedFlag: false }, { 'if-match': `"${acc.version}"` });

    const ordered = await t.call('df03', 'POST', '/orders', { consNo: d.consNo });
    expect(ordered.statusCode, ordered.body).toBe(201);
    const order = orderSchema.parse(ordered.json());
    expect(order).toMatchObject({ kind: 'CUTOFF', status: 'OPEN' });
    expect((await t.call('df03', 'POST', '/orders', { consNo: d.consNo })).statusCode).toBe(409);
    // Executed by the 台区经理 (bound task, bound-tasks.test.ts), not by the 收费催费员 who ordered it.
    expect((await t.call('df03', 'POST', `/orders/${order.id}/complete`, { success: true }, { 'if-match': `"${order.version}"` })).statusCode).toBe(403);
    expect((await account('df03', d.consNo)).powerState).toBe('ON');
  });
});
