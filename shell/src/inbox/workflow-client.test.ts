import { describe, expect, it } from 'vitest';
import { WORKFLOW_SERVICE } from '@wb/contracts/workflow';
import { WORKFLOW_BASE_URL, loadWorkflowContracts } from './workflow-client.ts';

describe('workflow client', () => {
  it('spells the gateway base of the contract’s WORKFLOW_SERVICE', () => {
    expect(WORKFLOW_BASE_URL).toBe(`/api/svc/${WORKFLOW_SERVICE.name}/v${WORKFLOW_SERVICE.major}`);
  });

  it('loads the workflow contracts on demand', async () => {
    const contracts = await loadWorkflowContracts();
    expect(contracts.notificationListSchema.parse({ items: [], unread: 0 })).toEqual({ items: [], unread: 0 });
  });
});
