/**
 * The workflow mock (`@wb/mocks` workflowHandlers, used by the shell's inbox tests) and the workflow service
 * complete a task under the same If-Match rule (ADR 0026): absent 428, malformed 400, stale 412, then 200, and
 * 409 once done.
 */
import { expect, it } from 'vitest';
import { workflowHandlers } from '@wb/mocks';
import { WORKFLOW_SERVICE } from '@wb/contracts/workflow';
import { defaultServices } from './modules.ts';
import { describeContract, injectCaller, mockCaller, type ContractTargets } from './testing/contract.ts';
import { createTestApp } from './testing/harness.ts';
import { createWorkflowEngine } from './workflow/index.ts';
import { CONNECTION_XML } from './workflow/testing/fixtures.ts';

const BASE = `/api/svc/${WORKFLOW_SERVICE.name}/v${WORKFLOW_SERVICE.major}`;

interface Extra {
  /** An open task the caller `yk01` may complete. */
  taskId: string;
}

const targets: ContractTargets<Extra> = {
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

describeContract('workflow', targets, (target, call) => {
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
