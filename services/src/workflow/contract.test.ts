/**
 * The workflow mock (`@wb/mocks` workflowHandlers, used by the 系统管理 dev harness and app tests) and the workflow
 * service answer the administration routes 系统管理 calls the same way (ADR 0026): 流程定义 (list, a version's XML,
 * deploy with the BPMN refusals a hand-written definition meets first), 节假日 (a year, replace years, 400 naming
 * the field) and 消息投递 (dead letters with the consumers' counts, retry and discard once, then 404); and (the mock
 * of the shell's inbox tests) a task completed under the one If-Match rule: absent 428, malformed 400, stale 412, then
 * 200, and 409 once done. Data differs (the mock's dataset, the service's
 * seed and a consumer made to fail here), so the scenarios compare statuses, codes, fields and shapes, never figures.
 */
import { expect, it } from 'vitest';
import type { z } from 'zod';
import { createWorkflowDataset, workflowHandlers } from '@wb/mocks';
import { WORKFLOW_SERVICE, deadLetterListSchema, deadLetterSchema, holidaySchema, outboxConsumerStatsSchema, processDefinitionSchema } from '@wb/contracts/workflow';
import { defaultServices } from '../modules.ts';
import { describeContract, injectCaller, mockCaller, type Answer, type ContractTargets } from '../testing/contract.ts';
import { createTestApp } from '../testing/harness.ts';
import { createWorkflowEngine } from './engine.ts';
import { insertEvents } from './outbox.ts';
import { BPMN_HEAD } from './testing/bpmn-xml.ts';
import { CONNECTION_XML } from './testing/fixtures.ts';

const BASE = `/api/svc/${WORKFLOW_SERVICE.name}/v${WORKFLOW_SERVICE.major}`;
/** A consumer of the service's outbox that fails until told otherwise: its deliveries die after one attempt. */
const FLAKY = 'contract.flaky';

const targets: ContractTargets = {
  // The mock acts for its dataset's user: the administrator here, as the service's caller is.
  mock: async () => mockCaller(BASE, (baseUrl) => workflowHandlers({ baseUrl, data: createWorkflowDataset({ username: 'admin' }) })),
  service: async () => {
    const engine = createWorkflowEngine();
    const t = await createTestApp('pglite', { services: defaultServices({ workflow: { engine, sweepIntervalMs: 0 } }) });
    let healthy = false;
    engine.outbox.configure({ maxAttempts: 1 });
    engine.consume(FLAKY, [FLAKY], () => {
      if (!healthy) throw new Error('下游服务不可用');
    });
    await t.db.transaction((tx) => insertEvents(tx, [{ topic: FLAKY, payload: { n: 1 } }, { topic: FLAKY, payload: { n: 2 } }], t.clock.now()));
    await engine.publishPending(t.db);
    // Dead now; a retried one is delivered.
    healthy = true;
    return { call: injectCaller(t, BASE, { admin: await t.login('admin') }), close: () => t.close() };
  },
};

const keysOf = (schema: z.ZodObject): string[] => Object.keys(schema.shape).sort();
const sortedKeys = (o: unknown): string[] => Object.keys(o as object).sort();
/** Status, code and the fields named (sorted) of an answer. */
const refusal = (a: Answer) => [a.status, a.code, [...a.fields].sort()];
const JSON_ACCEPT = { accept: 'application/json' };

