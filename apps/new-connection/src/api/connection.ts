import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applicationDetailSchema, applicationListSchema, boardSchema, capacityOptionListSchema, CONNECTION_SERVICE, type ApplicationListQuery, type CreateApplicationRequest } from '@wb/contracts/connection';
import { useServiceClient } from '@wb/sdk/react';

export const connectionKeys = {
  all: ['connection'] as const,
  list: (query: ApplicationListQuery) => ['connection', 'list', query] as const,
  detail: (appNo: string) => ['connection', 'detail', appNo] as const,
  board: ['connection', 'board'] as const,
  tgs: (orgUnitCode: string) => ['connection', 'tgs', orgUnitCode] as const,
  lines: ['connection', 'lines'] as const,
};

const useClient = () => useServiceClient(CONNECTION_SERVICE.name);

export function useApplications(query: ApplicationListQuery) {
  const client = useClient();
  return useQuery({
    queryKey: connectionKeys.list(query),
    queryFn: ({ signal }) =>
      client.get('/applications', { query: query as Record<string, string | number | undefined>, schema: applicationListSchema, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useApplication(appNo: string) {
  const client = useClient();
  return useQuery({
    queryKey: connectionKeys.detail(appNo),
    queryFn: ({ signal }) => client.get(`/applications/${appNo}`, { schema: applicationDetailSchema, signal }),
  });
}

export function useBoard() {
  const client = useClient();
  return useQuery({ queryKey: connectionKeys.board, queryFn: ({ signal }) => client.get('/board', { schema: boardSchema, signal }) });
}

export function useTgs(orgUnitCode: string | null) {
  const client = useClient();
  return useQuery({
    queryKey: connectionKeys.tgs(orgUnitCode ?? ''),
    queryFn: ({ signal }) => client.get('/tgs', { query: { orgUnitCode: orgUnitCode ?? '' }, schema: capacityOptionListSchema, signal }),
    enabled: !!orgUnitCode,
  });
}

export function useLines(enabled: boolean) {
  const client = useClient();
  return useQuery({
    queryKey: connectionKeys.lines,
    queryFn: ({ signal }) => client.get('/lines', { schema: capacityOptionListSchema, signal }),
    enabled,
  });
}

/** 受理登记; one Idempotency-Key per form fill, so a retried submit registers one application. */
export function useCreateApplication() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateApplicationRequest; idempotencyKey: string }) =>
      client.post('/applications', body, { schema: applicationDetailSchema, idempotencyKey }),
    onSuccess: (detail) => {
      queryClient.setQueryData(connectionKeys.detail(detail.appNo), detail);
      void queryClient.invalidateQueries({ queryKey: ['connection', 'list'] });
    },
  });
}

/** Any operation on one application (`survey:complete`, `return`, `suspend`, …) with the version it saw. */
export function useApplicationAction(appNo: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body, version }: { action: string; body: unknown; version: number }) =>
      client.post(`/applications/${appNo}/${action}`, body, { schema: applicationDetailSchema, ifMatch: version }),
    onSuccess: (detail) => {
      queryClient.setQueryData(connectionKeys.detail(appNo), detail);
      void queryClient.invalidateQueries({ queryKey: ['connection', 'list'] });
      void queryClient.invalidateQueries({ queryKey: connectionKeys.board });
    },
  });
}
