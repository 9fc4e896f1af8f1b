import { describe, expect, it } from 'vitest';
import { deadLetterListSchema, holidayListSchema, inboxPageSchema, instanceDetailSchema, instanceDiagramSchema, notificationListSchema, processDefinitionSchema, taskSchema } from '@wb/contracts/workflow';
import { LOW_RESIDENT_XML, createWorkflowDataset, workflowHandlers } from '../index.ts';
import { errorOf, setUpMockService } from '../testing.ts';

const API = '/api/svc/workflow/v1';
const mock = setUpMockService(API, createWorkflowDataset, (data) => workflowHandlers({ data }));
const call = mock.call;

describe('workflow mock', () => {
  it('serves the four boxes with counts and filters, matching the contract', async () => {
    const todo = inboxPageSchema.parse((await call('GET', '/inbox?box=todo')).body);
    // A history box is counted only in its own answer (ADR 0108).
    expect(todo.counts).toEqual({ todo: 6, done: null, started: null, cc: null });
    expect(todo.items.map((i) => i.slaState)).toEqual(['NORMAL', 'WARNING', 'OVERDUE', 'PAUSED', 'NORMAL', 'NORMAL']);
    const overdue = inboxPageSchema.parse((await call('GET', '/inbox?slaState=OVERDUE')).body);
    expect(overdue.items.map((i) => i.taskId)).toEqual(['t-3']);
    expect(overdue.total).toBe(1);
    const cc = inboxPageSchema.parse((await call('GET', '/inbox?box=cc')).body);
    expect(cc.items.map((i) => [i.instanceId, i.taskId])).toEqual([['i-3', null]]);
    expect(cc.counts).toEqual({ todo: 6, done: null, started: null, cc: 1 });
    expect((await call('GET', '/inbox?box=all')).status).toBe(400);
  });

  it('stops the history counts at 1,000 and the unread count at 100, and says so, as the service does (ADR 0091)', async () => {
    const data = mock.data();
    const template = data.tasks[0]!;
    for (let n = 0; n < 1200; n++) data.tasks.push({ ...template, id: `done-${n}`, state: 'COMPLETED', assignee: 'yk02' });
    const notice = data.notifications[0]!;
    for (let n = 0; n < 150; n++) data.notifications.push({ ...notice, id: `n-${n}`, readAt: null });
    const done = inboxPageSchema.parse((await call('GET', '/inbox?box=done')).body);
    expect(done).toMatchObject({ total: 1000, totalCapped: true, capped: ['done'] });
    expect(done.counts).toEqual({ todo: 6, done: 1000, started: null, cc: null });
    const todo = inboxPageSchema.parse((await call('GET', '/inbox?box=todo')).body);
    expect(todo).toMatchObject({ total: 6, totalCapped: false, capped: [] });
    expect(notificationListSchema.parse((await call('GET', '/notifications')).body).unread).toBe(100);
  });

  it('claims once (409 after), completes with If-Match (412 when stale) and lists it under 已办', async () => {
    expect(taskSchema.parse((await call('POST', '/tasks/t-3/claim', {})).body)).toMatchObject({ state: 'CLAIMED', assignee: 'yk02', version: 2 });
    const again = await call('POST', '/tasks/t-3/claim', {});
    expect(again.status).toBe(409);
    expect(errorOf(again.body).message).toBe('您已签收该待办');
    const stale = await call('POST', '/tasks/t-3/complete', { opinion: 'ok' }, { 'if-match': '1' });
    expect(stale.status).toBe(412);
    expect((await call('POST', '/tasks/t-3/complete', { opinion: 'ok' }, { 'if-match': '2' })).status).toBe(200);
    const done = inboxPageSchema.parse((await call('GET', '/inbox?box=done')).body);
    expect(done.items.map((i) => i.taskId)).toEqual(['t-3']);
    const instance = instanceDetailSchema.parse((await call('GET', '/instances/i-3')).body);
    expect(instance.history.map((h) => h.action)).toEqual(['START', 'COMPLETE', 'CLAIM', 'COMPLETE']);
  });

  it('refuses a return without a reason with the contract message', async () => {
    const refused = await call('POST', '/tasks/t-1/return', { target: 'previous', opinion: '' });
    expect(refused.status).toBe(400);
    expect(errorOf(refused.body).fields).toEqual({ opinion: '请填写退回原因' });
    expect((await call('POST', '/tasks/t-1/return', { target: 'previous', opinion: '资料不全' })).status).toBe(200);
    expect(mock.data().tasks.find((t) => t.id === 't-1')?.state).toBe('CANCELLED');
  });

  it('suspends and resumes with a reason, in order (409 otherwise)', async () => {
    expect((await call('POST', '/instances/i-1/resume', { reason: '客户要求' })).status).toBe(409);
    expect(instanceDetailSchema.parse((await call('POST', '/instances/i-1/suspend', { reason: '客户要求暂缓' })).body).slaState).toBe('PAUSED');
    expect((await call('POST', '/instances/i-1/suspend', { reason: '再次' })).status).toBe(409);
    expect(instanceDetailSchema.parse((await call('POST', '/instances/i-1/resume', { reason: '客户已确认' })).body).status).toBe('RUNNING');
  });

  it('serves the diagram and the notifications; read and read-all update the unread count', async () => {
    expect(instanceDiagramSchema.parse((await call('GET', '/instances/i-1/diagram')).body).xml).toContain('<bpmn:userTask id="survey"');
    expect(notificationListSchema.parse((await call('GET', '/notifications')).body).unread).toBe(2);
    await call('POST', '/notifications/n-1/read', {});
    expect(notificationListSchema.parse((await call('GET', '/notifications')).body).unread).toBe(1);
    expect((await call('POST', '/notifications/read-all', {})).body).toEqual({ read: 1 });
    expect(notificationListSchema.parse((await call('GET', '/notifications')).body).unread).toBe(0);
  });

  it('starts once per Idempotency-Key', async () => {
    const body = { processKey: 'p', businessKey: 'B-1', businessTitle: '标题', orgUnitCode: '334010101' };
    const first = await call('POST', '/instances', body, { 'idempotency-key': 'k1' });
    const second = await call('POST', '/instances', body, { 'idempotency-key': 'k1' });
    expect(first.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(mock.data().instances.filter((i) => i.businessKey === 'B-1')).toHaveLength(1);
  });
});

describe('workflow mock: 系统管理 administration', () => {
  it('lists definitions with the instances running on each version, deploys the next version, serves the XML as asked', async () => {
    const list = processDefinitionSchema.array().parse(((await call('GET', '/definitions')).body as { items: unknown }).items);
    expect(list.map((d) => [d.key, d.version, d.running])).toEqual([['kf_revisit', 1, 0], ['yk_low_resident', 2, 0], ['yk_low_resident', 1, 7]]);
    const xml = mock.data().definitions.find((d) => d.key === 'kf_revisit')!.xml.replace('电话回访', '短信回访');
    expect(await call('POST', '/definitions', { xml })).toMatchObject({ status: 201, body: { key: 'kf_revisit', version: 2 } });
    expect(mock.data().definitions.at(-1)).toMatchObject({ key: 'kf_revisit', version: 2, xml, deployedBy: 'yk02' });
    const raw = await fetch(`${API}/definitions/kf_revisit/2/xml`);
    expect([raw.headers.get('content-type'), await raw.text()]).toEqual(['application/xml; charset=utf-8', xml]);
    expect((await call('POST', '/definitions', { xml: LOW_RESIDENT_XML })).body).toMatchObject({ error: { fields: { xml: '环节「受理登记」（id=accept）缺少办理人（wb:assignee）' } } });
    // No body at all is refused as a whole (`_`), as the service does (its `bodyOrEmpty` receives null).
    expect(Object.keys(errorOf((await call('POST', '/definitions')).body).fields ?? {})).toEqual(['_']);
  });

  it('replaces the holidays of the years a save names, keeping the others', async () => {
    const saved = await call('PUT', '/holidays', { years: [2026], items: [{ date: '2026-10-01', name: '国庆节', workday: false }] });
    expect(holidayListSchema.parse(saved.body).items).toEqual([{ date: '2026-10-01', name: '国庆节', workday: false }]);
    mock.data().holidays.push({ date: '2027-01-01', name: '元旦', workday: false });
    expect(holidayListSchema.parse((await call('GET', '/holidays?year=2027')).body).items).toHaveLength(1);
    expect(errorOf((await call('PUT', '/holidays', { items: [{ date: '2026-13-01', name: '无', workday: false }] })).body).fields).toEqual({ items: '日期 2026-13-01 不存在' });
  });

  it('retries a dead letter (waiting again) and discards one (gone); the counts follow', async () => {
    const counts = async () => deadLetterListSchema.parse((await call('GET', '/outbox/dead-letters')).body).consumers.filter((c) => c.pending + c.dead > 0);
    expect(await counts()).toEqual([
      { name: 'billing.sms-gateway', pending: 1, dead: 1 },
      { name: 'indicators.facts', pending: 1, dead: 0 },
      { name: 'workflow.push', pending: 0, dead: 1 },
    ]);
    expect((await call('POST', '/outbox/dead-letters/1057/retry', {})).status).toBe(204);
    expect((await call('POST', '/outbox/dead-letters/1041/discard', {})).status).toBe(204);
    expect(await counts()).toEqual([
      { name: 'billing.sms-gateway', pending: 2, dead: 0 },
      { name: 'indicators.facts', pending: 1, dead: 0 },
    ]);
    expect(mock.data().outbox.deliveries.find((d) => d.id === '1057')).toMatchObject({ status: 'PENDING', attempts: 0 });
  });
});
