import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { inboxPageSchema, instanceDetailSchema, instanceDiagramSchema, notificationListSchema, processDefinitionSchema, taskSchema } from '@wb/contracts/workflow';
import { testDbKinds } from '@wb/server-kit/testing';
import { defaultServices } from '../modules.ts';
import { createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { createWorkflowEngine } from './engine.ts';
import { CONNECTION_XML, SIMPLE_XML } from './testing/fixtures.ts';

const WF = '/api/svc/workflow/v1';

describe.each(testDbKinds())('workflow service routes on %s', (kind) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    const engine = createWorkflowEngine();
    engine.registerServiceTask('test.archive', async () => ({ archived: true }));
    t = await createTestApp(kind, { services: defaultServices({ workflow: { engine, sweepIntervalMs: 0 } }) });
    for (const u of ['admin', 'yk01', 'yk02', 'df01', 'mgr01', 'guest01', 'kf01', 'ld01', 'df02']) cookies[u] = await t.login(u);
    // The process every test starts; the deployment test deploys one of its own.
    expect((await call('admin', 'POST', '/definitions', { xml: CONNECTION_XML })).statusCode).toBe(201);
  }, 120_000);
  afterAll(async () => t?.close());

  const call = (user: string | null, method: InjectOptions['method'], url: string, payload?: unknown, headers?: Record<string, string>) =>
    t.request({
      method,
      url: `${WF}${url}`,
      ...(user ? { cookie: cookies[user] } : {}),
      ...(payload === undefined ? {} : { payload: payload as object }),
      ...(headers ? { headers } : {}),
    });
  const startBody = (businessKey: string) => ({ processKey: 't-connection', businessKey, businessTitle: '王五 居民新装', orgUnitCode: '334010101', variables: { capacity: 6 } });
  /** An instance started by yk01 whose 受理 was completed and whose 勘查 yk02 claimed and returned: back at 受理. */
  async function returnedInstance(businessKey: string): Promise<string> {
    const started = await call('yk01', 'POST', '/instances', startBody(businessKey));
    expect(started.statusCode, started.body).toBe(201);
    const accept = taskSchema.parse(started.json().openTasks[0]);
    const done = await call('yk01', 'POST', `/tasks/${accept.id}/complete`, { opinion: '资料齐全', form: { idNo: 'x' } }, { 'if-match': `"${accept.version}"` });
    const survey = taskSchema.parse(done.json().openTasks[0]);
    expect((await call('yk02', 'POST', `/tasks/${survey.id}/claim`)).statusCode).toBe(200);
    expect((await call('yk02', 'POST', `/tasks/${survey.id}/return`, { target: 'previous', opinion: '证件照片不清晰' })).statusCode).toBe(200);
    return started.json().instanceId as string;
  }

  it('answers 401 without a session and 403 without the permission', async () => {
    expect((await call(null, 'GET', '/inbox')).statusCode).toBe(401);
    expect((await call('guest01', 'GET', '/inbox')).statusCode).toBe(403);
    expect((await call('yk01', 'POST', '/definitions', { xml: SIMPLE_XML('nope') })).statusCode).toBe(403);
    expect((await call('yk01', 'GET', '/holidays')).statusCode).toBe(403);
    expect((await call(null, 'GET', '/notifications')).statusCode).toBe(401);
  });

  it('deploys through the API; an unsupported element is a 400 naming it', async () => {
    const bad = CONNECTION_XML.replace('<exclusiveGateway id="gw" name="勘查结论" default="f6" />', '<inclusiveGateway id="gw" name="勘查结论" />');
    const refused = await call('admin', 'POST', '/definitions', { xml: bad });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toBe('不支持的流程元素：inclusiveGateway（id=gw）');
    expect((await call('admin', 'POST', '/definitions', { xml: '' })).statusCode).toBe(400);
    const own = CONNECTION_XML.replace('<process id="t-connection"', '<process id="t-deployed"');
    const deployed = await call('admin', 'POST', '/definitions', { xml: own });
    expect(deployed.statusCode).toBe(201);
    expect(deployed.json()).toEqual({ key: 't-deployed', version: 1 });
    const list = processDefinitionSchema.array().parse((await call('yk01', 'GET', '/definitions')).json().items);
    expect(list.filter((d) => d.key === 't-deployed')).toEqual([expect.objectContaining({ key: 't-deployed', version: 1, name: '测试业扩', running: 0, deployedBy: 'admin' })]);
    const xml = await call('yk01', 'GET', '/definitions/t-deployed/1/xml');
    expect(xml.headers['content-type']).toContain('application/xml');
    expect(xml.body).toBe(own);
    const json = await call('yk01', 'GET', '/definitions/t-deployed/1/xml', undefined, { accept: 'application/json' });
    expect(json.json()).toEqual({ key: 't-deployed', version: 1, xml: own });
    expect((await call('yk01', 'GET', '/definitions/t-deployed/9/xml')).statusCode).toBe(404);
  });

  it('starts with an Idempotency-Key: 10 retries one instance and the same response; another body with the key → 422 (D2)', async () => {
    const headers = { 'idempotency-key': 'start-1' };
    const responses = [];
    for (let i = 0; i < 10; i++) responses.push(await call('yk01', 'POST', '/instances', startBody('YK-R-1'), headers));
    expect(responses.map((r) => r.statusCode)).toEqual(Array.from({ length: 10 }, () => 201));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(await t.db.query(`SELECT 1 FROM wf_instance WHERE business_key = 'YK-R-1'`)).toHaveLength(1);
    const other = await call('yk01', 'POST', '/instances', startBody('YK-R-2'), headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('WB_ERR_UNPROCESSABLE');
    expect(await t.db.query(`SELECT 1 FROM wf_instance WHERE business_key = 'YK-R-2'`)).toHaveLength(0);
    // Without a key a second start of the same business is a 409; outside the user's org a 400.
    expect((await call('yk01', 'POST', '/instances', startBody('YK-R-1'))).statusCode).toBe(409);
    expect((await call('yk01', 'POST', '/instances', { ...startBody('YK-R-3'), orgUnitCode: '334010201' })).statusCode).toBe(400);
    expect((await call('yk01', 'POST', '/instances', { ...startBody('YK-R-3'), unknown: 1 })).statusCode).toBe(400);
  });

  it('inbox → complete under If-Match: 428 without, 412 stale, 200, then 409 — state unchanged by refusals (D5)', async () => {
    expect((await call('yk01', 'POST', '/instances', startBody('YK-R-D5'))).statusCode).toBe(201);
    const inbox = inboxPageSchema.parse((await call('yk01', 'GET', '/inbox?box=todo&q=YK-R-D5')).json());
    expect(inbox.items).toHaveLength(1);
    const taskId = inbox.items[0]!.taskId!;
    const task = taskSchema.parse((await call('yk01', 'GET', `/tasks/${taskId}`)).json());
    expect((await call('yk01', 'POST', `/tasks/${taskId}/complete`, { opinion: 'ok' })).statusCode).toBe(428);
    const stale = await call('yk01', 'POST', `/tasks/${taskId}/complete`, { opinion: 'ok' }, { 'if-match': `"${task.version + 1}"` });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.code).toBe('WB_ERR_PRECONDITION_FAILED');
    expect(taskSchema.parse((await call('yk01', 'GET', `/tasks/${taskId}`)).json())).toMatchObject({ state: 'OPEN', version: task.version });
    // yk02 (勘查员) neither takes part in the instance nor is a candidate of 受理: the task is not there for him (404).
    expect((await call('yk02', 'POST', `/tasks/${taskId}/complete`, {}, { 'if-match': `"${task.version}"` })).statusCode).toBe(404);
    const done = await call('yk01', 'POST', `/tasks/${taskId}/complete`, { opinion: '资料齐全', form: { idNo: 'x' } }, { 'if-match': `"${task.version}"` });
    expect(done.statusCode).toBe(200);
    const next = taskSchema.parse(done.json().openTasks[0]);
    expect(next).toMatchObject({ nodeKey: 'survey', state: 'OPEN' });
    expect((await call('yk01', 'POST', `/tasks/${taskId}/complete`, {}, { 'if-match': `"${task.version}"` })).statusCode).toBe(409);
    // The survey task: visible to its candidate, 404 to an unrelated handler.
    expect((await call('yk02', 'GET', `/tasks/${next.id}`)).statusCode).toBe(200);
    expect((await call('df01', 'GET', `/tasks/${next.id}`)).statusCode).toBe(404);
    expect((await call('yk02', 'POST', `/tasks/${next.id}/complete`, { outcome: 'maybe' }, { 'if-match': `"${next.version}"` })).statusCode).toBe(400);
    expect((await call('yk02', 'POST', `/tasks/${next.id}/return`, { target: 'previous', opinion: '' })).statusCode).toBe(400);
    const claimed = await call('yk02', 'POST', `/tasks/${next.id}/claim`);
    expect(claimed.json()).toMatchObject({ state: 'CLAIMED', assignee: 'yk02' });
    const returned = await call('yk02', 'POST', `/tasks/${next.id}/return`, { target: 'previous', opinion: '证件照片不清晰' });
    expect(returned.statusCode).toBe(200);
    expect(returned.json().openTasks[0]).toMatchObject({ nodeKey: 'accept' });
  });

  it('task and instance actions answer 404 to whoever cannot see them — before If-Match, state or candidacy; 403 only when visible', async () => {
    const started = await call('yk01', 'POST', '/instances', startBody('YK-R-SCOPE'));
    expect(started.statusCode, started.body).toBe(201);
    const instanceId = started.json().instanceId as string;
    const task = taskSchema.parse(started.json().openTasks[0]);
    const taskActions: Array<[string, unknown, Record<string, string>?]> = [
      ['claim', undefined],
      ['claim', undefined, { 'if-match': `"${task.version + 7}"` }],
      ['unclaim', undefined],
      ['complete', {}],
      ['complete', {}, { 'if-match': `"${task.version + 7}"` }],
      ['transfer', { toUsername: 'yk02' }],
      ['return', { target: 'previous', opinion: '退回' }],
    ];
    // df01 (抄表员, 江北河口供电所) holds wf:task:handle but neither takes part in nor monitors the instance.
    for (const [action, payload, headers] of taskActions) {
      const res = await call('df01', 'POST', `/tasks/${task.id}/${action}`, payload, headers);
      expect(res.statusCode, `df01 ${action}: ${res.body}`).toBe(404);
      expect(res.json().error.code).toBe('WB_ERR_NOT_FOUND');
    }
    expect((await call('df01', 'GET', `/tasks/${task.id}`)).statusCode).toBe(404);
    const instanceActions: Array<[string, unknown]> = [
      ['withdraw', undefined],
      ['suspend', { reason: '无关' }],
      ['resume', { reason: '无关' }],
      ['terminate', { reason: '无关' }],
      ['copy', { usernames: ['kf01'] }],
    ];
    for (const [action, payload] of instanceActions) {
      expect((await call('df01', 'POST', `/instances/${instanceId}/${action}`, payload)).statusCode, `df01 ${action}`).toBe(404);
    }
    // mgr01 monitors the city: he sees the task, so the refusals now tell what applies.
    expect((await call('mgr01', 'GET', `/tasks/${task.id}`)).statusCode).toBe(200);
    expect((await call('mgr01', 'POST', `/tasks/${task.id}/claim`)).statusCode).toBe(403);
    expect((await call('mgr01', 'POST', `/tasks/${task.id}/claim`, undefined, { 'if-match': `"${task.version + 7}"` })).statusCode).toBe(412);
    expect((await call('mgr01', 'POST', `/tasks/${task.id}/unclaim`)).statusCode).toBe(409);
    expect((await call('mgr01', 'POST', `/tasks/${task.id}/complete`, {})).statusCode).toBe(428);
    expect((await call('mgr01', 'POST', `/tasks/${task.id}/complete`, {}, { 'if-match': `"${task.version}"` })).statusCode).toBe(403);
    expect((await call('mgr01', 'POST', `/tasks/${task.id}/transfer`, { toUsername: 'yk02' })).statusCode).toBe(403);
    expect((await call('mgr01', 'POST', `/tasks/${task.id}/return`, { target: 'previous', opinion: '退回' })).statusCode).toBe(403);
    expect((await call('mgr01', 'POST', `/instances/${instanceId}/suspend`, { reason: '监控' })).statusCode).toBe(403);
    expect((await call('mgr01', 'POST', `/instances/${instanceId}/terminate`, { reason: '监控' })).statusCode).toBe(403);
    expect((await call('mgr01', 'POST', `/instances/${instanceId}/withdraw`)).statusCode).toBe(409);
    // Nothing changed.
    expect(taskSchema.parse((await call('yk01', 'GET', `/tasks/${task.id}`)).json())).toMatchObject({ state: 'OPEN', version: task.version });
    expect((await call('admin', 'POST', `/instances/${instanceId}/terminate`, { reason: '测试结束' })).statusCode).toBe(200);
  });

  it('copy (抄送): whoever may read the instance copies it — participants, monitors in scope, managers; others get 404', async () => {
    const started = await call('admin', 'POST', '/instances', { ...startBody('YK-R-CC'), orgUnitCode: '334010201' });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().instanceId as string;
    // mgr01 monitors the whole city (wf_instance scope 33401): he may copy, and the copied user then reads it.
    // Copies go only to people on the business's org line (临川县 → df02, 临川城区供电所 → df03), docs/quality.md S19.
    expect((await call('df02', 'GET', `/instances/${id}`)).statusCode).toBe(404);
    const copied = await call('mgr01', 'POST', `/instances/${id}/copy`, { usernames: ['df02'], opinion: '请关注' });
    expect(copied.statusCode, copied.body).toBe(200);
    expect(copied.json()).toEqual({ copied: ['df02'] });
    expect((await call('df02', 'GET', `/instances/${id}`)).statusCode).toBe(200);
    const cc = inboxPageSchema.parse((await call('df02', 'GET', '/inbox?box=cc&q=YK-R-CC')).json());
    expect(cc.items.map((i) => i.instanceId)).toEqual([id]);
    const history = instanceDetailSchema.parse((await call('mgr01', 'GET', `/instances/${id}`)).json()).history;
    expect(history.at(-1)).toMatchObject({ action: 'COPY', actor: 'mgr01', opinion: '请关注', form: { usernames: ['df02'] } });
    // A copied user is a participant: df02 may pass it on. ld01 monitors 江北城关供电所 only: 334010201 is not his (404).
    expect((await call('df02', 'POST', `/instances/${id}/copy`, { usernames: ['df03'] })).statusCode).toBe(200);
    expect((await call('ld01', 'POST', `/instances/${id}/copy`, { usernames: ['yk02'] })).statusCode).toBe(404);
    expect((await call('yk01', 'POST', `/instances/${id}/copy`, { usernames: ['yk02'] })).statusCode).toBe(404);
    expect((await call('mgr01', 'POST', `/instances/${id}/copy`, { usernames: ['nobody'] })).statusCode).toBe(400);
    expect((await call('admin', 'POST', `/instances/${id}/terminate`, { reason: '测试结束' })).statusCode).toBe(200);
  });

  it('instance detail and diagram: participants and monitors in scope see them, others get 404', async () => {
    const id = await returnedInstance('YK-R-DETAIL');
    const detail = instanceDetailSchema.parse((await call('yk01', 'GET', `/instances/${id}`)).json());
    expect(detail.history.map((h) => h.action)).toEqual(['START', 'COMPLETE', 'CLAIM', 'RETURN']);
    expect(detail.currentNodes).toEqual(['accept']);
    expect((await call('mgr01', 'GET', `/instances/${id}`)).statusCode).toBe(200); // monitor of the city
    expect((await call('df01', 'GET', `/instances/${id}`)).statusCode).toBe(404);
    expect((await call('yk01', 'GET', '/instances/not-a-uuid')).statusCode).toBe(404);
    const diagram = instanceDiagramSchema.parse((await call('yk02', 'GET', `/instances/${id}/diagram`)).json());
    expect(diagram).toMatchObject({ processKey: 't-connection', processVersion: 1, currentNodes: ['accept'] });
    expect(diagram.doneNodes).toEqual(expect.arrayContaining(['start', 'accept']));
    expect(diagram.xml).toContain('<process id="t-connection"');
    // Deployed without DI: the service lays it out (bpmn-auto-layout, ADR 0036), so the viewer can draw it.
    expect(diagram.xml).toContain('<bpmndi:BPMNShape id="accept_di" bpmnElement="accept">');
  });

  it('suspend / resume / copy / terminate over HTTP with reasons', async () => {
    const id = await returnedInstance('YK-R-SUSPEND');
    expect((await call('yk01', 'POST', `/instances/${id}/suspend`, { reason: '' })).statusCode).toBe(400);
    const suspended = await call('yk01', 'POST', `/instances/${id}/suspend`, { reason: '客户外出' });
    expect(suspended.json()).toMatchObject({ status: 'SUSPENDED', slaState: 'PAUSED', suspendedReason: '客户外出' });
    expect((await call('yk01', 'POST', `/instances/${id}/suspend`, { reason: '客户外出' })).statusCode).toBe(409);
    expect((await call('yk01', 'POST', `/instances/${id}/resume`, { reason: '客户返回' })).json()).toMatchObject({ status: 'RUNNING' });
    expect((await call('yk01', 'POST', `/instances/${id}/copy`, { usernames: ['ld01'] })).json()).toEqual({ copied: ['ld01'] });
    const cc = inboxPageSchema.parse((await call('ld01', 'GET', '/inbox?box=cc&q=YK-R-SUSPEND')).json());
    expect(cc.items.map((i) => i.instanceId)).toEqual([id]);
    expect((await call('df01', 'POST', `/instances/${id}/terminate`, { reason: '无关' })).statusCode).toBe(404);
    expect((await call('yk01', 'POST', `/instances/${id}/terminate`, { reason: '客户撤销' })).json()).toMatchObject({ status: 'TERMINATED' });
    const audit = await t.db.query(`SELECT 1 FROM audit_log WHERE action LIKE 'workflow.instance.%'`);
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });

  it('notifications: list with unread count, mark one and all read; only one’s own', async () => {
    // ld01 (the 供电所's leader) is copied on two instances: two notices at least.
    for (const key of ['YK-R-NOTE-1', 'YK-R-NOTE-2']) {
      const started = await call('yk01', 'POST', '/instances', startBody(key));
      expect((await call('yk01', 'POST', `/instances/${started.json().instanceId}/copy`, { usernames: ['ld01'] })).statusCode).toBe(200);
    }
    const list = notificationListSchema.parse((await call('ld01', 'GET', '/notifications')).json());
    expect(list.unread).toBeGreaterThan(0);
    const first = list.items[0]!;
    expect(first.link).toMatch(/^\/inbox\?/);
    expect((await call('yk01', 'POST', `/notifications/${first.id}/read`)).statusCode).toBe(404);
    expect((await call('ld01', 'POST', `/notifications/${first.id}/read`)).statusCode).toBe(200);
    const after = notificationListSchema.parse((await call('ld01', 'GET', '/notifications')).json());
    expect(after.unread).toBe(list.unread - 1);
    expect((await call('ld01', 'POST', '/notifications/read-all')).json()).toEqual({ read: list.unread - 1 });
    expect(notificationListSchema.parse((await call('ld01', 'GET', '/notifications?unreadOnly=true')).json())).toEqual({ items: [], unread: 0 });
  });

  it('holidays: read the seeded calendar, replace a year, validated', async () => {
    const seeded = (await call('admin', 'GET', '/holidays?year=2026')).json();
    expect(seeded.items).toEqual(expect.arrayContaining([{ date: '2026-10-01', name: '国庆节', workday: false }, { date: '2026-10-10', name: '国庆节调休上班', workday: true }]));
    expect((await call('admin', 'PUT', '/holidays', { items: [{ date: '2027-02-30', name: '不存在', workday: false }] })).statusCode).toBe(400);
    const put = await call('admin', 'PUT', '/holidays', { items: [{ date: '2027-01-01', name: '元旦', workday: false }] });
    expect(put.json()).toEqual({ items: [{ date: '2027-01-01', name: '元旦', workday: false }] });
    expect((await call('admin', 'GET', '/holidays?year=2026')).json().items.length).toBe(seeded.items.length);
  });
});
