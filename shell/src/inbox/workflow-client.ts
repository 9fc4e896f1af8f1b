import { createServiceClient, type ServiceClient } from '@wb/sdk';
import type * as WorkflowContracts from '@wb/contracts/workflow';
import { WF_PROCESS_MANAGE, WF_TASK_HANDLE } from '@wb/contracts';

/**
 * Gateway base of the workflow service (docs/architecture.md §8: `/api/svc/<name>/v<major>`; WORKFLOW_SERVICE of the
 * contract — a test keeps them equal). Spelled out here so that the shell's first paint does not load the
 * workflow contracts (docs/quality.md P3): the header's badge and bell load them with their first request.
 */
export const WORKFLOW_BASE_URL = '/api/svc/workflow/v1';

/** The workflow contracts, loaded on first use (a separate shared module, cached by the browser). */
export function loadWorkflowContracts(): Promise<typeof WorkflowContracts> {
  return import('@wb/contracts/workflow');
}

/** The permission that opens the inbox, the bell and the 我的待办 menu entry (the server decides every call). */
export const TASK_HANDLE_PERMISSION = WF_TASK_HANDLE;
/** Terminating any instance (终止). */
export const PROCESS_MANAGE_PERMISSION = WF_PROCESS_MANAGE;

/** The shell's own client of the workflow service (the shell is not a micro-app: no x-workbench-app). */
export function createWorkflowClient(): ServiceClient {
  return createServiceClient(WORKFLOW_BASE_URL);
}
