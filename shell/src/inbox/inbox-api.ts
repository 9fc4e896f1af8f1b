import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { inboxPageSchema, instanceDetailSchema, instanceDiagramSchema, taskSchema } from '@wb/contracts/workflow';
import type { InboxPage, InstanceDetail, Task } from '@wb/contracts/workflow';
import { useMemo } from 'react';
import { workflowQueryKeys } from '@wb/sdk';
import { createWorkflowClient } from './workflow-client.ts';
import { inboxQuery, type InboxFilters } from './inbox-url.ts';

/**
 * Query keys of the inbox: the SDK's workflow key space (ADR 0027), so the inbox and the apps' workflow hooks
 * name the same data alike (the shell's own QueryClient; micro-apps have theirs).
 */
export const inboxKeys = {
  all: workflowQueryKeys.all,
  list: (filters: InboxFilters) => workflowQueryKeys.inboxPage(filters),
  task: workflowQueryKeys.task,
  instance: workflowQueryKeys.instance,
};

export function useWorkflowClient() {
  return useMemo(() => createWorkflowClient(), []);
}

export function useInboxPage(filters: InboxFilters) {
  const client = useWorkflowClient();
  return useQuery<InboxPage>({
    queryKey: inboxKeys.list(filters),
    queryFn: ({ signal }) => client.get('/inbox', { query: inboxQuery(filters), schema: inboxPageSchema, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useTaskDetail(taskId: string | null) {
  const client = useWorkflowClient();
  return useQuery<Task>({
    queryKey: inboxKeys.task(taskId ?? ''),
    queryFn: ({ signal }) => client.get(`/tasks/${encodeURIComponent(taskId ?? '')}`, { schema: taskSchema, signal }),
    enabled: !!taskId,
  });
}

export function useInstanceDetail(instanceId: string | null) {
  const client = useWorkflowClient();
  return useQuery<InstanceDetail>({
    queryKey: inboxKeys.instance(instanceId ?? ''),
    queryFn: ({ signal }) => client.get(`/instances/${encodeURIComponent(instanceId ?? '')}`, { schema: instanceDetailSchema, signal }),
    enabled: !!instanceId,
  });
}

/** A workflow action (`POST <path>` with an optional `If-Match`); refreshes every inbox query when it settles. */
export function useWorkflowAction() {
  const client = useWorkflowClient();
  const queryClient = useQueryClient();
  return useMutation<unknown, Error, { path: string; body?: unknown; ifMatch?: number }>({
    mutationFn: ({ path, body, ifMatch }) => client.post(path, body ?? {}, ifMatch === undefined ? {} : { ifMatch }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: inboxKeys.all }),
  });
}

/** The BPMN XML of an instance's definition version (`GET /instances/:id/diagram`). */
export async function fetchDiagramXml(instanceId: string, signal?: AbortSignal): Promise<string> {
  const diagram = await createWorkflowClient().get(`/instances/${encodeURIComponent(instanceId)}/diagram`, {
    schema: instanceDiagramSchema,
    ...(signal ? { signal } : {}),
  });
  return diagram.xml;
}

/** The Chinese message of a refusal (the server's text; ResponseError carries it). */
export function errorText(error: unknown, fallback = '操作失败，请稍后重试'): string {
  return error instanceof Error && error.message ? error.message : fallback;
}
