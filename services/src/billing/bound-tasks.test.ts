/**
 * Billing's bound workflow tasks (ADR 0049): 抄表复核 (抄表员), 量费审核 (核算员), 停电 and 复电 (台区经理 of the
 * customer's 供电所, 复电 within 24 h, a failure goes on to 现场复电（督办）). Each is in its handler's inbox, the
 * generic workflow API never completes it around billing's rules, and the customer archive's 状态 follows the power.
 * One database (PGlite): the SQL is billing's and the engine's, run on both by routes.test.ts and the engine's tests.
 */
import { describe, expect, it } from 'vitest';
import { calcBatchSchema, orderSchema, payResultSchema, readingSchema, type Order } from '@wb/contracts/billing';
import { inboxPageSchema } from '@wb/contracts/workflow';
import { createBillingTestApp } from './testing.ts';
import { suiteApp } from '../testing/suite.ts';

const WF = '/api/svc/workflow/v1';
const DAY = 86_400_000;
const CHENGGUAN = '334010101';

describe('billing bound tasks', () => {
  const t = suiteApp(() => createBillingTestApp('pglite'));

  const wf = (user: string, method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
    t.request({ method, url: `${WF}${url}`, cookie: t.cookies[user] ?? '', headers, ...(payload ? { payload } : {}) });
  /** The generic API's complete with the task's current If-Match (so only the binding can refuse it). */
  const genericComplete = async (user: string, taskId: string, payload: object) => {
    const version = (await wf(user, 'GET', `/tasks/${taskId}`)).json().version as number;
    return wf(user, 'POST', `/tasks/${taskId}/complete`, payload, { 'if-match': `"${version}"` });
  };
  const todo = async (user: string) => inboxPageSchema.parse((await wf(user, 'GET', '/inbox?box=todo&pageSize=100')).json()).items;
  const archiveStatus = async (consNo: string): Promise<string> =>
    (await t.db.query<{ status: string }>('SELECT status FROM customer WHERE cons_no = $1', [consNo]))[0]!.status;
  /** 城关 customers in arrears, power on, not protected (tq01's 供电所). */
  const debtors = async (): Promise<string[]> =>
    (await t.db.query<{ cons_no: string }>(
      `SELECT DISTINCT r.cons_no FROM billing_receivable r JOIN billing_account a ON a.cons_no = r.cons_no
        WHERE a.org_unit_code = $1 AND a.power_state = 'ON' AND NOT a.protected_flag AND r.paid_fen < r.amount_fen ORDER BY r.cons_no`,
      [CHENGGUAN],
    )).map((r) => r.cons_no);
  const complete = (user: string, order: Order, success: boolean) =>
    t.call(user, 'POST', `/orders/${order.id}/complete`, { success, note: success ? '已完成' : '终端离线' }, { 'if-match': `"${order.version}"` });

  it('复电: the 台区经理 restores within 24 h through billing only; a failure goes on to 督办; the archive follows', async () => {
    const [consNo] = await debtors();
    // Cut off earlier (as the seed's 停电 do): billing and the archive say so.
    await t.db.query(`UPDATE billing_account SET power_state = 'OFF' WHERE cons_no = $1`, [consNo]);
    await t.db.query(`UPDATE customer SET status = 'cutoff' WHERE cons_no = $1`, [consNo]);
    const due = (await t.call('admin', 'GET', `/customers/${consNo}/account`)).json().totalDueFen as number;
    const paid = payResultSchema.parse((await t.call('admin', 'POST', '/payments', { consNo, amountFen: due, method: 'CASH' })).json());
    let order = orderSchema.parse((await t.call('tq01', 'GET', `/orders/${paid.payment.restoreOrderId}`)).json());
    expect(order).toMatchObject({ kind: 'RESTORE', status: 'OPEN', openStep: '执行复电' });
    expect(Date.parse(order.dueAt!) - Date.parse(order.createdAt)).toBe(DAY);

    const task = (await todo('tq01')).find((i) => i.businessKey === `FD${order.id}`);
    expect(task).toMatchObject({ processKey: 'df-restore', nodeKey: 'execute' });
    const generic = await genericComplete('tq01', task!.taskId!, { outcome: 'done' });
    expect(generic.statusCode, generic.body).toBe(409);
    expect(generic.json().error).toMatchObject({ code: 'WB_ERR_DOMAIN_BOUND' });
    expect(generic.json().error.message).toContain(`/api/svc/billing/v1/orders/${order.id}/complete`);

    const failed = await complete('tq01', order, false);
    expect(failed.statusCode, failed.body).toBe(200);
    order = orderSchema.parse(failed.json());
    expect(order).toMatchObject({ status: 'FAILED', openStep: '现场复电（督办）' });
    expect((await todo('tq01')).find((i) => i.businessKey === `FD${order.id}`)).toMatchObject({ nodeKey: 'onsite' });
    expect((await complete('tq01', order, false)).statusCode).toBe(409);
    const done = await complete('tq01', order, true);
    expect(done.statusCode, done.body).toBe(200);
    expect(orderSchema.parse(done.json())).toMatchObject({ status: 'DONE', openStep: null });
    expect((await t.call('tq01', 'GET', `/customers/${consNo}/account`)).json().powerState).toBe('ON');
    expect(await archiveStatus(consNo!)).toBe('normal');
  });

  it('抄表复核: an exceptional reading is the 抄表员’s task, completed only by 复核 (confirm or correct)', async () => {
    const [c] = await t.db.query<{ cons_no: string }>(`SELECT cons_no FROM billing_account WHERE org_unit_code = '334010102' AND tariff_code = 'RES-LV' ORDER BY cons_no LIMIT 1`);
    const consNo = c!.cons_no;
    const prev = readingSchema.array().parse((await t.call('df01', 'GET', `/customers/${consNo}/readings`)).json().items)[0]!.currIndex;
    const entered = readingSchema.parse((await t.call('df01', 'POST', '/readings', { consNo, ym: '202604', currIndex: prev - 5 })).json());
    expect(entered.exception).toBe('REVERSE');
    const task = (await todo('df01')).find((i) => i.businessKey === `${consNo}-202604`);
    expect(task).toMatchObject({ processKey: 'df-reading-review', nodeKey: 'review' });
    expect((await genericComplete('df01', task!.taskId!, {})).json().error.code).toBe('WB_ERR_DOMAIN_BOUND');

    const url = `/readings/${consNo}/202604/review`;
    expect((await t.call('df01', 'POST', url, { opinion: '' }, { 'if-match': `"${entered.version}"` })).statusCode).toBe(400);
    expect((await t.call('df01', 'POST', url, { opinion: '换表后示数' })).statusCode).toBe(428);
    expect((await t.call('df03', 'POST', url, { opinion: '越权' }, { 'if-match': `"${entered.version}"` })).statusCode).toBe(403);
    const reviewed = await t.call('df01', 'POST', url, { currIndex: prev + 80, opinion: '现场复抄，示数更正' }, { 'if-match': `"${entered.version}"` });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(readingSchema.parse(reviewed.json())).toMatchObject({ kwh: 80, exception: null, reviewedBy: 'df01' });
    expect((await todo('df01')).some((i) => i.businessKey === `${consNo}-202604`)).toBe(false);
    expect((await t.call('df01', 'POST', url, { opinion: '再次' }, { 'if-match': `"${reviewed.json().version}"` })).statusCode).toBe(409);
  });

  it('量费审核: a batch with exceptions is the county 核算员’s task; passed bills are issued, the rest held back', async () => {
    const calc = await t.call('df02', 'POST', '/calc-batches', { ym: '202603', orgUnitCode: '334010201' });
    const batch = calcBatchSchema.parse(calc.json());
    expect(batch.exceptions).toBeGreaterThan(0);
    const task = (await todo('df02')).find((i) => i.businessKey === `HS${batch.id}`);
    expect(task).toMatchObject({ processKey: 'df-bill-audit', nodeKey: 'audit', orgUnitCode: '3340102' });
    const detail = (await t.call('df02', 'GET', `/calc-batches/${batch.id}`)).json() as { bills: Array<{ consNo: string; exception: string | null }> };
    const held = detail.bills.filter((b) => b.exception !== null && b.exception.startsWith('抄表异常')).map((b) => b.consNo);
    expect(held.length).toBeGreaterThan(0);
    const audit = (body: object, version: number) => t.call('df02', 'POST', `/calc-batches/${batch.id}/audit`, body, { 'if-match': `"${version}"` });
    expect((await audit({ approve: ['0000000000'], opinion: '核实' }, batch.version)).statusCode).toBe(400);
    const passed = await audit({ approve: [held[0]], opinion: '零度核实为空房' }, batch.version);
    expect(passed.statusCode, passed.body).toBe(200);
    const after = calcBatchSchema.parse(passed.json());
    expect(after.exceptions).toBe(batch.exceptions - 1);
    expect((await audit({ approve: [], opinion: '再次' }, after.version)).statusCode).toBe(409);
    const issued = calcBatchSchema.parse((await t.call('df02', 'POST', `/calc-batches/${batch.id}/issue`, undefined, { 'if-match': `"${after.version}"` })).json());
    expect(issued.issued).toBe(batch.bills - batch.exceptions + 1);
    const [r] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM billing_receivable WHERE cons_no = $1 AND ym = '202603'`, [held[0]]);
    expect(r!.n).toBe(1);
  });

  it('停电: ordered by the rules, executed by the 台区经理 only; the archive shows 已停电', async () => {
    const [consNo] = await debtors(); // the first still in arrears with power on (the 复电 test's has paid, if it ran)
    const acc = (await t.call('tq01', 'GET', `/customers/${consNo}/account`)).json() as { version: number };
    const noticed = await t.call('tq01', 'POST', `/customers/${consNo}/notice`, undefined, { 'if-match': `"${acc.version}"` });
    expect(noticed.statusCode, noticed.body).toBe(200);
    t.clock.advance(8 * DAY); // Tuesday 09:00 China time, past the notice period
    await t.relogin(); // every session ended with the clock: everyone signs in again, for the tests after this one too
    const ordered = await t.call('tq01', 'POST', '/orders', { consNo });
    expect(ordered.statusCode, ordered.body).toBe(201);
    const order = orderSchema.parse(ordered.json());
    expect(order.openStep).toBe('执行停电');
    expect((await todo('tq01')).find((i) => i.businessKey === `TD${order.id}`)).toMatchObject({ processKey: 'df-cutoff' });
    expect((await complete('df03', order, true)).statusCode).toBe(404);
    const done = await complete('tq01', order, true);
    expect(done.statusCode, done.body).toBe(200);
    expect((await t.call('tq01', 'GET', `/customers/${consNo}/account`)).json().powerState).toBe('OFF');
    expect(await archiveStatus(consNo!)).toBe('cutoff');
  });

  it('催费: 电话 for the 收费催费员, 上门 for the 台区经理 of the customer’s own 台区; completed through billing; a payment ends them', async () => {
    // Every other debtor of 城关 lives on one of tq01's 台区 (the small test seed puts few there).
    const [tg] = await t.db.query<{ tg_id: string }>(
      `SELECT min(ut.tg_id) AS tg_id FROM user_tg ut JOIN sys_user u ON u.id = ut.user_id JOIN tg ON tg.tg_id = ut.tg_id WHERE u.username = 'tq01'`,
    );
    const owing = await t.db.query<{ cons_no: string }>(
      `SELECT DISTINCT r.cons_no FROM billing_receivable r JOIN billing_account a ON a.cons_no = r.cons_no
        WHERE a.org_unit_code = $1 AND r.paid_fen < r.amount_fen ORDER BY r.cons_no`,
      [CHENGGUAN],
    );
    const halves = owing.map((r) => r.cons_no).filter((_, i) => i % 2 === 0);
    await t.db.query('UPDATE customer SET tg_id = $2 WHERE cons_no = ANY($1::text[])', [halves, tg!.tg_id]);
    // Three runs: 短信, then 电话, then 上门 for the old debts of 城关 (tq01's 供电所) — one step per episode and run.
    for (let i = 0; i < 3; i++) expect((await t.call('admin', 'POST', '/dunning/run', { orgUnitCode: CHENGGUAN })).statusCode).toBe(200);
    const items = await t.db.query<{ id: string; cons_no: string; step: string; tg_id: string; mine: boolean }>(
      `SELECT d.id::text AS id, d.cons_no, d.step, c.tg_id,
              EXISTS (SELECT 1 FROM user_tg ut JOIN sys_user u ON u.id = ut.user_id WHERE u.username = 'tq01' AND ut.tg_id = c.tg_id) AS mine
         FROM billing_dunning d JOIN customer c ON c.cons_no = d.cons_no
        WHERE d.org_unit_code = $1 AND d.step IN ('CALL', 'VISIT') AND d.status = 'OPEN' ORDER BY d.id`,
      [CHENGGUAN],
    );
    const taskOf = async (id: string) =>
      (await t.db.query<{ process_key: string; node_key: string; assignee: string | null; cand_kind: string; cand_value: string; cand_org: string | null }>(
        `SELECT i.process_key, t.node_key, t.assignee, t.cand_kind, t.cand_value, t.cand_org FROM wf_task t JOIN wf_instance i ON i.id = t.instance_id
          WHERE i.business_key = $1 AND t.state IN ('OPEN', 'CLAIMED')`,
        [`CF${id}`],
      ))[0];
    const call = items.find((d) => d.step === 'CALL');
    const own = items.find((d) => d.step === 'VISIT' && d.mine);
    const other = items.find((d) => d.step === 'VISIT' && !d.mine);
    if (!call || !own || !other) throw new Error(`the seed gives 城关 no 电话 / 上门 of both kinds of 台区: ${JSON.stringify(items.map((d) => [d.step, d.mine]))}`);
    // 电话: the 收费催费员 post of the customer's 供电所.
    expect(await taskOf(call.id)).toMatchObject({ process_key: 'df-dunning-call', node_key: 'call', assignee: null, cand_kind: 'post', cand_value: 'DF_COLLECT', cand_org: CHENGGUAN });
    // 上门 on tq01's 台区: handed to him; on another 台区 of the 供电所: open to its 台区经理 post.
    expect(await taskOf(own.id)).toMatchObject({ process_key: 'df-dunning-visit', node_key: 'visit', assignee: 'tq01' });
    expect(await taskOf(other.id)).toMatchObject({ process_key: 'df-dunning-visit', assignee: null, cand_kind: 'post', cand_value: 'TQ_MGR', cand_org: CHENGGUAN });
    const task = (await todo('tq01')).find((i) => i.businessKey === `CF${own.id}`);
    expect(task).toMatchObject({ processKey: 'df-dunning-visit', nodeKey: 'visit' });

    // The generic API refuses it, naming billing's route; someone who is not its handler gets a 403.
    const generic = await genericComplete('tq01', task!.taskId!, { outcome: 'done' });
    expect(generic.statusCode).toBe(409);
    expect(generic.json().error.message).toContain(`/api/svc/billing/v1/dunning/${own.id}/complete`);
    const listed = (await t.call('tq01', 'GET', '/dunning?step=VISIT&status=OPEN&pageSize=100')).json() as { items: Array<{ id: string; version: number }> };
    const version = listed.items.find((d) => d.id === own.id)!.version;
    const byAdmin = await t.call('admin', 'POST', `/dunning/${own.id}/complete`, { note: '已上门' }, { 'if-match': `"${version}"` });
    expect(byAdmin.statusCode, byAdmin.body).toBe(403);
    const [unchanged] = await t.db.query<{ status: string }>('SELECT status FROM billing_dunning WHERE id = $1', [own.id]);
    expect(unchanged!.status).toBe('OPEN');
    const done = await t.call('tq01', 'POST', `/dunning/${own.id}/complete`, { note: '已上门告知，客户承诺本周缴清' }, { 'if-match': `"${version}"` });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'DONE', doneBy: 'tq01' });
    expect(await taskOf(own.id)).toBeUndefined();
    expect((await todo('tq01')).some((i) => i.businessKey === `CF${own.id}`)).toBe(false);

    // Paying everything ends the customer's open 催费: the item is done, its task withdrawn.
    const due = (await t.call('admin', 'GET', `/customers/${other.cons_no}/account`)).json().totalDueFen as number;
    expect((await t.call('admin', 'POST', '/payments', { consNo: other.cons_no, amountFen: due, method: 'CASH' })).statusCode).toBe(201);
    const [closed] = await t.db.query<{ status: string; note: string }>('SELECT status, note FROM billing_dunning WHERE id = $1', [other.id]);
    expect(closed).toMatchObject({ status: 'DONE', note: '客户已缴清欠费' });
    expect(await taskOf(other.id)).toBeUndefined();
  });
});