describeContract('workflow administration', targets, (_target, call) => {
  it('deploys a definition as the next version; lists versions with running counts; serves a version’s XML to JSON clients', async () => {
    const xml = CONNECTION_XML.replace('<process id="t-connection"', '<process id="contract-deploy"');
    const first = await call('admin', 'POST', '/definitions', { xml });
    expect([first.status, first.body]).toEqual([201, { key: 'contract-deploy', version: 1 }]);
    expect((await call('admin', 'POST', '/definitions', { xml })).body).toEqual({ key: 'contract-deploy', version: 2 });

    const list = await call('admin', 'GET', '/definitions');
    expect([list.status, sortedKeys(list.body)]).toEqual([200, ['items']]);
    const items = list.body['items'] as Array<Record<string, unknown>>;
    for (const item of items) expect(sortedKeys(item)).toEqual(keysOf(processDefinitionSchema));
    expect(items.filter((d) => d['key'] === 'contract-deploy')).toEqual([
      expect.objectContaining({ name: '测试业扩', version: 2, running: 0, deployedBy: 'admin' }),
      expect.objectContaining({ name: '测试业扩', version: 1, running: 0, deployedBy: 'admin' }),
    ]);

    const version = await call('admin', 'GET', '/definitions/contract-deploy/2/xml', undefined, JSON_ACCEPT);
    expect([version.status, version.body]).toEqual([200, { key: 'contract-deploy', version: 2, xml }]);
    expect(refusal(await call('admin', 'GET', '/definitions/contract-deploy/9/xml', undefined, JSON_ACCEPT))).toEqual([404, 'WB_ERR_NOT_FOUND', []]);
    expect(refusal(await call('admin', 'GET', '/definitions/contract-deploy/v2/xml', undefined, JSON_ACCEPT))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['version']]);
  });

  it('refuses a definition with 400 on `xml`, in the service’s words for what a hand-written one meets first', async () => {
    const refused = async (xml: unknown): Promise<string> => {
      const answer = await call('admin', 'POST', '/definitions', { xml });
      expect(refusal(answer), String(xml)).toEqual([400, 'WB_ERR_BAD_REQUEST', ['xml']]);
      return String((answer.body['error'] as { message: string }).message);
    };
    await refused('');
    await refused(42);
    const wrap = (body: string) => `${BPMN_HEAD}<process id="p" name="测试">${body}</process></definitions>`;
    const flow = '<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="t"/><sequenceFlow id="f2" sourceRef="t" targetRef="e"/><endEvent id="e"/>';
    expect(await refused('<parallelGateway id="pg"/>')).toBe('流程定义不是有效的 BPMN XML：failed to parse document as <bpmn:Definitions>');
    expect(await refused(CONNECTION_XML.replace('<exclusiveGateway id="gw" name="勘查结论" default="f6" />', '<inclusiveGateway id="gw" name="勘查结论" />'))).toBe('不支持的流程元素：inclusiveGateway（id=gw）');
    expect(await refused(`${BPMN_HEAD}</definitions>`)).toBe('流程定义中没有 process');
    expect(await refused(wrap(`${flow}<userTask id="t" name="受理"/>`))).toBe('环节「受理」（id=t）缺少办理人（wb:assignee）');
    expect(await refused(wrap(`${flow}<serviceTask id="t" name="归档"/>`))).toBe('环节「归档」（id=t）缺少或写错了命令（wb:command，示例：connection.archive）');
    expect(await refused(wrap(`${flow}<userTask id="t" name="受理" wb:assignee="user:yk01"/><sequenceFlow id="f3" sourceRef="t" targetRef="nowhere"/>`))).toBe('连线（id=f3）缺少起点或终点');
    expect(await refused(wrap('<endEvent id="e"/>'))).toBe('流程缺少开始事件');
  });

  it('reads a year’s holidays and replaces the years a save names; 400 naming the field', async () => {
    const year = await call('admin', 'GET', '/holidays?year=2026');
    expect([year.status, sortedKeys(year.body)]).toEqual([200, ['items']]);
    const items = year.body['items'] as Array<Record<string, unknown>>;
    for (const item of items) expect(sortedKeys(item)).toEqual(keysOf(holidaySchema));
    expect(items).toContainEqual({ date: '2026-10-01', name: '国庆节', workday: false });
    expect(items.every((h) => String(h['date']).startsWith('2026-'))).toBe(true);
    expect(refusal(await call('admin', 'GET', '/holidays?year=1999'))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['year']]);
    expect(refusal(await call('admin', 'GET', '/holidays?yr=2026'))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['yr']]);

    const put = (body: unknown) => call('admin', 'PUT', '/holidays', body);
    const newYear = { date: '2031-01-01', name: '元旦', workday: false };
    expect(refusal(await put({ years: [2031] }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['items']]);
    expect(refusal(await put({ items: [{ date: '2031-02-30', name: '不存在', workday: false }] }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['items']]);
    expect(refusal(await put({ items: [newYear, newYear] }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['items']]);
    expect(refusal(await put({ items: [{ ...newYear, name: '元'.repeat(33) }] }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['items.0.name']]);
    expect(refusal(await put({ years: [1999], items: [] }))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['years.0']]);
    const makeUp = { date: '2031-01-04', name: '元旦调休上班', workday: true };
    expect(await put({ years: [2031], items: [makeUp, newYear] })).toMatchObject({ status: 200, body: { items: [newYear, makeUp] } });
    expect((await call('admin', 'GET', '/holidays?year=2031')).body).toEqual({ items: [newYear, makeUp] });
    expect((await put({ years: [2031], items: [] })).body).toEqual({ items: [] });
    expect((await call('admin', 'GET', '/holidays?year=2031')).body).toEqual({ items: [] });
    expect((await call('admin', 'GET', '/holidays?year=2026')).body['items']).toEqual(items);
  });

  it('lists dead letters with every consumer’s counts; retries and discards each once, then 404', async () => {
    const list = await call('admin', 'GET', '/outbox/dead-letters?page=1&pageSize=20');
    expect([list.status, sortedKeys(list.body)]).toEqual([200, keysOf(deadLetterListSchema)]);
    const letters = list.body['items'] as Array<Record<string, unknown>>;
    expect(letters.length).toBeGreaterThanOrEqual(2);
    for (const letter of letters) expect(sortedKeys(letter)).toEqual(keysOf(deadLetterSchema));
    expect(letters.map((l) => String(l['failedAt']))).toEqual(letters.map((l) => String(l['failedAt'])).sort().reverse());
    const consumers = list.body['consumers'] as Array<{ name: string; dead: number }>;
    for (const c of consumers) expect(sortedKeys(c)).toEqual(keysOf(outboxConsumerStatsSchema));
    expect(consumers.map((c) => c.name)).toEqual(consumers.map((c) => c.name).sort());
    expect(consumers.reduce((n, c) => n + c.dead, 0)).toBe(list.body['total']);

    const consumer = String(letters[0]!['consumer']);
    const one = await call('admin', 'GET', `/outbox/dead-letters?consumer=${encodeURIComponent(consumer)}&pageSize=1`);
    expect((one.body['items'] as unknown[]).length).toBe(1);
    expect(one.body['total']).toBe(consumers.find((c) => c.name === consumer)?.dead);
    expect(refusal(await call('admin', 'GET', '/outbox/dead-letters?pageSize=500'))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['pageSize']]);
    expect(refusal(await call('admin', 'GET', '/outbox/dead-letters?status=DEAD'))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['status']]);

    const [retried, discarded] = letters.map((l) => String(l['id']));
    for (const [action, id] of [['retry', retried], ['discard', discarded]] as const) {
      const path = `/outbox/dead-letters/${id}/${action}`;
      expect([(await call('admin', 'POST', path, {})).status, action]).toEqual([204, action]);
      expect(refusal(await call('admin', 'POST', path, {}))).toEqual([404, 'WB_ERR_NOT_FOUND', []]);
    }
    const after = await call('admin', 'GET', '/outbox/dead-letters?pageSize=100');
    const left = (after.body['items'] as Array<{ id: string }>).map((l) => l.id);
    expect([left.includes(retried!), left.includes(discarded!)]).toEqual([false, false]);
    expect(after.body['total']).toBe(Number(list.body['total']) - 2);
    expect(refusal(await call('admin', 'POST', '/outbox/dead-letters/abc/retry', {}))).toEqual([400, 'WB_ERR_BAD_REQUEST', ['id']]);
    expect(refusal(await call('admin', 'POST', '/outbox/dead-letters/999999999/discard', {}))).toEqual([404, 'WB_ERR_NOT_FOUND', []]);
  });
}, 60_000);

