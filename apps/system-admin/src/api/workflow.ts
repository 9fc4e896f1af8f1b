import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deadLetterListSchema, holidaySchema, processDefinitionSchema } from '@wb/contracts/workflow';
import type { DeadLetterList, Holiday, ProcessDefinition } from '@wb/contracts/workflow';
import { useServiceClient } from '@wb/sdk/react';

/** Process definitions and the working-day calendar of the workflow service (流程定义, wf:process:manage). */
export const workflowKeys = {
  definitions: ['workflow', 'definitions'] as const,
  xml: (key: string, version: number) => ['workflow', 'definitions', key, version, 'xml'] as const,
  holidays: (year: number) => ['workflow', 'holidays', year] as const,
  deadLetters: ['workflow', 'outbox', 'dead-letters'] as const,
};

const definitionListSchema = { parse: (v: unknown) => ({ items: processDefinitionSchema.array().parse((v as { items?: unknown })?.items) }) };
const holidayListSchema = { parse: (v: unknown) => ({ items: holidaySchema.array().parse((v as { items?: unknown })?.items) }) };
/** The XML endpoint answers `{ key, version, xml }` to JSON clients. */
const xmlBody = {
  parse: (v: unknown) => {
    const xml = (v as { xml?: unknown } | null)?.xml;
    if (typeof xml !== 'string') throw new Error('no xml');
    return xml;
  },
};

export function useDefinitions() {
  const client = useServiceClient('workflow');
  return useQuery<{ items: ProcessDefinition[] }>({
    queryKey: workflowKeys.definitions,
    queryFn: ({ signal }) => client.get('/definitions', { schema: definitionListSchema, signal }),
  });
}

export function useDefinitionXml(target: { key: string; version: number } | null) {
  const client = useServiceClient('workflow');
  return useQuery<string>({
    queryKey: workflowKeys.xml(target?.key ?? '', target?.version ?? 0),
    enabled: target !== null,
    queryFn: ({ signal }) => client.get(`/definitions/${encodeURIComponent(target?.key ?? '')}/${target?.version ?? 0}/xml`, { schema: xmlBody, signal }),
  });
}

export function useDeploy() {
  const client = useServiceClient('workflow');
  const queryClient = useQueryClient();
  return useMutation<{ key: string; version: number }, Error, string>({
    mutationFn: (xml) => client.post('/definitions', { xml }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: workflowKeys.definitions }),
  });
}

export function useHolidays(year: number) {
  const client = useServiceClient('workflow');
  return useQuery<{ items: Holiday[] }>({
    queryKey: workflowKeys.holidays(year),
    queryFn: ({ signal }) => client.get(`/holidays?year=${year}`, { schema: holidayListSchema, signal }),
  });
}

export function useSaveHolidays(year: number) {
  const client = useServiceClient('workflow');
  const queryClient = useQueryClient();
  return useMutation<{ items: Holiday[] }, Error, Holiday[]>({
    mutationFn: (items) => client.put('/holidays', { years: [year], items }),
    onSuccess: (data) => queryClient.setQueryData(workflowKeys.holidays(year), data),
  });
}

/** Dead letters of the outbox (消息投递, ADR 0024): a page, optionally of one consumer, with every consumer's counts. */
export function useDeadLetters(query: { consumer?: string | undefined; page: number }) {
  const client = useServiceClient('workflow');
  return useQuery<DeadLetterList>({
    queryKey: [...workflowKeys.deadLetters, query],
    queryFn: ({ signal }) =>
      client.get('/outbox/dead-letters', { query: { page: query.page, pageSize: 20, ...(query.consumer ? { consumer: query.consumer } : {}) }, schema: deadLetterListSchema, signal }),
  });
}

/** 重试 or 丢弃 one dead letter; the list is read again afterwards. */
export function useDeadLetterAction() {
  const client = useServiceClient('workflow');
  const queryClient = useQueryClient();
  return useMutation<unknown, Error, { id: string; action: 'retry' | 'discard' }>({
    mutationFn: ({ id, action }) => client.post(`/outbox/dead-letters/${encodeURIComponent(id)}/${action}`, {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: workflowKeys.deadLetters }),
  });
}
