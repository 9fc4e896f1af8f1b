import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { instanceDetailSchema, taskSchema, WORKFLOW_SERVICE } from '@wb/contracts/workflow';
import type { CompleteTaskRequest, InstanceDetail, StartProcessRequest, Task } from '@wb/contracts/workflow';
import { useCallback } from 'react';
import { useNavigate, useServiceClient, useWorkbench } from './context.ts';
import { useLocation } from './useLocation.ts';
import { workflowQueryKeys } from '../workflow-keys.ts';

export { workflowQueryKeys };

/**
 * Workflow hooks for micro-apps (issue 5, docs/architecture.md §9). The app must declare the workflow service in
 * its manifest (`"services": { "workflow": "^1" }`); the hooks call it through `useServiceClient('workflow')`.
 *
 * The shell's inbox opens a task at the route its node is bound to (manifest `workflows`) with `?task=<id>`;
 * `useTaskContext()` reads that id, `useTask()` loads the task and `useCompleteTask()` completes it.
 */

/** The URL query parameter the shell's inbox appends when it opens a task in an app. */
export const TASK_QUERY_PARAM = 'task';

export interface TaskContext {
  /** The task the shell opened this route for, or null when the user came another way. */
  taskId: string | null;
}

/** The task in context: `?task=<id>` of the current location (follows navigation). */
export function useTaskContext(): TaskContext {
  const { search } = useLocation();
  const value = search.get(TASK_QUERY_PARAM);
  return { taskId: value && value.trim() !== '' ? value : null };
}

/** The next step of a process for the user who took the last one: its route in this app and its task. */
export interface NextTaskStep {
  /** Below the app's base path, e.g. `/applications/YK…/contract`. */
  path: string;
  taskId: string;
}

/**
 * Where a page goes once its user has taken the step of a task (ADR 0115): to the next step when the same user
 * handles it too (its route, with `?task=` of its task, as the inbox would open it), else to the shell's inbox
 * (我的待办, beside `/app/<id>` on the channel's entry: `/inbox`, `/m/inbox`), never left on the link of a task
 * that is done. The entry is replaced: back does not return to the finished step. `notice` (e.g. 「回单」已提交) goes
 * with the way to the inbox, for the shell to show: the app's own message goes with the app when it unmounts.
 */
export function useAfterTaskStep(): (next: NextTaskStep | null, notice?: string) => void {
  const { basePath, navigate: shellNavigate } = useWorkbench();
  const navigate = useNavigate();
  return useCallback(
    (next, notice) => {
      if (next) {
        navigate(`${basePath}${next.path}?${TASK_QUERY_PARAM}=${encodeURIComponent(next.taskId)}`, { replace: true });
        return;
      }
      shellNavigate(`${basePath.replace(/\/app\/[^/]+$/, '')}/inbox`, { replace: true, ...(notice ? { notice } : {}) });
    },
    [basePath, navigate, shellNavigate],
  );
}

function useWorkflowClient() {
  return useServiceClient(WORKFLOW_SERVICE.name);
}

/** `GET /tasks/:id`; disabled while `taskId` is null (no task in context). */
export function useTask(taskId: string | null | undefined): UseQueryResult<Task> {
  const client = useWorkflowClient();
  return useQuery({
    queryKey: workflowQueryKeys.task(taskId ?? ''),
    queryFn: ({ signal }) => client.get(`/tasks/${encodeURIComponent(taskId ?? '')}`, { schema: taskSchema, signal }),
    enabled: !!taskId,
  });
}

/** `GET /instances/:id`: header, variables, open tasks, history and the done/current nodes of the diagram. */
export function useInstance(instanceId: string | null | undefined): UseQueryResult<InstanceDetail> {
  const client = useWorkflowClient();
  return useQuery({
    queryKey: workflowQueryKeys.instance(instanceId ?? ''),
    queryFn: ({ signal }) =>
      client.get(`/instances/${encodeURIComponent(instanceId ?? '')}`, { schema: instanceDetailSchema, signal }),
    enabled: !!instanceId,
  });
}

export interface CompleteTaskVariables extends CompleteTaskRequest {
  /** The task as loaded: its id and the version sent as `If-Match` (a stale version is refused with 412). */
  task: Pick<Task, 'id' | 'version' | 'instanceId'>;
}

/**
 * `POST /tasks/:id/complete` with `If-Match: <task.version>`. On success the task, its instance and the
 * inbox queries are invalidated. Refusals come back as `ResponseError` (409 already handled, 412 stale…)
 * whose `message` is the server's Chinese text.
 */
export function useCompleteTask(): UseMutationResult<unknown, Error, CompleteTaskVariables> {
  const client = useWorkflowClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ task, ...body }: CompleteTaskVariables) =>
      client.post<unknown>(`/tasks/${encodeURIComponent(task.id)}/complete`, body, { ifMatch: task.version }),
    onSettled: async (_data, _error, { task }) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: workflowQueryKeys.task(task.id) }),
        queryClient.invalidateQueries({ queryKey: workflowQueryKeys.instance(task.instanceId) }),
        queryClient.invalidateQueries({ queryKey: workflowQueryKeys.inbox }),
      ]);
    },
  });
}

export interface StartProcessVariables extends StartProcessRequest {
  /**
   * Sent as `Idempotency-Key`. Pass the same key when retrying one start (e.g. after a timeout) so that it
   * has one effect; a fresh random key is used when omitted.
   */
  idempotencyKey?: string;
}

/** What `POST /instances` answers: the new instance and its first open tasks. */
export interface StartedProcess {
  instanceId: string;
  openTasks?: Task[];
}

function isStartedProcess(value: unknown): value is StartedProcess {
  return typeof value === 'object' && value !== null && typeof (value as { instanceId?: unknown }).instanceId === 'string';
}

/** `POST /instances` with an `Idempotency-Key`; invalidates the inbox queries. */
export function useStartProcess(): UseMutationResult<StartedProcess, Error, StartProcessVariables> {
  const client = useWorkflowClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey, ...body }: StartProcessVariables) =>
      client.post('/instances', body, {
        idempotencyKey: idempotencyKey ?? crypto.randomUUID(),
        schema: {
          parse(value: unknown): StartedProcess {
            if (!isStartedProcess(value)) throw new Error('POST /instances: no instanceId in the answer');
            return value;
          },
        },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: workflowQueryKeys.inbox });
    },
  });
}
