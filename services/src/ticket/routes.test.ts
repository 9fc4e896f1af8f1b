/**
 * The ticket service (95598, issue 12) through HTTP on the composed app, as the demo accounts: a repair in time
 * and late, 退单 and re-dispatch, a repeated call merged as 催办, 回访 unreachable three times, data scope per
 * 供电所, masking and the audited reveal, zones, If-Match, working-day clocks with holidays, bound tasks, calls.
 */
import { describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import {
  callSchema,
  compareQueueTickets,
  createTicketResultSchema,
  currentCallSchema,
  lookupResultSchema,
  outagePageSchema,
  outageSchema,
  precheckSchema,
  slaRuleEntrySchema,
  slaRuleListSchema,
  ticketConfigSchema,
  ticketDetailSchema,
  ticketPageSchema,
  ticketStatsSchema,
  type CreateTicketRequest,
  type TicketDetail,
} from '@wb/contracts/ticket';
import { notificationListSchema } from '@wb/contracts/workflow';
import { testDbKinds } from '@wb/server-kit/testing';
import { TEST_PASSWORD } from '../testing/harness.ts';
import { addWorkingDays, cstDate } from '../workflow/index.ts';
import { createTicketTestApp, customerOf, repairRequest } from './testing.ts';
import { expectOrgPathRange } from '../testing/plans.ts';
import { suiteApp } from '../testing/suite.ts';

const MIN = 60_000;
const WF = '/api/svc/workflow/v1';
const INTERNET = '203.0.113.5';

describe.each(testDbKinds())('ticket service on %s', (kind) => {
  const t = suiteApp(() => createTicketTestApp(kind));
  let offset = 0;

  /** A fresh customer of the 供电所 for each ticket, so that no test's call merges into another's ticket. */
  const nextCustomer = (orgUnitCode = '334010101') => customerOf(t, orgUnitCode, offset++);

  async function create(user: string, body: CreateTicketRequest, status = 201): Promise<TicketDetail> {
    const res = await t.post(user, '/tickets', body);
    expect(res.statusCode, res.body).toBe(status);
    return createTicketResultSchema.parse(res.json()).ticket;
  }
  async function step(user: string, ticket: TicketDetail, node: string, body: unknown = {}): Promise<TicketDetail> {
    const res = await t.post(user, `/tickets/${ticket.no}/${node}:complete`, body, { 'if-match': `"${ticket.version}"` });
    expect(res.statusCode, `${user} ${node}: ${res.body}`).toBe(200);
    return ticketDetailSchema.parse(res.json());
  }
  const detail = async (user: string, no: string): Promise<TicketDetail> => ticketDetailSchema.parse((await t.get(user, `/tickets/${no}`)).json());
  /** Moves the clock and signs everyone in again (sessions end after 30 idle minutes). */
  async function advance(ms: number): Promise<void> {
    t.clock.advance(ms);
    await t.relogin();
  }

  it('works a repair from intake to 归档 in time: clocks, statuses, timeline; the engine’s generic API cannot complete its tasks', async () => {
    const c = await nextCustomer();
    let ticket = await create('kf01', repairRequest(c));
    expect(ticket).toMatchObject({ status: 'DISPATCH', type: 'REPAIR', orgUnitCode: '334010101', areaClass: 'urban', nodeKey: 'dispatch', urgeCount: 0 });
    expect(ticket.no).toMatch(/^\d{16}$/);
    expect(ticket.sla).toMatchObject({ clock: 'arrive', state: 'NORMAL' });
    expect(Date.parse(ticket.sla!.dueAt) - Date.parse(ticket.acceptedAt)).toBe(45 * MIN);

    // Bound tasks: the generic workflow API refuses to complete the 派单 (409), nothing moves.
    const task = (await detail('kf02', ticket.no)).openTask!;
    expect(task).toMatchObject({ nodeKey: 'dispatch', mayAct: true, bound: { domain: 'ticket' } });
    const generic = await t.request({ method: 'POST', url: `${WF}/tasks/${task.id}/complete`, cookie: t.cookies.kf02, payload: {}, headers: { 'if-match': `"${task.version}"` } });
    expect(generic.statusCode, generic.body).toBe(409);
    expect(generic.json().error.code).toBe('WB_ERR_DOMAIN_BOUND');
    expect(generic.json().error.message).toContain(`/api/svc/ticket/v1/tickets/${ticket.no}/dispatch:complete`);
    expect((await detail('kf02', ticket.no)).status).toBe('DISPATCH');

    ticket = await step('kf02', ticket, 'dispatch', {});
    expect(ticket).toMatchObject({ status: 'ACCEPT', nodeKey: 'accept' });
    // The agent may not take the crew's step (403 from the engine's assignment rule, permission first).
    expect((await t.post('kf01', `/tickets/${ticket.no}/accept:complete`, {}, { 'if-match': `"${ticket.version}"` })).statusCode).toBe(403);
    ticket = await step('qx01', ticket, 'accept', { outcome: 'accept' });
    expect(ticket.status).toBe('HANDLING');
    await advance(30 * MIN);
    ticket = await step('qx01', ticket, 'arrive', {});
    expect(ticket.status).toBe('ARRIVED');
    const arrive = ticket.clocks.find((x) => x.clock === 'arrive')!;
    expect(arrive).toMatchObject({ state: 'NORMAL', remainingMs: null });
    const restore = ticket.clocks.find((x) => x.clock === 'restore')!;
    expect(Date.parse(restore.dueAt) - Date.parse(ticket.arrivedAt!)).toBe(3 * 60 * MIN);
    await advance(60 * MIN);
    const bad = await t.post('qx01', `/tickets/${ticket.no}/handle:complete`, { cause: '表箱开关故障', result: '已更换' }, { 'if-match': `"${ticket.version}"` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.restoredAt).toBe('请填写恢复供电时间');
    ticket = await step('qx01', ticket, 'handle', { cause: '表箱开关故障', result: '已更换开关，恢复供电', restoredAt: t.clock.now().toISOString() });
    expect(ticket).toMatchObject({ status: 'REVIEW', cause: '表箱开关故障' });
    expect(ticket.clocks.find((x) => x.clock === 'restore')!.state).toBe('NORMAL');
    ticket = await step('kf02', ticket, 'review', { outcome: 'pass' });
    expect(ticket.status).toBe('REVISIT');
    ticket = await step('kf03', ticket, 'revisit', { outcome: 'SATISFIED' });
    expect(ticket).toMatchObject({ status: 'ARCHIVED', revisitOutcome: 'SATISFIED', nodeKey: null, openTask: null });
    expect(ticket.timeline.map((e) => e.kind)).toEqual(['ACCEPT', 'DISPATCH', 'TAKE', 'ARRIVE', 'REPLY', 'APPROVE', 'REVISIT', 'ARCHIVE']);
    expect(ticket.history.map((h) => h.action)).toContain('END');
  }, 30_000);

  it('marks a late arrival OVERDUE, lists it as overdue while it runs, and keeps the miss after arrival; rural and remote limits differ', async () => {
    const c = await nextCustomer();
    let ticket = await create('kf01', repairRequest(c));
    ticket = await step('kf02', ticket, 'dispatch', {});
    ticket = await step('qx01', ticket, 'accept', {});
    await advance(38 * MIN);
    expect((await detail('kf02', ticket.no)).sla).toMatchObject({ clock: 'arrive', state: 'WARNING' });
    await advance(12 * MIN);
    expect((await detail('kf02', ticket.no)).sla).toMatchObject({ clock: 'arrive', state: 'OVERDUE' });
    const overdue = ticketPageSchema.parse((await t.get('kf02', '/tickets?overdue=true&pageSize=100')).json());
    expect(overdue.items.map((i) => i.no)).toContain(ticket.no);
    ticket = await step('qx01', ticket, 'arrive', {});
    expect(ticket.clocks.find((x) => x.clock === 'arrive')).toMatchObject({ state: 'OVERDUE', remainingMs: null });

    const rural = await create('kf01', repairRequest(await nextCustomer('334010102')));
    expect(rural.areaClass).toBe('rural');
    expect(Date.parse(rural.sla!.dueAt) - Date.parse(rural.acceptedAt)).toBe(90 * MIN);
    const remote = await create('kf01', repairRequest(await nextCustomer('334010303')));
    expect(remote.areaClass).toBe('remote');
    expect(Date.parse(remote.sla!.dueAt) - Date.parse(remote.acceptedAt)).toBe(120 * MIN);
  }, 30_000);

  it('counts a complaint’s working-day clocks on the workflow calendar, skipping a holiday', async () => {
    const now = t.clock.now();
    const tomorrow = cstDate(new Date(now.getTime() + 86_400_000));
    await t.db.query(`INSERT INTO wf_holiday (date, name, workday) VALUES ($1, '测试假日', false) ON CONFLICT (date) DO UPDATE SET workday = false`, [tomorrow]);
    t.engine.invalidateHolidays();
    try {
      const c = await nextCustomer();
      const ticket = await create('kf01', { type: 'COMPLAINT', consNo: c.consNo, contactName: c.name, contactPhone: c.phone, address: c.address, content: '抢修人员到达不及时' });
      const holidays = new Map([[tomorrow, false]]);
      const contact = ticket.clocks.find((x) => x.clock === 'contact')!;
      const finish = ticket.clocks.find((x) => x.clock === 'finish')!;
      const accepted = new Date(ticket.acceptedAt);
      expect(contact.dueAt).toBe(addWorkingDays(accepted, 1, holidays).toISOString());
      expect(finish.dueAt).toBe(addWorkingDays(accepted, 7, holidays).toISOString());
      // The holiday moved the 1-working-day limit past tomorrow.
      expect(cstDate(new Date(contact.dueAt))).not.toBe(tomorrow);
      expect(Date.parse(contact.dueAt) - accepted.getTime()).toBeGreaterThanOrEqual(2 * 86_400_000);
    } finally {
      await t.db.query('DELETE FROM wf_holiday WHERE date = $1', [tomorrow]);
      t.engine.invalidateHolidays();
    }
  }, 30_000);

  it('sends a complaint back (退单) to the unit and, after 退回派单, re-dispatches a repair to another 供电所', async () => {
    const c = await nextCustomer();
    let complaint = await create('kf01', { type: 'COMPLAINT', consNo: c.consNo, contactName: c.name, contactPhone: c.phone, address: c.address, content: '停电未提前通知' });
    complaint = await step('kf02', complaint, 'dispatch', {});
    complaint = await step('tq01', complaint, 'accept', {});
    complaint = await step('tq01', complaint, 'handle', { result: '已向客户解释' });
    const noReason = await t.post('kf02', `/tickets/${complaint.no}/review:complete`, { outcome: 'reject' }, { 'if-match': `"${complaint.version}"` });
    expect(noReason.statusCode).toBe(400);
    complaint = await step('kf02', complaint, 'review', { outcome: 'reject', opinion: '答复内容不完整，请补充停电原因' });
    expect(complaint).toMatchObject({ status: 'HANDLING', nodeKey: 'handle' });
    expect(complaint.clocks.find((x) => x.clock === 'finish')!.stoppedAt).toBeNull();
    complaint = await step('tq01', complaint, 'handle', { result: '已补充说明停电原因并致歉' });
    complaint = await step('kf02', complaint, 'review', { outcome: 'pass' });
    expect(complaint.status).toBe('REVISIT');
    expect(complaint.timeline.filter((e) => e.kind === 'REJECT').map((e) => e.text)).toEqual(['答复内容不完整，请补充停电原因']);

    let repair = await create('kf01', repairRequest(await nextCustomer()));
    repair = await step('kf02', repair, 'dispatch', {});
    repair = await step('qx01', repair, 'accept', { outcome: 'return', opinion: '该地址属临川城区供电所' });
    expect(repair).toMatchObject({ status: 'DISPATCH', nodeKey: 'dispatch' });
    repair = await step('kf02', repair, 'dispatch', { orgUnitCode: '334010201', opinion: '改派临川城区' });
    expect(repair).toMatchObject({ status: 'ACCEPT', orgUnitCode: '334010201', orgUnitName: '临川城区供电所', nodeKey: 'accept' });
    expect((await t.get('qx01', `/tickets/${repair.no}`)).statusCode).toBe(404);
    repair = await step('qx02', repair, 'accept', {});
    expect(repair.status).toBe('HANDLING');
    expect(repair.timeline.map((e) => e.kind)).toEqual(['ACCEPT', 'DISPATCH', 'RETURN_DISPATCH', 'DISPATCH', 'TAKE']);
  }, 30_000);

  it('merges a repeated call as 催办: count and reason kept, priority raised, the handler told; a different type is a new ticket', async () => {
    const c = await nextCustomer();
    const first = await create('kf01', repairRequest(c));
    const again = await t.post('kf01', '/tickets', repairRequest(c, { content: '还没人来', urgeReason: '客户第二次来电，情绪急躁' }));
    expect(again.statusCode, again.body).toBe(200);
    const merged = createTicketResultSchema.parse(again.json());
    expect(merged.merged).toBe(true);
    expect(merged.ticket).toMatchObject({ no: first.no, urgeCount: 1, priority: first.priority + 1 });
    expect(merged.ticket.urges).toEqual([expect.objectContaining({ kind: 'URGE', reason: '客户第二次来电，情绪急躁', by: 'kf01' })]);
    const notes = notificationListSchema.parse((await t.request({ method: 'GET', url: `${WF}/notifications?limit=100`, cookie: t.cookies.kf02 })).json());
    expect(notes.items.some((n) => n.kind === 'REMINDER' && n.title.includes(first.no))).toBe(true);
    const other = await create('kf01', { type: 'SERVICE', subType: 'METER', consNo: c.consNo, contactName: c.name, contactPhone: c.phone, address: c.address, content: '电能表显示异常' });
    expect(other.no).not.toBe(first.no);
    // 督办 by the manager: marked, priority up; kf01 may not.
    expect((await t.post('kf01', `/tickets/${first.no}/supervise`, { reason: '尽快处理' })).statusCode).toBe(403);
    const supervised = await t.post('mgr01', `/tickets/${first.no}/supervise`, { reason: '重复来电，请加快处理' });
    expect(supervised.statusCode, supervised.body).toBe(200);
    expect(ticketDetailSchema.parse(supervised.json())).toMatchObject({ supervised: true, priority: merged.ticket.priority + 5 });
  }, 30_000);

  it('retries 回访 when the customer cannot be reached and archives after the third attempt', async () => {
    const c = await nextCustomer();
    let ticket = await create('kf01', { type: 'SUGGESTION', consNo: c.consNo, contactName: c.name, contactPhone: c.phone, address: c.address, content: '建议增加夜间缴费网点' });
    ticket = await step('kf02', ticket, 'dispatch', {});
    ticket = await step('tq01', ticket, 'accept', {});
    ticket = await step('tq01', ticket, 'handle', { result: '已转营业厅研究' });
    ticket = await step('kf02', ticket, 'review', { outcome: 'pass' });
    ticket = await step('kf03', ticket, 'revisit', { outcome: 'UNREACHABLE', opinion: '无人接听' });
    expect(ticket).toMatchObject({ status: 'REVISIT', revisitAttempts: 1, nodeKey: 'revisit' });
    ticket = await step('kf03', ticket, 'revisit', { outcome: 'UNREACHABLE', opinion: '关机' });
    expect(ticket).toMatchObject({ status: 'REVISIT', revisitAttempts: 2 });
    ticket = await step('kf03', ticket, 'revisit', { outcome: 'UNREACHABLE', opinion: '无人接听' });
    expect(ticket).toMatchObject({ status: 'ARCHIVED', revisitAttempts: 3, revisitOutcome: 'UNREACHABLE', openTask: null });
  }, 30_000);

  it('keeps a 供电所 to its own tickets: qx01 neither sees nor acts on 临川城区’s; managers see the city; 404 before If-Match', async () => {
    let elsewhere = await create('kf01', repairRequest(await nextCustomer('334010201')));
    elsewhere = await step('kf02', elsewhere, 'dispatch', {});
    expect((await t.get('qx01', `/tickets/${elsewhere.no}`)).statusCode).toBe(404);
    const attempts: Array<Record<string, string>> = [{}, { 'if-match': `"${elsewhere.version}"` }, { 'if-match': '"999"' }];
    for (const headers of attempts) {
      const res = await t.post('qx01', `/tickets/${elsewhere.no}/accept:complete`, {}, headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(404);
    }
    expect((await t.post('qx01', `/tickets/${elsewhere.no}/reveal`, {})).statusCode).toBe(404);
    // A ticket of qx01's own 供电所, dispatched there: in his list, where only his unit's are.
    const own = await step('kf02', await create('kf01', repairRequest(await nextCustomer())), 'dispatch', {});
    const mine = ticketPageSchema.parse((await t.get('qx01', '/tickets?pageSize=100')).json());
    expect(mine.items.map((i) => i.no)).toContain(own.no);
    expect(mine.items.every((i) => i.orgUnitCode === '334010101')).toBe(true);
    expect((await t.get('qx02', `/tickets/${elsewhere.no}`)).statusCode).toBe(200);
    expect((await t.get('mgr01', `/tickets/${elsewhere.no}`)).statusCode).toBe(200);
    expect((await t.get('guest01', '/tickets')).statusCode).toBe(403);
    expect((await t.get('yk01', '/tickets')).statusCode).toBe(403);
    // If-Match: absent 428, stale 412, on a ticket in scope.
    const local = await create('kf01', repairRequest(await nextCustomer()));
    expect((await t.post('kf02', `/tickets/${local.no}/dispatch:complete`, {})).statusCode).toBe(428);
    expect((await t.post('kf02', `/tickets/${local.no}/dispatch:complete`, {}, { 'if-match': `"${local.version + 1}"` })).statusCode).toBe(412);
  }, 30_000);

  it('filters by 处理单位: a 供电所 lists its own, a county its 供电所’, an unknown unit none; the org-path index serves the filter', async () => {
    const jiangbei = await create('kf01', repairRequest(await nextCustomer('334010101')));
    const hekou = await create('kf01', repairRequest(await nextCustomer('334010102')));
    const linchuan = await create('kf01', repairRequest(await nextCustomer('334010201')));
    const listed = async (orgUnitCode: string): Promise<TicketDetail['no'][]> =>
      ticketPageSchema.parse((await t.get('mgr01', `/tickets?view=all&pageSize=100&orgUnitCode=${orgUnitCode}`)).json()).items.map((i) => i.no);
    const county = await listed('3340101');
    expect(county).toEqual(expect.arrayContaining([jiangbei.no, hekou.no]));
    expect(county).not.toContain(linchuan.no);
    const station = await listed('334010102');
    expect(station).toContain(hekou.no);
    expect(station).not.toContain(jiangbei.no);
    expect(await listed('99999')).toEqual([]);
    // The filter is a range of ticket_org_path_idx under the unit's path.
    await expectOrgPathRange(t.db, /FROM ticket t/, '/33401/3340101', () => listed('3340101'));
  });

  it('masks phones everywhere and reveals them only with kf:pii:reveal, audited; from the internet zone the service is refused', async () => {
    const c = await nextCustomer();
    const ticket = await create('kf01', { ...repairRequest(c), certNo: '330102198001011234' });
    expect(ticket.contactPhone).toBe(`${c.phone.slice(0, 3)}****${c.phone.slice(-4)}`);
    expect(ticket.certNo).toBe('330***********1234');
    const list = ticketPageSchema.parse((await t.get('kf01', `/tickets?consNo=${c.consNo}`)).json());
    expect(JSON.stringify(list)).not.toContain(c.phone);
    expect(JSON.stringify(await detail('kf01', ticket.no))).not.toContain(c.phone);
    expect((await t.post('mgr01', `/tickets/${ticket.no}/reveal`, {})).statusCode).toBe(403);
    await t.db.query(`DELETE FROM audit_log WHERE action = 'ticket.pii.reveal'`);
    const revealed = await t.post('kf01', `/tickets/${ticket.no}/reveal`, {});
    expect(revealed.statusCode, revealed.body).toBe(200);
    expect(revealed.json()).toEqual({ callerNo: c.phone, contactPhone: c.phone, certNo: '330102198001011234' });
    const audit = await t.db.query<{ actor: string; target: string }>(`SELECT actor, target FROM audit_log WHERE action = 'ticket.pii.reveal'`);
    expect(audit).toEqual([{ actor: 'kf01', target: `ticket ${ticket.no}` }]);
    // The audit viewer (系统管理) shows it.
    const viewer = await t.request({ method: 'GET', url: '/api/svc/iam/v1/audit?action=ticket.', cookie: t.cookies.admin });
    expect(viewer.statusCode, viewer.body).toBe(200);
    expect(viewer.body).toContain('ticket.pii.reveal');
    expect(viewer.body).toContain(ticket.no);

    await t.db.query(`UPDATE permission SET allowed_zones = '{intranet}' WHERE key LIKE 'kf:%'`);
    try {
      const outside = await t.login('kf01', TEST_PASSWORD, { remoteAddress: INTERNET });
      const res = await t.request({ method: 'GET', url: `/api/svc/ticket/v1/tickets/${ticket.no}`, cookie: outside, remoteAddress: INTERNET } as InjectOptions & { cookie: string });
      expect(res.statusCode).toBe(403);
    } finally {
      await t.db.query(`UPDATE permission SET allowed_zones = NULL WHERE key LIKE 'kf:%' AND key <> 'kf:pii:reveal'`);
    }
  }, 30_000);

  it('pops a call (模拟来电 and the telephony adapter) with the matching customers, tells the agent, and looks callers up by last four digits', async () => {
    const c = await nextCustomer();
    const res = await t.post('kf01', '/calls:simulate', { callerNo: c.phone });
    expect(res.statusCode, res.body).toBe(201);
    const call = callSchema.parse(res.json());
    expect(call.callerNo).toBe(`${c.phone.slice(0, 3)}****${c.phone.slice(-4)}`);
    expect(call.matches.map((m) => m.consNo)).toContain(c.consNo);
    expect(call.matches[0]!.phoneMasked).not.toContain(c.phone.slice(3, 7));
    const current = currentCallSchema.parse((await t.get('kf01', '/calls/current')).json());
    expect(current.call?.callId).toBe(call.callId);
    const notes = notificationListSchema.parse((await t.request({ method: 'GET', url: `${WF}/notifications?limit=100`, cookie: t.cookies.kf01 })).json());
    expect(notes.items.find((n) => n.link === `/app/service-tickets/intake?callId=${call.callId}`)).toBeDefined();
    // A ticket from the call takes the caller's number; the call lists it.
    const fromCall = await create('kf01', { callId: call.callId, type: 'CONSULT', consNo: c.consNo, contactName: c.name, address: c.address, content: '咨询电费', answeredOnCall: true, knowledgeId: 'KB003' });
    expect(fromCall).toMatchObject({ status: 'CLOSED', knowledgeId: 'KB003', knowledgeTitle: '电费缴纳渠道', sla: null, openTask: null, callId: call.callId });
    expect(callSchema.parse((await t.get('kf01', '/calls/current')).json().call).ticketNos).toEqual([fromCall.no]);
    // The adapter: for another agent; kf02 holds no kf:ticket:accept.
    const adapter = await t.post('kf01', '/calls', { callerNo: c.phone, agent: 'kf01' });
    expect(adapter.statusCode).toBe(201);
    expect((await t.post('kf02', '/calls', { callerNo: c.phone, agent: 'kf01' })).statusCode).toBe(403);
    const simulated = await t.post('kf01', '/calls:simulate', {});
    expect(simulated.statusCode).toBe(201);
    expect(callSchema.parse(simulated.json()).matches.length).toBeGreaterThan(0);

    const lookup = lookupResultSchema.parse((await t.get('kf01', `/lookup?q=${c.phone.slice(-4)}`)).json());
    expect(lookup.field).toBe('phoneTail');
    expect(lookup.items.map((m) => m.consNo)).toContain(c.consNo);
    expect(lookupResultSchema.parse((await t.get('kf01', `/lookup?q=${c.consNo}`)).json()).items.map((m) => m.consNo)).toEqual([c.consNo]);
    expect((await t.get('kf01', '/lookup?q=1')).statusCode).toBe(400);
  }, 30_000);

  it('keeps 停电信息 and shows it in the precheck of a customer on the 台区; knowledge, configuration and widget numbers', async () => {
    const c = await nextCustomer();
    const now = t.clock.now();
    const body = {
      kind: 'FAULT', orgUnitCode: '334010101', tgIds: [c.tgId], area: '城关镇部分区域', reason: '公变故障',
      startAt: new Date(now.getTime() - 10 * MIN).toISOString(), expectedEndAt: new Date(now.getTime() + 3 * 60 * MIN).toISOString(),
    };
    expect((await t.post('kf01', '/outages', body)).statusCode).toBe(403);
    expect((await t.post('kf02', '/outages', { ...body, tgIds: ['NOPE'] })).statusCode).toBe(400);
    const created = await t.post('kf02', '/outages', body);
    expect(created.statusCode, created.body).toBe(201);
    const outage = outageSchema.parse(created.json());
    expect(outage).toMatchObject({ status: 'ACTIVE', kindName: '故障停电' });
    const precheck = precheckSchema.parse((await t.get('kf01', `/precheck?consNo=${c.consNo}`)).json());
    expect(precheck.arrears).toEqual({ state: 'none', amount: 0, cutOff: false });
    // Billing is the source of arrears: an overdue receivable (electricity 123.45 元 + 违约金 0.50 元) shows at once.
    await t.db.query(
      `INSERT INTO billing_receivable (cons_no, ym, org_unit_code, org_path, tariff_code, resident, kwh, lines, amount_fen, penalty_fen, due_date, issued_at)
       VALUES ($1, '202601', '334010101', '/33401/3340101/334010101', 'TEST', true, 200, '[]'::jsonb, 12345, 50, '2026-01-20', now())`,
      [c.consNo],
    );
    const owing = precheckSchema.parse((await t.get('kf01', `/precheck?consNo=${c.consNo}`)).json());
    expect(owing.arrears).toEqual({ state: 'arrears', amount: 123.95, cutOff: false });
    expect(precheck.outages.map((o) => o.id)).toContain(outage.id);
    expect(precheck.guidance.length).toBeGreaterThan(0);
    // 客户360's 停电信息: the outages on the customer's 台区, for any viewer of tickets; an unknown 户号 has none.
    const forCustomer = outagePageSchema.parse((await t.get('kf01', `/outages?consNo=${c.consNo}`)).json());
    expect(forCustomer.items.map((o) => o.id)).toContain(outage.id);
    expect(forCustomer.items.every((o) => o.tgIds.includes(c.tgId))).toBe(true);
    expect(outagePageSchema.parse((await t.get('kf01', '/outages?consNo=0000000000')).json())).toEqual({ items: [], total: 0 });
    expect((await t.get('kf01', '/outages?consNo=12')).statusCode).toBe(400);
    const stale = await t.put('kf02', `/outages/${outage.id}`, { ...body, cancelled: true }, { 'if-match': `"${outage.version + 1}"` });
    expect(stale.statusCode).toBe(412);
    const cancelled = await t.put('kf02', `/outages/${outage.id}`, { ...body, cancelled: true }, { 'if-match': `"${outage.version}"` });
    expect(outageSchema.parse(cancelled.json()).status).toBe('CANCELLED');
    expect(precheckSchema.parse((await t.get('kf01', `/precheck?consNo=${c.consNo}`)).json()).outages.map((o) => o.id)).not.toContain(outage.id);

    const knowledge = (await t.get('kf01', '/knowledge?q=阶梯')).json() as { items: Array<{ id: string }> };
    expect(knowledge.items.map((k) => k.id)).toEqual(['KB001']);
    const config = ticketConfigSchema.parse((await t.get('kf01', '/config')).json());
    expect(config.sla.find((r) => r.key === 'REPAIR')!.clocks[0]).toMatchObject({ byArea: { urban: 45, rural: 90, remote: 120 } });
    expect(config.types.find((x) => x.key === 'SERVICE')!.subTypes).toHaveLength(6);
    // The 供电所 a 派单员 may route to: every supply station of the archive, named.
    expect(config.units.map((u) => u.code)).toContain('334010101');
    expect(config.units.find((u) => u.code === '334010201')?.name).toBe('临川城区供电所');
    // kf01 has at least the ticket accepted here open.
    await create('kf01', repairRequest(await nextCustomer()));
    const stats = ticketStatsSchema.parse((await t.get('kf01', '/stats')).json());
    expect(stats.callsToday).toBeGreaterThanOrEqual(0);
    expect(stats.myOpen).toBeGreaterThan(0);
    const crew = ticketStatsSchema.parse((await t.get('qx01', '/stats')).json());
    expect(crew.myOpen).toBe(0);
  }, 30_000);
  it('orders the 派单台 overdue first, then by priority, then by due time (an overdue ticket showed below an urgent one)', async () => {
    const late = await create('kf01', repairRequest(await nextCustomer()));
    await advance(50 * MIN); // past the 45 minutes of an urban repair's arrival
    const urgent = await create('kf01', repairRequest(await nextCustomer(), { urgency: 'URGENT' }));
    const plain = await create('kf01', repairRequest(await nextCustomer()));
    const page = ticketPageSchema.parse((await t.get('kf02', '/tickets?view=dispatch&pageSize=100')).json());
    const at = (no: string): number => page.items.findIndex((x) => x.no === no);
    expect(page.items.find((x) => x.no === late.no)?.sla?.state).toBe('OVERDUE');
    expect(at(late.no)).toBeGreaterThanOrEqual(0);
    expect(at(late.no)).toBeLessThan(at(urgent.no));
    expect(at(urgent.no)).toBeLessThan(at(plain.no));
    // The whole queue follows the contract's rule.
    const now = t.clock.now().getTime();
    const mine = page.items.filter((x) => [late.no, urgent.no, plain.no].includes(x.no));
    expect(mine.map((x) => x.no)).toEqual([late, urgent, plain].map((x) => x.no));
    expect(page.items.map((x) => x.no)).toEqual([...page.items].sort((x, y) => compareQueueTickets(x, y, now)).map((x) => x.no));
  }, 30_000);
  it('lets a manager override a type’s limits (If-Match, audited) and return to the default; new tickets follow', async () => {
    const key = 'SERVICE:CHARGING';
    const url = `/admin/sla-rules/${encodeURIComponent(key)}`;
    expect((await t.get('kf01', '/admin/sla-rules')).statusCode).toBe(403);
    const list = slaRuleListSchema.parse((await t.get('mgr01', '/admin/sla-rules')).json());
    const rule = list.items.find((r) => r.key === key)!;
    expect(rule).toMatchObject({ overridden: false, version: 0, clocks: [{ clock: 'arrive', unit: 'minutes', amount: 45 }] });
    const body = { clocks: [{ clock: 'arrive', unit: 'minutes', amount: 30 }], source: '2026 年充电服务通知' };
    expect((await t.put('mgr01', url, body)).statusCode).toBe(428);
    expect((await t.put('mgr01', url, body, { 'if-match': '"3"' })).statusCode).toBe(412);
    const bad = await t.put('mgr01', url, { clocks: [{ clock: 'arrive', unit: 'minutes', amount: 0 }] }, { 'if-match': '"0"' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty(['clocks.0.amount']);
    expect((await t.put('mgr01', '/admin/sla-rules/NOPE', body, { 'if-match': '"0"' })).statusCode).toBe(404);
    const saved = await t.put('mgr01', url, body, { 'if-match': '"0"' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.headers['etag']).toBe('"1"');
    expect(slaRuleEntrySchema.parse(saved.json())).toMatchObject({ overridden: true, version: 1, verified: true, updatedBy: 'mgr01', source: '2026 年充电服务通知' });
    const audit = await t.db.query<{ actor: string; detail: { before: unknown[]; after: Array<{ amount: number }> } }>(`SELECT actor, detail FROM audit_log WHERE action = 'ticket.sla.update'`);
    expect(audit.at(-1)).toMatchObject({ actor: 'mgr01', detail: { after: [{ amount: 30 }] } });
    // The configuration and a ticket accepted now follow the override.
    expect(ticketConfigSchema.parse((await t.get('kf01', '/config')).json()).sla.find((r) => r.key === key)?.clocks[0]?.amount).toBe(30);
    const c = await nextCustomer();
    const ticket = await create('kf01', { type: 'SERVICE', subType: 'CHARGING', consNo: c.consNo, contactName: c.name, contactPhone: c.phone, address: c.address, content: '预约充电桩安装' });
    expect(Date.parse(ticket.sla!.dueAt) - Date.parse(ticket.acceptedAt)).toBe(30 * MIN);
    // Back to the default (If-Match on the override's version).
    const reset = await t.request({ method: 'DELETE', url: `/api/svc/ticket/v1${url}`, cookie: t.cookies['mgr01'] ?? '', headers: { 'if-match': '"1"' } });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(slaRuleEntrySchema.parse(reset.json())).toMatchObject({ overridden: false, version: 0, clocks: [{ amount: 45 }] });
    expect((await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'ticket.sla.reset'`)).length).toBeGreaterThan(0);
  }, 30_000);
});
