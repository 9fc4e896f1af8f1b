/**
 * Billing after the core (ADR 0043), through HTTP on the composed app over the seeded months: the receipt PDF
 * (scope, permission, audit; 503 without the font), 退补 approved by a second person without touching an issued
 * receivable, the 银行代扣 CSV import line by line (idempotent per 流水号, Chinese reasons), the 解款/对账 report, and
 * the 催费 steps (messages through the outbox to the SMS adapter, work items completed with If-Match).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  adjustmentSchema,
  bankImportSchema,
  dunningActionSchema,
  paymentSchema,
  payResultSchema,
  readPlanDetailSchema,
  readPlanListSchema,
  remittanceReportSchema,
  smsMessageSchema,
  type Adjustment,
} from '@wb/contracts/billing';
import { AppError } from '@wb/server-kit';
import { testDbKinds } from '@wb/server-kit/testing';
import { billingBooks } from '../seed/index.ts';
import { cstDate } from '../workflow/index.ts';
import { parseBankCsv, yuanToFen } from './collection.ts';
import { renderReceipt } from './receipt.ts';
import { createBillingTestApp, type BillingTestApp } from './testing.ts';

/** 临川城区供电所: df03 collects there; df02 calculates for 临川县 and below; mgr01 (city) approves. */
const LINCHUAN = '334010201';

describe('bank CSV parsing', () => {
  it('turns 元 into 分 without floating point and reports every bad line in Chinese', () => {
    expect(yuanToFen('12.3')).toBe(1230);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('1.005')).toBeNull();
    expect(() => parseBankCsv('a,b,c\n1,2,3', '2026-03-02')).toThrow(/表头/);
    const lines = parseBankCsv(
      '\uFEFF流水号,户号,金额,扣款日期\r\nB1,3340102010,10.00,2026-03-01\nB2,123,1,2026-03-01\nB3,3340102010,-1,2026-03-01\nB4,3340102010,1,2026-02-30\nB1,3340102010,10,2026-03-01\nB5,3340102010,1,2026-03-09\n\n',
      '2026-03-02',
    );
    expect(lines).toHaveLength(6);
    expect(lines[0]).toEqual({ lineNo: 2, serial: 'B1', consNo: '3340102010', amountFen: 1000, date: '2026-03-01' });
    expect(lines.slice(1).map((l) => ('message' in l ? l.message : null))).toEqual([
      '户号应为 10 位数字',
      '金额格式不正确（以元为单位，最多两位小数）',
      '扣款日期格式不正确，应为 YYYY-MM-DD',
      '文件内流水号重复，已忽略',
      '扣款日期不能晚于今天',
    ]);
  });

  it('answers 503 with a clear message when the CJK font is missing', async () => {
    const payment = paymentSchema.parse({
      id: '1', consNo: '3340102010', amountFen: 100, method: 'CASH', collector: 'df03', paidAt: '2026-03-02T01:00:00.000Z', allocations: [],
      prepaidFen: 100, reversed: false, reversedBy: null, reversedAt: null, restoreOrderId: null, version: 1,
    });
    const error = await renderReceipt({ payment, account: { consNo: '3340102010', name: '张三', orgUnitCode: LINCHUAN, prepaidFen: 100, oweFen: 0, penaltyFen: 0 } }, '/nonexistent/font.ttc').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).statusCode).toBe(503);
    expect((error as AppError).message).toContain('中文字体');
  });
});