// ---- tasks (the shell's inbox) ----------------------------------------------------------------------------------

interface Extra {
  /** An open task the caller `yk01` may complete. */
  taskId: string;
}

const taskTargets: ContractTargets<Extra> = {
  mock: async () => ({ ...mockCaller(BASE, (baseUrl) => workflowHandlers({ baseUrl })), taskId: 't-1' }),
  service: async () => {
    const t = await createTestApp('pglite', { services: defaultServices({ workflow: { engine: createWorkflowEngine(), sweepIntervalMs: 0 } }) });
    const call = injectCaller(t, BASE, { admin: await t.login('admin'), yk01: await t.login('yk01') });
    expect((await call('admin', 'POST', '/definitions', { xml: CONNECTION_XML })).status).toBe(201);
    const started = await call('yk01', 'POST', '/instances', { processKey: 't-connection', businessKey: 'YK-C-1', businessTitle: '契约测试', orgUnitCode: '334010101', variables: { capacity: 6 } });
    const [task] = started.body['openTasks'] as Array<{ id: string }>;
    return { call, taskId: task!.id, close: () => t.close() };
  },
};

describeContract('workflow tasks', taskTargets, (target, call) => {
  it('completes a task under the one If-Match rule', async () => {
    const { taskId } = target();
    const task = await call('yk01', 'GET', `/tasks/${taskId}`);
    expect(task.status).toBe(200);
    const version = Number(task.body['version']);
    const body = { opinion: '资料齐全', form: { idNo: 'x' } };
    const path = `/tasks/${taskId}/complete`;
    const missing = await call('yk01', 'POST', path, body);
    expect([missing.status, missing.code]).toEqual([428, 'WB_ERR_PRECONDITION_REQUIRED']);
    const malformed = await call('yk01', 'POST', path, body, { 'if-match': 'v1' });
    expect([malformed.status, malformed.fields]).toEqual([400, ['if-match']]);
    const stale = await call('yk01', 'POST', path, body, { 'if-match': `"${version + 1}"` });
    expect([stale.status, stale.code]).toEqual([412, 'WB_ERR_PRECONDITION_FAILED']);
    const done = await call('yk01', 'POST', path, body, { 'if-match': `"${version}"` });
    expect(done.status).toBe(200);
    expect(Array.isArray(done.body['openTasks'])).toBe(true);
    expect((await call('yk01', 'POST', path, body, { 'if-match': `"${version}"` })).status).toBe(409);
  });
}, 60_000);
