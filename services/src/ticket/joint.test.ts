/**
 * 联合办理 (ADR 0050): a complaint dispatched to two 供电所 at once. Each unit takes, handles and is reviewed in
 * its own branch of `kf-joint` (a 退单 sends one branch back while the other waits at the join), each sees only
 * its own branch, each branch has its own clocks, and the ticket goes to 回访 when every branch passed review.
 * One database (PGlite): the join's counting on both databases is the engine's test (workflow/parallel.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicketResultSchema, ticketDetailSchema, ticketPageSchema, type TicketDetail } from '@wb/contracts/ticket';
import { createTicketTestApp, customerOf, type TicketTestApp } from './testing.ts';

const WF = '/api/svc/workflow/v1';
const CO_UNIT = '334010201';

describe('联合办理 tickets (parallel branches per unit)', () => {
  let t: TicketTestApp;

  beforeAll(async () => {
    t = await createTicketTestApp('pglite', { customers: 600 });
    // tq02: the 台区经理 of the co-unit (a demo account).
    await t.relogin([...Object.keys(t.cookies), 'tq02']);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  }, 30_000);

  const detail = async (user: string, no: string): Promise<TicketDetail> => {
    const res = await t.get(user, `/tickets/${no}`);
    expect(res.statusCode, res.body).toBe(200);
    return ticketDetailSchema.parse(res.json());
  };
  async function step(user: string, no: string, node: string, body: Record<string, unknown> = {}, status = 200): Promise<TicketDetail> {
    const current = await detail('kf02', no);
    const res = await t.post(user, `/tickets/${no}/${node}:complete`, body, { 'if-match': `"${current.version}"` });
    expect(res.statusCode, `${user} ${node}: ${res.body}`).toBe(status);
    return status === 200 ? ticketDetailSchema.parse(res.json()) : current;
  }
  async function complaint(offset: number): Promise<TicketDetail> {
    const c = await customerOf(t, '334010101', offset);
    const res = await t.post('kf01', '/tickets', {
      type: 'COMPLAINT', consNo: c.consNo, contactName: c.name.slice(0, 32), contactPhone: c.phone, address: c.address,
      content: '停电未提前通知，营业厅答复推诿',
    });
    expect(res.statusCode, res.body).toBe(201);
    return createTicketResultSchema.parse(res.json()).ticket;
  }

  it('runs two units side by side: own branches and clocks, one sent back and redone while the other waits, then 回访', async () => {
    const ticket = await complaint(0);
    const dispatched = await step('kf02', ticket.no, 'dispatch', { coUnitCodes: [CO_UNIT], opinion: '供电所与营业厅共同核实' });
    expect(dispatched).toMatchObject({ status: 'ACCEPT', orgUnitCode: '334010101' });
    expect(dispatched.branches?.map((b) => [b.branch, b.orgUnitCode, b.status])).toEqual([
      [1, '334010101', 'ACCEPT'],
      [2, CO_UNIT, 'ACCEPT'],
    ]);
    expect(dispatched.timeline.at(-1)).toMatchObject({ kind: 'DISPATCH', title: '联合派单' });

    // Data scope: each 供电所 sees the ticket with its own branch and task only.
    const mine = await detail('tq01', ticket.no);
    expect(mine.branches?.map((b) => b.branch)).toEqual([1]);
    expect(mine.openTask).toMatchObject({ nodeKey: 'accept-1', mayAct: true });
    const theirs = await detail('tq02', ticket.no);
    expect(theirs.branches?.map((b) => b.branch)).toEqual([2]);
    expect(theirs.openTask).toMatchObject({ nodeKey: 'accept-2', mayAct: true });
    const queue = ticketPageSchema.parse((await t.get('tq02', '/tickets?view=queue')).json());
    expect(queue.items.map((i) => i.no)).toContain(ticket.no);
    expect(queue.items.find((i) => i.no === ticket.no)?.nodeKey).toBe('accept');
    // Another unit's branch is not the caller's: 404; no 退回派单 from a branch.
    await step('tq01', ticket.no, 'accept', { branch: 2 }, 404);
    await step('tq01', ticket.no, 'accept', { outcome: 'return', opinion: '不属于本所' }, 409);

    // SLA per branch: 联系客户 stops in branch 1 at its 接单, keeps running in branch 2 and on the ticket.
    t.clock.advance(10 * 60_000);
    await t.relogin(['tq01', 'tq02', 'kf02', 'kf03']);
    let now = await step('tq01', ticket.no, 'accept');
    expect(now.status).toBe('ACCEPT');
    const contactOf = (d: TicketDetail, branch?: number) => (branch ? d.branches?.find((b) => b.branch === branch)?.clocks : d.clocks)?.find((c) => c.clock === 'contact');
    now = await detail('kf02', ticket.no);
    expect(contactOf(now, 1)?.stoppedAt).toBe(t.clock.now().toISOString());
    expect(contactOf(now, 2)).toMatchObject({ stoppedAt: null });
    expect(contactOf(now)).toMatchObject({ stoppedAt: null });
    t.clock.advance(30 * 60_000);
    await t.relogin(['tq01', 'tq02', 'kf02', 'kf03']);
    now = await step('tq02', ticket.no, 'accept');
    expect(now.status).toBe('HANDLING');
    expect(contactOf(await detail('kf02', ticket.no))?.stoppedAt).toBe(t.clock.now().toISOString());

    await step('tq01', ticket.no, 'handle', { result: '已核实停电通知张贴情况，向客户致歉' });
    now = await step('tq02', ticket.no, 'handle', { result: '营业厅已约谈窗口人员' });
    expect(now.status).toBe('REVIEW');
    // The 客服中心 reviews: two branches wait, so it names one.
    const ambiguous = await t.post('kf02', `/tickets/${ticket.no}/review:complete`, { outcome: 'pass' }, { 'if-match': `"${now.version}"` });
    expect(ambiguous.statusCode, ambiguous.body).toBe(400);
    expect(ambiguous.json().error.fields.branch).toMatch(/请选择办理单位/);

    // 退单 of branch 2 only: it goes back to its own 处理回单; branch 1 passes and waits at the join.
    now = await step('kf02', ticket.no, 'review', { branch: 2, outcome: 'reject', opinion: '请补充约谈记录' });
    expect(now.branches?.map((b) => [b.branch, b.status, b.rejects])).toEqual([
      [1, 'REVIEW', 0],
      [2, 'HANDLING', 1],
    ]);
    expect(now.status).toBe('HANDLING');
    now = await step('kf02', ticket.no, 'review', { branch: 1, outcome: 'pass' });
    expect(now.status).toBe('HANDLING');
    expect((await detail('tq02', ticket.no)).openTask).toMatchObject({ nodeKey: 'handle-2', mayAct: true });
    await step('tq02', ticket.no, 'handle', { result: '已补充约谈记录并回复客户' });
    now = await step('kf02', ticket.no, 'review', { outcome: 'pass' });
    expect(now).toMatchObject({ status: 'REVISIT', nodeKey: 'revisit' });
    expect(now.result).toContain('临川城区供电所：已补充约谈记录');
    expect(now.timeline.map((e) => e.kind)).toContain('JOIN');
    now = await step('kf03', ticket.no, 'revisit', { outcome: 'SATISFIED' });
    expect(now.status).toBe('ARCHIVED');
  });

  it('refuses what a joint dispatch cannot be, and keeps the branch tasks bound to the ticket service', async () => {
    await t.relogin(Object.keys(t.cookies));
    const ticket = await complaint(1);
    const bad = async (coUnitCodes: unknown, field = 'coUnitCodes') => {
      const res = await t.post('kf02', `/tickets/${ticket.no}/dispatch:complete`, { coUnitCodes }, { 'if-match': `"${ticket.version}"` });
      expect(res.statusCode, res.body).toBe(400);
      expect(Object.keys(res.json().error.fields ?? {}).join()).toContain(field);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    };
    await bad(['334010101']);
    await bad(['999999999']);
    await bad([CO_UNIT, '334010202', '334010301']);
    const stale = await detail('kf02', ticket.no);
    expect(stale).toMatchObject({ status: 'DISPATCH', version: ticket.version });
    expect(stale.branches).toBeUndefined();

    const joint = await step('kf02', ticket.no, 'dispatch', { coUnitCodes: [CO_UNIT] });
    // Through the generic API a branch task is bound: the answer names the step's command (the branch goes in its body).
    const task = (await detail('tq01', joint.no)).openTask!;
    expect(task).toMatchObject({ nodeKey: 'accept-1', mayAct: true });
    const generic = await t.request({ method: 'POST', url: `${WF}/tasks/${task.id}/complete`, cookie: t.cookies.tq01, payload: {}, headers: { 'if-match': `"${task.version}"` } });
    expect(generic.statusCode, generic.body).toBe(409);
    expect(generic.json().error.fields.route).toBe(`POST /api/svc/ticket/v1/tickets/${joint.no}/accept:complete`);
    // A ticket of one unit takes no branch.
    const single = await complaint(2);
    const res = await t.post('kf02', `/tickets/${single.no}/dispatch:complete`, {}, { 'if-match': `"${single.version}"` });
    expect(res.statusCode).toBe(200);
    await step('tq01', single.no, 'accept', { branch: 1 }, 400);
  });

  it("lists a 协办 unit's branch task in its shell 待办 (the task's candidate unit is in scope), and nothing else of the ticket", async () => {
    await t.relogin(Object.keys(t.cookies));
    const ticket = await complaint(3);
    const joint = await step('kf02', ticket.no, 'dispatch', { coUnitCodes: [CO_UNIT] });
    const wf = (user: string, url: string) => t.request({ method: 'GET', url: `${WF}${url}`, cookie: t.cookies[user] ?? '' });
    const todo = async (user: string) => {
      const res = await wf(user, `/inbox?box=todo&q=${joint.no}&pageSize=50`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { items: Array<{ taskId: string; nodeKey: string; businessKey: string }> }).items.filter((i) => i.businessKey === joint.no);
    };
    const theirs = await todo('tq02');
    expect(theirs.map((i) => i.nodeKey)).toEqual(['accept-2']);
    expect((await todo('tq01')).map((i) => i.nodeKey)).toEqual(['accept-1']);
    // The unfiltered 待办 (the bell's and the default view) lists it too.
    const plain = await wf('tq02', '/inbox?box=todo&pageSize=100');
    expect((plain.json() as { items: Array<{ businessKey: string }> }).items.map((i) => i.businessKey)).toContain(joint.no);
    // The task itself is readable by its unit; the other unit's branch task and the instance (the handling unit's) are not.
    const task = await wf('tq02', `/tasks/${theirs[0]!.taskId}`);
    expect(task.statusCode, task.body).toBe(200);
    expect(task.json()).toMatchObject({ nodeKey: 'accept-2' });
    const other = (await todo('tq01'))[0]!;
    expect((await wf('tq02', `/tasks/${other.taskId}`)).statusCode).toBe(404);
    expect((await wf('tq02', `/instances/${task.json().instanceId}`)).statusCode).toBe(404);
    // A 抢修员 of the co-unit holds the ticket scope there but is no candidate: nothing in the 待办.
    expect(await todo('qx02')).toEqual([]);
    // Once the unit has taken it, its 已办 lists it as well.
    await step('tq02', joint.no, 'accept');
    const done = await wf('tq02', `/inbox?box=done&q=${joint.no}`);
    expect((done.json() as { items: Array<{ nodeKey: string }> }).items.map((i) => i.nodeKey)).toEqual(['accept-2']);
    expect((await todo('tq02')).map((i) => i.nodeKey)).toEqual(['handle-2']);
  });
});