describe.each(testDbKinds())('billing collection on %s', (kind) => {
  let t: BillingTestApp;
  /** Customers of 临川城区 with receivables and power on, not protected (those with open ones first), one per use. */
  let debtors: string[] = [];
  beforeAll(async () => {
    t = await createBillingTestApp(kind);
    const rows = await t.db.query<{ cons_no: string }>(
      `SELECT a.cons_no FROM billing_account a
        WHERE a.org_unit_code = $1 AND a.power_state = 'ON' AND NOT a.protected_flag AND EXISTS (SELECT 1 FROM billing_receivable r WHERE r.cons_no = a.cons_no)
        ORDER BY (SELECT count(*) FROM billing_receivable r WHERE r.cons_no = a.cons_no AND r.paid_fen < r.amount_fen) DESC, a.cons_no`,
      [LINCHUAN],
    );
    debtors = rows.map((r) => r.cons_no);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  }, 30_000);

  const debtor = (): string => {
    const consNo = debtors.shift();
    if (!consNo) throw new Error('no more seeded debtors in 临川城区');
    return consNo;
  };
  const books = async (): Promise<void> => {
    const b = await billingBooks(t.db);
    expect(b.receivableFen + b.penaltyFen - b.allocatedFen).toBe(b.openFen);
  };

  it('prints a payment receipt as PDF, in scope and permission only, and audits it', async () => {
    const consNo = debtor();
    const paid = await t.call('df03', 'POST', '/payments', { consNo, amountFen: 50_00, method: 'CASH' }, { 'idempotency-key': 'receipt-1' });
    expect(paid.statusCode, paid.body).toBe(201);
    const { payment } = payResultSchema.parse(paid.json());
    const res = await t.call('df03', 'GET', `/payments/${payment.id}/receipt.pdf`);
    const fontInstalled = await import('node:fs').then((fs) => fs.existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'));
    if (!fontInstalled) {
      expect(res.statusCode).toBe(503);
      return;
    }
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const number = `SJ${cstDate(new Date(payment.paidAt)).replaceAll('-', '')}-${payment.id.padStart(8, '0')}`;
    expect(pdf.toString('latin1')).toContain(number);
    expect(res.headers['content-disposition']).toContain(`${number}.pdf`);
    const [audit] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'billing.receipt.print' AND target = $1`, [`payment ${payment.id}`]);
    expect(audit!.n).toBe(1);
    // df01 (江北河口) cannot see a 临川 payment; kf01 has no billing permission; a bad id is refused by the schema.
    expect((await t.call('df01', 'GET', `/payments/${payment.id}/receipt.pdf`)).statusCode).toBe(404);
    expect((await t.call('kf01', 'GET', `/payments/${payment.id}/receipt.pdf`)).statusCode).toBe(403);
    expect((await t.call('df03', 'GET', '/payments/abc/receipt.pdf')).statusCode).toBe(400);
  }, 30_000);

  it('adjusts an issued month only by 退补 approved by a second person, never editing the receivable', async () => {
    const consNo = debtor();
    const [bill] = await t.db.query<{ id: string; ym: string; amount_fen: string; lines: unknown }>(
      `SELECT id::text AS id, ym, amount_fen, lines FROM billing_receivable WHERE cons_no = $1 ORDER BY ym DESC LIMIT 1`,
      [consNo],
    );
    const request = async (body: Record<string, unknown>): Promise<Adjustment> => {
      const res = await t.call('df02', 'POST', '/adjustments', { consNo, ym: bill!.ym, ...body });
      expect(res.statusCode, res.body).toBe(201);
      return adjustmentSchema.parse(res.json());
    };
    // Bad input: not issued, over the bill, no reason.
    const notIssued = await t.call('df02', 'POST', '/adjustments', { consNo, ym: '203001', kind: 'SUPPLEMENT', amountFen: 100, reason: '表计故障补收' });
    expect(notIssued.statusCode).toBe(409);
    expect(notIssued.json().error.message).toContain('尚未发行');
    const tooMuch = await t.call('df02', 'POST', '/adjustments', { consNo, ym: bill!.ym, kind: 'REFUND', amountFen: Number(bill!.amount_fen) + 1, reason: '多收退费' });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.message).toContain('退费金额不能超过');
    expect((await t.call('df02', 'POST', '/adjustments', { consNo, ym: bill!.ym, kind: 'REFUND', amountFen: 1 })).statusCode).toBe(400);
    expect((await t.call('df03', 'POST', '/adjustments', { consNo, ym: bill!.ym, kind: 'REFUND', amountFen: 1, reason: '多收退费' })).statusCode).toBe(403);

    const supplement = await request({ kind: 'SUPPLEMENT', amountFen: 12_34, kwh: 20, reason: '表计故障少计电量补收' });
    expect(supplement).toMatchObject({ status: 'PENDING', requestedBy: 'df02', receivableId: null });
    const approveUrl = `/adjustments/${supplement.id}/approve`;
    expect((await t.call('df02', 'POST', approveUrl, {}, { 'if-match': `"${supplement.version}"` })).statusCode).toBe(403);
    expect((await t.call('mgr01', 'POST', approveUrl, {})).statusCode).toBe(428);
    const approved = await t.call('mgr01', 'POST', approveUrl, { note: '同意' }, { 'if-match': `"${supplement.version}"` });
    expect(approved.statusCode, approved.body).toBe(200);
    const done = adjustmentSchema.parse(approved.json());
    expect(done).toMatchObject({ status: 'APPROVED', decidedBy: 'mgr01', decisionNote: '同意' });
    expect(done.receivableId).not.toBeNull();
    expect((await t.call('mgr01', 'POST', approveUrl, {}, { 'if-match': `"${done.version}"` })).statusCode).toBe(409);
    const rows = await t.db.query<{ id: string; amount_fen: string; lines: Array<{ kind: string }>; adjustment_id: string }>(
      `SELECT id::text AS id, amount_fen, lines, adjustment_id::text AS adjustment_id FROM billing_receivable WHERE cons_no = $1 AND ym = $2 ORDER BY adjustment_id`,
      [consNo, bill!.ym],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: bill!.id, adjustment_id: '0' });
    expect(Number(rows[0]!.amount_fen)).toBe(Number(bill!.amount_fen));
    expect(rows[0]!.lines).toEqual(bill!.lines);
    expect(rows[1]).toMatchObject({ id: done.receivableId, adjustment_id: done.id });
    expect(Number(rows[1]!.amount_fen)).toBe(12_34);
    expect(rows[1]!.lines.map((l) => l.kind)).toEqual(['ADJUST']);

    // 退费: credits the account, settling open 电费 first; rejected ones change nothing.
    const before = (await t.call('df03', 'GET', `/customers/${consNo}/account`)).json() as { oweFen: number; prepaidFen: number };
    const refund = await request({ kind: 'REFUND', amountFen: 5_00, reason: '倍率错误多收退费' });
    const refunded = adjustmentSchema.parse((await t.call('mgr01', 'POST', `/adjustments/${refund.id}/approve`, {}, { 'if-match': `"${refund.version}"` })).json());
    expect(refunded.status).toBe('APPROVED');
    const after = (await t.call('df03', 'GET', `/customers/${consNo}/account`)).json() as { oweFen: number; prepaidFen: number };
    expect(refunded.settledFen + (after.prepaidFen - before.prepaidFen)).toBe(5_00);
    expect(before.oweFen - after.oweFen).toBe(refunded.settledFen);
    const rejected = await request({ kind: 'REFUND', amountFen: 1_00, reason: '重复申请' });
    const rej = await t.call('mgr01', 'POST', `/adjustments/${rejected.id}/reject`, { note: '重复' }, { 'if-match': `"${rejected.version}"` });
    expect(adjustmentSchema.parse(rej.json()).status).toBe('REJECTED');
    const list = await t.call('df02', 'GET', `/adjustments?consNo=${consNo}`);
    expect(list.json().total).toBe(3);
    expect((await t.call('df01', 'GET', `/adjustments/${refund.id}`)).statusCode).toBe(404);
    await books();
  }, 20_000);

  it('imports a 代扣 file line by line: good lines applied once, bad lines reported in Chinese', async () => {
    const a = debtor();
    const b = debtor();
    const [outside] = await t.db.query<{ cons_no: string }>(`SELECT cons_no FROM billing_account WHERE org_unit_code <> $1 AND org_path NOT LIKE '%/3340102/%' LIMIT 1`, [LINCHUAN]);
    const today = cstDate(t.clock.now());
    const csv = [
      '流水号,户号,金额,扣款日期',
      `BK${kind}001,${a},88.80,${today}`,
      `BK${kind}002,${b},20,${today}`,
      `BK${kind}003,${outside!.cons_no},10.00,${today}`,
      `BK${kind}004,${a},abc,${today}`,
      `BK${kind}005,9999999999,1.00,${today}`,
    ].join('\n');
    const count = async (): Promise<number> => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM billing_payment WHERE method = 'BANK' AND collector = 'df03'`))[0]!.n;
    const first = await t.call('df03', 'POST', '/bank-imports', { fileName: '代扣-0302.csv', content: csv });
    expect(first.statusCode, first.body).toBe(201);
    const result = bankImportSchema.parse(first.json());
    expect(result).toMatchObject({ lines: 5, applied: 2, duplicates: 0, errors: 3, appliedFen: 108_80 });
    expect(result.results.map((r) => [r.lineNo, r.status, r.message])).toEqual([
      [2, 'APPLIED', null],
      [3, 'APPLIED', null],
      [4, 'ERROR', '户号不存在或不在您的数据范围内'],
      [5, 'ERROR', '金额格式不正确（以元为单位，最多两位小数）'],
      [6, 'ERROR', '户号不存在或不在您的数据范围内'],
    ]);
    expect(await count()).toBe(2);
    const again = bankImportSchema.parse((await t.call('df03', 'POST', '/bank-imports', { fileName: '代扣-0302.csv', content: csv })).json());
    expect(again).toMatchObject({ applied: 0, duplicates: 2, errors: 3 });
    expect(again.results[0]!.paymentId).toBe(result.results[0]!.paymentId);
    expect(await count()).toBe(2);
    const bad = await t.call('df03', 'POST', '/bank-imports', { fileName: 'x.csv', content: '户号,金额\n1,2' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('表头');
    expect((await t.call('df03', 'GET', `/bank-imports/${result.id}`)).json().applied).toBe(2);
    expect((await t.call('df02', 'GET', `/bank-imports/${result.id}`)).statusCode).toBe(403);

    // 解款/对账: df03's takings of today in df03's scope, by method.
    const report = remittanceReportSchema.parse((await t.call('df03', 'GET', `/reports/remittance?date=${today}`)).json());
    const mine = report.rows.find((r) => r.collector === 'df03')!;
    expect(mine.byMethod['BANK']).toEqual({ payments: 2, totalFen: 108_80 });
    const [sum] = await t.db.query<{ s: string }>(
      `SELECT COALESCE(sum(amount_fen), 0)::text AS s FROM billing_payment WHERE collector = 'df03' AND NOT reversed AND ('/' || org_path || '/') LIKE '%/${LINCHUAN}/%' AND paid_at >= ($1::date - interval '8 hours') AND paid_at < ($1::date + interval '16 hours')`,
      [today],
    );
    expect(mine.netFen).toBe(Number(sum!.s));
    expect((await t.call('df03', 'GET', '/reports/remittance?date=2026-3-1')).statusCode).toBe(400);
    await books();
  }, 20_000);

  it('lists the month’s 抄表 plans by 抄表段 and 例日, with readings tied to the plan', async () => {
    const res = await t.call('df03', 'GET', `/read-plans?ym=202604&orgUnitCode=${LINCHUAN}`);
    expect(res.statusCode, res.body).toBe(200);
    const plans = readPlanListSchema.parse(res.json()).items;
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.map((p) => p.mrDay)).toEqual([...plans.map((p) => p.mrDay)].sort((x, y) => x - y));
    const plan = plans.find((p) => p.accounts > 0)!;
    expect(plan).toMatchObject({ read: 0, missing: plan.accounts, status: 'PENDING', planDate: `2026-04-${String(plan.mrDay).padStart(2, '0')}` });
    // The seeded month is read in full by 采集.
    const march = readPlanListSchema.parse((await t.call('df03', 'GET', `/read-plans?ym=202603&orgUnitCode=${LINCHUAN}`)).json()).items;
    expect(march.find((p) => p.mrSectNo === plan.mrSectNo)!.status).toBe('DONE');

    const detailUrl = `/read-plans/${plan.mrSectNo}?ym=202604&orgUnitCode=${LINCHUAN}`;
    const before = readPlanDetailSchema.parse((await t.call('df03', 'GET', detailUrl)).json());
    expect(before.missing).toHaveLength(Math.min(500, plan.accounts));
    const consNo = before.missing[0]!;
    const [last] = await t.db.query<{ curr_index: string }>(`SELECT curr_index FROM billing_reading WHERE cons_no = $1 ORDER BY ym DESC LIMIT 1`, [consNo]);
    // A manual reading (the same index: 零度) by someone with the 抄表 right over 临川 (df01 reads in 江北).
    const byAdmin = await t.call('admin', 'POST', '/readings', { consNo, ym: '202604', currIndex: Number(last!.curr_index) });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect(byAdmin.json()).toMatchObject({ mrSectNo: plan.mrSectNo, exception: 'ZERO' });
    const after = readPlanDetailSchema.parse((await t.call('df03', 'GET', detailUrl)).json());
    expect(after.plan).toMatchObject({ read: 1, manual: 1, exceptions: 1, missing: plan.accounts - 1 });
    expect(after.missing).not.toContain(consNo);
    expect(after.exceptions.map((r) => r.consNo)).toEqual([consNo]);
    // Out of scope and unknown units are refused in Chinese.
    const foreign = await t.call('df03', 'GET', '/read-plans?ym=202604&orgUnitCode=334010102');
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.message).toContain('数据范围');
    expect((await t.call('df03', 'GET', `/read-plans/NOPE?ym=202604&orgUnitCode=${LINCHUAN}`)).statusCode).toBe(404);
  }, 20_000);

  it('runs the 催费 steps one at a time per arrears episode: 短信 through the outbox, then 电话 as work to complete', async () => {
    const run = async (): Promise<{ customers: number; created: Record<string, number> }> => {
      const res = await t.call('df03', 'POST', '/dunning/run', { orgUnitCode: LINCHUAN });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const first = await run();
    expect(first.customers).toBeGreaterThan(3);
    expect(first.created['SMS']).toBeGreaterThan(0);
    // The SMS adapter records each message once the outbox delivers it.
    await vi.waitFor(async () => {
      const page = (await t.call('df03', 'GET', '/sms-messages?pageSize=100')).json();
      expect(page.total).toBe(first.created['SMS']! + (first.created['NOTICE'] ?? 0));
    }, { timeout: 10_000, interval: 50 });
    const messages = (await t.call('df03', 'GET', '/sms-messages?pageSize=5')).json().items.map((m: unknown) => smsMessageSchema.parse(m));
    expect(messages[0].text).toMatch(/户号 \d{10} 截至 .* 欠电费 \d+\.\d{2} 元/);
    expect(messages.every((m: { phone: string }) => m.phone === '' || m.phone.includes('****'))).toBe(true);

    // The next run advances each episode by one step (电话 for the old debts), never repeating one.
    const second = await run();
    expect(second.created['SMS'] ?? 0).toBe(0);
    expect(second.created['CALL']).toBeGreaterThan(0);
    const calls = (await t.call('df03', 'GET', '/dunning?step=CALL&status=OPEN')).json();
    const call = dunningActionSchema.parse(calls.items[0]);
    expect((await t.call('df03', 'POST', `/dunning/${call.id}/complete`, { note: '已电话联系，客户承诺三日内缴清' })).statusCode).toBe(428);
    const completed = await t.call('df03', 'POST', `/dunning/${call.id}/complete`, { note: '已电话联系，客户承诺三日内缴清' }, { 'if-match': `"${call.version}"` });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(dunningActionSchema.parse(completed.json())).toMatchObject({ status: 'DONE', doneBy: 'df03' });
    expect((await t.call('df01', 'GET', `/dunning?pageSize=100`)).json().items.some((d: { orgUnitCode: string }) => d.orgUnitCode === LINCHUAN)).toBe(false);
    const [dupes] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT cons_no, episode_id, step FROM billing_dunning GROUP BY 1, 2, 3 HAVING count(*) > 1) x`);
    expect(dupes!.n).toBe(0);
  }, 20_000);
});
